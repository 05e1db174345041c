DROP INDEX "jobs_inflight_idx";--> statement-breakpoint
DROP INDEX "jobs_owner_idx";--> statement-breakpoint
CREATE INDEX "jobs_owner_idx" ON "jobs" USING btree ("owner","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "jobs"."owner" is not null;