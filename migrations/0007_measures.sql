CREATE TABLE "measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid,
	"vendor_org_id" uuid,
	"product" text,
	"route_id" text,
	"app_org" text,
	"app_name" text,
	"service_id" uuid,
	"environment" text DEFAULT 'both' NOT NULL,
	"rate_requests" integer,
	"rate_per_seconds" integer,
	"reason" text NOT NULL,
	"incident_id" uuid,
	"deviation_case_id" uuid,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"applied_by" uuid,
	"applied_by_name" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" uuid,
	"lifted_by_name" text,
	"lift_reason" text,
	CONSTRAINT "measures_kind" CHECK ("measures"."kind" in ('throttle', 'suspend', 'disconnect', 'block-route', 'stop-app')),
	CONSTRAINT "measures_environment" CHECK ("measures"."environment" in ('test', 'production', 'both'))
);
--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_vendor_org_id_organisations_id_fk" FOREIGN KEY ("vendor_org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_deviation_case_id_deviation_cases_id_fk" FOREIGN KEY ("deviation_case_id") REFERENCES "public"."deviation_cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_lifted_by_users_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "measures_active" ON "measures" USING btree ("lifted_at","ends_at");--> statement-breakpoint
CREATE INDEX "measures_org" ON "measures" USING btree ("org_id","applied_at");