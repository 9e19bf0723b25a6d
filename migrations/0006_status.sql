CREATE TABLE "component_signals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"component_id" text NOT NULL,
	"source" text NOT NULL,
	"source_ref" text DEFAULT '' NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"note" text,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "component_states" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"component_id" text NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"causes" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_results" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitor_id" uuid NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "monitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid,
	"component_id" text,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"method" text DEFAULT 'GET' NOT NULL,
	"expected_status" text DEFAULT '200-299' NOT NULL,
	"keyword" text,
	"timeout_ms" integer DEFAULT 10000 NOT NULL,
	"interval_seconds" integer DEFAULT 60 NOT NULL,
	"failure_threshold" integer DEFAULT 3 NOT NULL,
	"recovery_threshold" integer DEFAULT 1 NOT NULL,
	"down_state" text DEFAULT 'major_outage' NOT NULL,
	"degraded_latency_ms" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'unknown' NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"consecutive_successes" integer DEFAULT 0 NOT NULL,
	"status_since" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	"last_latency_ms" integer,
	"last_error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"location" text,
	"url" text,
	"cancelled" boolean DEFAULT false NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"body_en" text,
	"author_id" uuid
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"notice_class" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"title_en" text,
	"body_en" text,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"components" text[] DEFAULT '{}'::text[] NOT NULL,
	"apis" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"impact" text DEFAULT 'under_maintenance' NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"incident_id" uuid,
	"check" jsonb NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"override_reason" text,
	"deviation_id" uuid,
	"org_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notices_ref_unique" UNIQUE("ref")
);
--> statement-breakpoint
CREATE TABLE "status_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"title_en" text,
	"body_en" text,
	"components" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" text,
	"roadmap_state" text,
	"target" text,
	"published_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "status_snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"data" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance_reminders" (
	"notice_id" uuid NOT NULL,
	"offset_minutes" bigint NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text DEFAULT 'email' NOT NULL,
	"address" text NOT NULL,
	"components" text[] DEFAULT '{}'::text[] NOT NULL,
	"lang" text DEFAULT 'nb' NOT NULL,
	"token_hash" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "headers" jsonb;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "impact" text;--> statement-breakpoint
ALTER TABLE "component_signals" ADD CONSTRAINT "component_signals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_results" ADD CONSTRAINT "monitor_results_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_updates" ADD CONSTRAINT "notice_updates_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_updates" ADD CONSTRAINT "notice_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_posts" ADD CONSTRAINT "status_posts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "component_signals_component" ON "component_signals" USING btree ("component_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "component_signals_open" ON "component_signals" USING btree ("component_id","source","source_ref") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "component_states_component" ON "component_states" USING btree ("component_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "component_states_open" ON "component_states" USING btree ("component_id") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "monitor_results_monitor" ON "monitor_results" USING btree ("monitor_id","checked_at");--> statement-breakpoint
CREATE INDEX "monitors_org" ON "monitors" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "monitors_component" ON "monitors" USING btree ("component_id");--> statement-breakpoint
CREATE INDEX "meetings_starts" ON "meetings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "notice_updates_notice" ON "notice_updates" USING btree ("notice_id","at");--> statement-breakpoint
CREATE INDEX "notices_starts" ON "notices" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "notices_state" ON "notices" USING btree ("state");--> statement-breakpoint
CREATE INDEX "status_posts_kind" ON "status_posts" USING btree ("kind","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "maintenance_reminders_key" ON "maintenance_reminders" USING btree ("notice_id","offset_minutes");--> statement-breakpoint
CREATE UNIQUE INDEX "status_subscribers_address" ON "status_subscribers" USING btree ("channel","address");--> statement-breakpoint
CREATE INDEX "status_subscribers_token" ON "status_subscribers" USING btree ("token_hash");