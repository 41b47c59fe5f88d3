-- Lines placed before the column existed: the only zero rate SID had was exemption.
ALTER TABLE "order_lines" ADD COLUMN "vat_mode" "vat_mode";--> statement-breakpoint
UPDATE "order_lines" SET "vat_mode" = CASE WHEN "vat_basis_points" = 0 THEN 'exempt'::"vat_mode" ELSE 'standard'::"vat_mode" END;--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "vat_mode" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "dealers" ADD COLUMN "contract_number" text;--> statement-breakpoint
ALTER TABLE "dealers" ADD COLUMN "contract_date" date;
