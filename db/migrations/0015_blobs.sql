CREATE TABLE "blobs" (
	"key" text PRIMARY KEY NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"size_bytes" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Ciphertext does not compress: kept out of line uncompressed, substring() reads only the slice it asks for.
ALTER TABLE "blobs" ALTER COLUMN "ciphertext" SET STORAGE EXTERNAL;
