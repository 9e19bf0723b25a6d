CREATE TABLE "polling_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"env" text NOT NULL,
	"product" text NOT NULL,
	"route" text NOT NULL,
	"event_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"sample_path" text NOT NULL,
	"resources" integer DEFAULT 0 NOT NULL,
	"reads" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"interval_ms" integer NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"level_since" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_level" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_at" timestamp with time zone,
	"throttle" text,
	"decided_by" uuid,
	"decision_note" text,
	CONSTRAINT "polling_findings_level" CHECK ("polling_findings"."level" between 1 and 4),
	CONSTRAINT "polling_findings_status" CHECK ("polling_findings"."status" in ('open', 'resolved', 'dismissed'))
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"day" date NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"env" text NOT NULL,
	"product" text NOT NULL,
	"route" text NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"polling" integer DEFAULT 0 NOT NULL,
	"rate_limited" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_daily_day_vendor_org_id_env_product_route_pk" PRIMARY KEY("day","vendor_org_id","env","product","route")
);
--> statement-breakpoint
ALTER TABLE "polling_findings" ADD CONSTRAINT "polling_findings_vendor_org_id_organisations_id_fk" FOREIGN KEY ("vendor_org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polling_findings" ADD CONSTRAINT "polling_findings_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_vendor_org_id_organisations_id_fk" FOREIGN KEY ("vendor_org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "polling_findings_open" ON "polling_findings" USING btree ("vendor_org_id","env","route") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "polling_findings_vendor" ON "polling_findings" USING btree ("vendor_org_id","last_seen_at");--> statement-breakpoint
CREATE INDEX "usage_daily_vendor" ON "usage_daily" USING btree ("vendor_org_id","day");