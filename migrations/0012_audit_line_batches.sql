CREATE TABLE "audit_line_batches" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"first_at" timestamp (3) with time zone NOT NULL,
	"last_at" timestamp (3) with time zone NOT NULL,
	"org_ids" uuid[] NOT NULL,
	"count" integer NOT NULL,
	"lines" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_line_batches_time" ON "audit_line_batches" USING btree ("last_at","first_at");