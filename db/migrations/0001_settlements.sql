CREATE TYPE "public"."invoice_purpose" AS ENUM('prepay', 'postpay', 'monthly');--> statement-breakpoint
CREATE TABLE "onec_clients" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secret_encrypted" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "onec_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_type" text NOT NULL,
	"document_id" uuid NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "onec_seen_nonces" (
	"client_id" text NOT NULL,
	"nonce" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "statement_month" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "purpose" "invoice_purpose" NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "term_banking_days" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "workflow_id" text NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "statement_month" text;--> statement-breakpoint
CREATE UNIQUE INDEX "onec_outbox_document_unique" ON "onec_outbox" USING btree ("document_type","document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "onec_seen_nonces_unique" ON "onec_seen_nonces" USING btree ("client_id","nonce");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_workflow_unique" ON "invoices" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_dealer_month_unique" ON "invoices" USING btree ("dealer_id","statement_month");--> statement-breakpoint
ALTER TABLE "invoices" DROP COLUMN "kind";