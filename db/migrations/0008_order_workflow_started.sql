ALTER TABLE "orders" ADD COLUMN "workflow_started_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "orders_not_started_idx" ON "orders" USING btree ("created_at") WHERE "orders"."workflow_started_at" is null;--> statement-breakpoint
-- Orders placed before this column existed all had their workflow started at submit.
UPDATE "orders" SET "workflow_started_at" = "created_at";
