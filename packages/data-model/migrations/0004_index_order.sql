DROP INDEX "jobs_claim_idx";--> statement-breakpoint
DROP INDEX "jobs_inflight_idx";--> statement-breakpoint
DROP INDEX "jobs_site_idx";--> statement-breakpoint
DROP INDEX "jobs_url_idx";--> statement-breakpoint
DROP INDEX "jobs_created_idx";--> statement-breakpoint
DROP INDEX "jobs_owner_idx";--> statement-breakpoint
DROP INDEX "jobs_status_idx";--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("priority" DESC NULLS FIRST,"run_at","id") WHERE "jobs"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "jobs_inflight_idx" ON "jobs" USING btree ("locked_by") WHERE "jobs"."status" in ('started', 'running');--> statement-breakpoint
CREATE INDEX "jobs_site_idx" ON "jobs" USING btree ("site_key","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "jobs_url_idx" ON "jobs" USING btree ("url","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "jobs" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "jobs_owner_idx" ON "jobs" USING btree ("owner","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "jobs_status_idx" ON "jobs" USING btree ("status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Room on each page for a row's next version, so heartbeats and progress updates (which touch no indexed
-- column) are HOT: no index entry written, no new page dirtied.
ALTER TABLE "jobs" SET (fillfactor = 80);
