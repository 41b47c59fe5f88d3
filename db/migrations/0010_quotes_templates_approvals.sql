ALTER TYPE "public"."order_status" ADD VALUE 'awaiting_approval' BEFORE 'awaiting_payment';--> statement-breakpoint
CREATE TABLE "order_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dealer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"lines" jsonb NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dealer_id" uuid NOT NULL,
	"number" text NOT NULL,
	"created_by_user_id" uuid,
	"customer_name" text NOT NULL,
	"customer_inn" text,
	"markup_basis_points" integer DEFAULT 0 NOT NULL,
	"valid_until" date NOT NULL,
	"lines" jsonb NOT NULL,
	"end_user" jsonb,
	"net_kopecks" bigint NOT NULL,
	"vat_kopecks" bigint NOT NULL,
	"gross_kopecks" bigint NOT NULL,
	"usd_rate" numeric(14, 4) NOT NULL,
	"usd_rate_date" date NOT NULL,
	"order_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dealers" ADD COLUMN "order_approval_threshold_kopecks" bigint;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "approved_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "order_templates" ADD CONSTRAINT "order_templates_dealer_id_dealers_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."dealers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_templates" ADD CONSTRAINT "order_templates_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_dealer_id_dealers_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."dealers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_templates_dealer_name_unique" ON "order_templates" USING btree ("dealer_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_dealer_number_unique" ON "quotes" USING btree ("dealer_id","number");--> statement-breakpoint
CREATE INDEX "quotes_dealer_created_idx" ON "quotes" USING btree ("dealer_id","created_at");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;