-- The order page's timeline, projected by the order workflow's activities (src/usecases/orders/order-status.usecases.ts):
-- the page reads it with the order's row instead of querying the workflow on every view.
ALTER TABLE "orders" ADD COLUMN "progress" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "progress_version" integer;
