CREATE TABLE "deprecated_calls" (
	"notice_id" uuid NOT NULL,
	"route_id" text NOT NULL,
	"env" text NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"calls" bigint DEFAULT 0 NOT NULL,
	"calls_after_sunset" bigint DEFAULT 0 NOT NULL,
	"first_call_at" timestamp with time zone NOT NULL,
	"last_call_at" timestamp with time zone NOT NULL,
	CONSTRAINT "deprecated_calls_notice_id_route_id_env_vendor_org_id_pk" PRIMARY KEY("notice_id","route_id","env","vendor_org_id")
);
--> statement-breakpoint
ALTER TABLE "deprecated_calls" ADD CONSTRAINT "deprecated_calls_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deprecated_calls" ADD CONSTRAINT "deprecated_calls_vendor_org_id_organisations_id_fk" FOREIGN KEY ("vendor_org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deprecated_calls_vendor" ON "deprecated_calls" USING btree ("vendor_org_id","last_call_at");