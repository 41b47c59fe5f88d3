-- Catalog search indexes. pg_trgm ships with PostgreSQL (contrib) and PGlite (loaded by scripts/start.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DROP INDEX "products_part_number_normalized_idx";--> statement-breakpoint
CREATE INDEX "products_part_number_prefix_idx" ON "products" USING btree ("part_number_normalized" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "products_name_trgm_idx" ON "products" USING gin ("name" gin_trgm_ops);