ALTER TABLE "products" ADD COLUMN "name_search" "tsvector" GENERATED ALWAYS AS (to_tsvector('russian'::regconfig, name)) STORED;--> statement-breakpoint
CREATE INDEX "products_name_search_idx" ON "products" USING gin ("name_search");--> statement-breakpoint
-- normalizePartNumber (src/domain/part-number.ts) now also applies NFKC and removes every dash,
-- minus sign and space Word and Excel paste; renormalise the PartNumbers that hold any of them.
UPDATE "products" SET "part_number_normalized" = regexp_replace(upper(normalize("part_number", NFKC)), '[\s\u00a0\u00ad\u1680\u2000-\u200d\u2010-\u2015\u2028\u2029\u202f\u205f\u2060\u2212\u2e3a\u2e3b\u3000\ufe58\ufe63\ufeff\uff0d._/-]+', '', 'g') WHERE "part_number" ~ '[^\x01-\x7f]';
