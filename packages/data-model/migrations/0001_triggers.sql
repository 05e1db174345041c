-- Keep updated_at true for every writer, including plain SQL.
CREATE OR REPLACE FUNCTION ltx_touch_updated_at() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER jobs_touch_updated_at BEFORE UPDATE ON jobs
  FOR EACH ROW EXECUTE FUNCTION ltx_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER schedules_touch_updated_at BEFORE UPDATE ON schedules
  FOR EACH ROW EXECUTE FUNCTION ltx_touch_updated_at();
--> statement-breakpoint
-- Wake idle workers at once when a job becomes claimable: any INSERT (API, cron, or `insert into jobs(url)`
-- from psql) and any move back to queued. The payload is constant, so PostgreSQL folds the notifications of
-- one transaction into one; workers treat it as a hint and claim as many jobs as they have free slots.
CREATE OR REPLACE FUNCTION ltx_notify_job_queued() RETURNS trigger AS $$
BEGIN
  IF NEW.status = 'queued' THEN
    PERFORM pg_notify('ltx_jobs', 'queued');
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER jobs_notify_insert AFTER INSERT ON jobs
  FOR EACH ROW EXECUTE FUNCTION ltx_notify_job_queued();
--> statement-breakpoint
CREATE TRIGGER jobs_notify_requeue AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (NEW.status = 'queued' AND OLD.status IS DISTINCT FROM 'queued')
  EXECUTE FUNCTION ltx_notify_job_queued();
