ALTER TYPE "public"."document_kind" ADD VALUE 'upd';--> statement-breakpoint
ALTER TYPE "public"."document_kind" ADD VALUE 'upd_xml';