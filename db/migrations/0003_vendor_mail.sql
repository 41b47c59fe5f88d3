CREATE TYPE "public"."inbound_mail_status" AS ENUM('matched', 'no_keys', 'staff', 'duplicate');--> statement-breakpoint
CREATE TABLE "inbound_mail" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox" text NOT NULL,
	"sha256" text NOT NULL,
	"message_id" text,
	"from_address" text,
	"subject" text NOT NULL,
	"sent_at" timestamp with time zone,
	"kind" text NOT NULL,
	"status" "inbound_mail_status" NOT NULL,
	"reason" text,
	"order_id" uuid,
	"vendor_id" integer,
	"key_count" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"blob_key" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_mail" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"message_id" text NOT NULL,
	"status" text NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "license_keys" ADD COLUMN "file_encrypted" text;--> statement-breakpoint
ALTER TABLE "license_keys" ADD COLUMN "inbound_mail_id" uuid;--> statement-breakpoint
ALTER TABLE "vendor_orders" ADD COLUMN "requests_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_mail_sha256_unique" ON "inbound_mail" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "inbound_mail_message_id_idx" ON "inbound_mail" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "inbound_mail_order_idx" ON "inbound_mail" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_mail_kind_reference_unique" ON "outgoing_mail" USING btree ("kind","reference");--> statement-breakpoint
ALTER TABLE "license_keys" ADD CONSTRAINT "license_keys_inbound_mail_id_inbound_mail_id_fk" FOREIGN KEY ("inbound_mail_id") REFERENCES "public"."inbound_mail"("id") ON DELETE no action ON UPDATE no action;