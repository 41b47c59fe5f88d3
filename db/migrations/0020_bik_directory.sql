CREATE TABLE "bik_directory" (
	"bik" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"correspondent_account" text,
	"directory_date" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
