CREATE TYPE "public"."job_kind" AS ENUM('new', 'update');--> statement-breakpoint
CREATE TYPE "public"."job_status" AS ENUM('queued', 'started', 'running', 'success', 'failure', 'cancelled');--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"site_key" text,
	"kind" "job_kind" DEFAULT 'new' NOT NULL,
	"status" "job_status" DEFAULT 'queued' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"model" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"llms_txt" text,
	"llms_full_txt" text,
	"error" text,
	"error_code" text,
	"progress" jsonb,
	"usage" jsonb,
	"result" jsonb,
	"content_hash" text,
	"schedule_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"site_key" text NOT NULL,
	"interval_seconds" integer DEFAULT 86400 NOT NULL,
	"next_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"model" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_job_id" uuid,
	"last_checked_at" timestamp with time zone,
	"last_enqueued_at" timestamp with time zone,
	"signals" jsonb,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("priority" DESC NULLS LAST,"run_at","id") WHERE "jobs"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "jobs_inflight_idx" ON "jobs" USING btree ("heartbeat_at") WHERE "jobs"."status" in ('started', 'running');--> statement-breakpoint
CREATE INDEX "jobs_site_idx" ON "jobs" USING btree ("site_key","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "jobs_url_idx" ON "jobs" USING btree ("url","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "jobs" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "jobs_status_idx" ON "jobs" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "schedules_site_key_idx" ON "schedules" USING btree ("site_key");--> statement-breakpoint
CREATE INDEX "schedules_due_idx" ON "schedules" USING btree ("next_run_at") WHERE "schedules"."enabled";