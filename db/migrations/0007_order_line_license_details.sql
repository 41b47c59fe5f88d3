ALTER TABLE "order_lines" ADD COLUMN "license_type" text DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "previous_license_number" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "base_part_number" text;