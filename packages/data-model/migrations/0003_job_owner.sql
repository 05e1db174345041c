ALTER TABLE "jobs" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "schedules" ADD COLUMN "owner" text;--> statement-breakpoint
CREATE INDEX "jobs_owner_idx" ON "jobs" USING btree ("owner","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- A job a schedule enqueues belongs to the schedule's owner (the API key that created it), whoever inserts it
-- (the cron, POST /v1/schedules/{id}/run). Jobs inserted with neither stay ownerless: admin keys only.
CREATE OR REPLACE FUNCTION ltx_job_owner_from_schedule() RETURNS trigger AS $$
BEGIN
  IF NEW.owner IS NULL AND NEW.schedule_id IS NOT NULL THEN
    SELECT owner INTO NEW.owner FROM schedules WHERE id = NEW.schedule_id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER jobs_owner_from_schedule BEFORE INSERT ON jobs
  FOR EACH ROW EXECUTE FUNCTION ltx_job_owner_from_schedule();
