ALTER TABLE "dealers" ADD COLUMN "contract_number" text;--> statement-breakpoint
ALTER TABLE "dealers" ADD COLUMN "contract_date" date;