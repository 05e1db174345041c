import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { exponentialBackoff, exponentialBackoffSql } from '../backoff.js';
import type { Database } from '../database.js';
import { type Job, jobs } from '../schema/jobs.js';
import { type ChangeSignals, type Schedule, schedules } from '../schema/schedules.js';
import { enqueueUnlessActive, latestSuccess } from './jobs.js';

/** Default cap of a failing schedule's backoff: it is checked at least once a week. */
export const MAX_SCHEDULE_BACKOFF_SECONDS = 7 * 24 * 3600;
/** Exponent cap: 2^20 intervals is beyond any sensible cap already. */
const MAX_BACKOFF_EXPONENT = 20;

/**
 * Seconds until the next run of a schedule with `failures` consecutive failures:
 * interval * 2^failures, capped at max(capSeconds, interval) so that a long interval is never shortened.
 */
export function scheduleDelaySeconds(
  intervalSeconds: number,
  failures: number,
  capSeconds: number = MAX_SCHEDULE_BACKOFF_SECONDS,
): number {
  return exponentialBackoff(failures, {
    base: intervalSeconds,
    max: Math.max(capSeconds, intervalSeconds),
    maxExponent: MAX_BACKOFF_EXPONENT,
  });
}

export interface CreateScheduleInput {
  url: string;
  siteKey: string;
  intervalSeconds: number;
  enabled?: boolean;
  model?: string | null;
  options?: Record<string, unknown>;
  /**
   * First run; default the database's now() in whole milliseconds (the first tick builds or checks the site),
   * so the value read back into a Date is exactly the stored one.
   */
  nextRunAt?: Date;
  /** The API key name that owns it (its jobs inherit it); null/unset: none. */
  owner?: string | null;
}

/**
 * Creates the schedule of a site. A site has at most one schedule (unique site_key): when one exists it is
 * returned unchanged with `created: false`.
 */
export async function createSchedule(
  database: Database,
  input: CreateScheduleInput,
): Promise<{ schedule: Schedule; created: boolean }> {
  const [inserted] = await database.db
    .insert(schedules)
    .values({
      url: input.url,
      siteKey: input.siteKey,
      intervalSeconds: input.intervalSeconds,
      enabled: input.enabled ?? true,
      model: input.model ?? null,
      options: input.options ?? {},
      owner: input.owner ?? null,
      nextRunAt: input.nextRunAt ?? sql`date_trunc('milliseconds', now())`,
    })
    .onConflictDoNothing({ target: schedules.siteKey })
    .returning();
  if (inserted) return { schedule: inserted, created: true };
  const existing = await getScheduleBySite(database, input.siteKey);
  if (!existing) throw new Error(`schedule for ${input.siteKey} conflicted but cannot be read`);
  return { schedule: existing, created: false };
}

export async function getSchedule(database: Database, id: string): Promise<Schedule | undefined> {
  const [row] = await database.db.select().from(schedules).where(eq(schedules.id, id)).limit(1);
  return row;
}

export async function getScheduleBySite(database: Database, siteKey: string): Promise<Schedule | undefined> {
  const [row] = await database.db.select().from(schedules).where(eq(schedules.siteKey, siteKey)).limit(1);
  return row;
}

/** Newest first, at most `limit` (default 500, max 1000). */
export async function listSchedules(
  database: Database,
  input: { limit?: number; enabled?: boolean; owner?: string | undefined } = {},
): Promise<Schedule[]> {
  const limit = Math.min(Math.max(input.limit ?? 500, 1), 1000);
  return database.db
    .select()
    .from(schedules)
    .where(
      and(
        input.enabled === undefined ? undefined : eq(schedules.enabled, input.enabled),
        input.owner === undefined ? undefined : eq(schedules.owner, input.owner),
      ),
    )
    .orderBy(desc(schedules.createdAt), desc(schedules.id))
    .limit(limit);
}

export interface UpdateScheduleInput {
  intervalSeconds?: number;
  enabled?: boolean;
  model?: string | null;
  options?: Record<string, unknown>;
}

/**
 * Changes a schedule. A shorter interval pulls next_run_at in (to the last check plus the new interval), so a
 * week-long wait does not outlive a change to hourly. Re-enabling a schedule leaves its next run alone: if it is
 * already due, the next tick takes it.
 */
export async function updateSchedule(
  database: Database,
  id: string,
  patch: UpdateScheduleInput,
): Promise<Schedule | undefined> {
  const set: Record<string, unknown> = {};
  if (patch.enabled !== undefined) set.enabled = patch.enabled;
  if (patch.model !== undefined) set.model = patch.model;
  if (patch.options !== undefined) set.options = patch.options;
  if (patch.intervalSeconds !== undefined) {
    set.intervalSeconds = patch.intervalSeconds;
    set.nextRunAt = sql`least(${schedules.nextRunAt}, coalesce(${schedules.lastCheckedAt}, now()) + ${`${patch.intervalSeconds} seconds`}::interval)`;
  }
  if (Object.keys(set).length === 0) return getSchedule(database, id);
  return setSchedule(database, id, set);
}

export async function deleteSchedule(database: Database, id: string): Promise<boolean> {
  const rows = await database.db
    .delete(schedules)
    .where(eq(schedules.id, id))
    .returning({ id: schedules.id });
  return rows.length === 1;
}

/**
 * Enabled schedules whose next run has come, most overdue first. `now` defaults to the database's clock (the
 * one that wrote next_run_at), never the process's.
 */
export async function dueSchedules(
  database: Database,
  input: { now?: Date; limit?: number } = {},
): Promise<Schedule[]> {
  return database.db
    .select()
    .from(schedules)
    .where(and(eq(schedules.enabled, true), lte(schedules.nextRunAt, input.now ?? sql<Date>`now()`)))
    .orderBy(asc(schedules.nextRunAt), asc(schedules.id))
    .limit(Math.min(Math.max(input.limit ?? 100, 1), 10_000));
}

export interface SettledSchedule {
  id: string;
  jobId: string;
  outcome: 'success' | 'failure' | 'cancelled';
  failures: number;
  nextRunAt: Date;
}

/**
 * Accounts the outcome of each schedule's last job once, in one statement: a job that finished after the
 * schedule was last examined (last_checked_at) is new news.
 * - failure: failures + 1, last_error = the job's error, next_run_at = finished_at + interval * 2^failures
 *   (capped), so a site whose build keeps failing is retried later and later instead of every tick;
 * - success: failures back to 0, last_error cleared, next_run_at no later than finished_at + interval;
 * - cancelled: nothing but the bookkeeping (a person stopped it; that says nothing about the site).
 * last_checked_at becomes now(), so the same job is never counted twice.
 */
export async function settleScheduleJobs(
  database: Database,
  input: { maxBackoffSeconds?: number } = {},
): Promise<SettledSchedule[]> {
  const cap = input.maxBackoffSeconds ?? MAX_SCHEDULE_BACKOFF_SECONDS;
  const rows = await database.rows<{
    id: string;
    job_id: string;
    outcome: SettledSchedule['outcome'];
    failures: number;
    next_run_at: string | Date;
  }>(sql`
    update schedules s set
      failures = case j.status
        when 'failure' then s.failures + 1
        when 'success' then 0
        else s.failures end,
      last_error = case j.status
        when 'failure' then coalesce(j.error, 'job failed')
        when 'success' then null
        else s.last_error end,
      next_run_at = case j.status
        when 'failure' then j.finished_at + make_interval(secs => ${exponentialBackoffSql(
          sql`s.failures + 1`,
          {
            base: sql`s.interval_seconds`,
            max: sql`greatest(${cap}, s.interval_seconds)`,
            maxExponent: MAX_BACKOFF_EXPONENT,
          },
        )})
        when 'success' then least(s.next_run_at, j.finished_at + make_interval(secs => s.interval_seconds))
        else s.next_run_at end,
      last_checked_at = now(),
      updated_at = now()
    from jobs j
    where j.id = s.last_job_id
      and j.status in ('success', 'failure', 'cancelled')
      and j.finished_at is not null
      and (s.last_checked_at is null or j.finished_at > s.last_checked_at)
    returning s.id, j.id as job_id, j.status as outcome, s.failures, s.next_run_at`);
  return rows.map((row) => ({
    id: row.id,
    jobId: row.job_id,
    outcome: row.outcome,
    failures: Number(row.failures),
    nextRunAt: row.next_run_at instanceof Date ? row.next_run_at : new Date(row.next_run_at),
  }));
}

export interface ScheduleCheckInput {
  /**
   * The settle marker (see settleScheduleJobs): 'now' is the database clock; a job's created_at when the check
   * enqueued it (so a job that finishes at once is still newer); undefined leaves it alone (a job is running).
   */
  checkedAt?: Date | 'now';
  nextRunAt: Date;
  failures: number;
  lastError?: string | null;
  /** Replaces the stored signals when given. */
  signals?: ChangeSignals | null;
  /** Set when the check enqueued (or found) a job for the schedule. */
  lastJobId?: string;
  enqueuedAt?: Date;
}

/** Records what one cron check of a schedule found and decided. */
export async function recordScheduleCheck(database: Database, id: string, input: ScheduleCheckInput) {
  return setSchedule(database, id, {
    ...(input.checkedAt === 'now'
      ? { lastCheckedAt: sql`now()` }
      : input.checkedAt
        ? { lastCheckedAt: input.checkedAt }
        : {}),
    nextRunAt: input.nextRunAt,
    failures: input.failures,
    lastError: input.lastError ?? null,
    ...(input.signals !== undefined ? { signals: input.signals } : {}),
    ...(input.lastJobId ? { lastJobId: input.lastJobId } : {}),
    ...(input.enqueuedAt ? { lastEnqueuedAt: input.enqueuedAt } : {}),
  });
}

/**
 * "Refresh now" from the API: links the job it enqueued to the schedule and moves the next regular check
 * to one interval from now. Leaves the signals alone (the job's outcome is settled by the next tick).
 */
export async function markScheduleEnqueued(database: Database, id: string, jobId: string) {
  return setSchedule(database, id, {
    lastJobId: jobId,
    lastEnqueuedAt: sql`now()`,
    // The job's creation time, not now(): a job that already finished must still count as newer.
    lastCheckedAt: sql`(select ${jobs.createdAt} from ${jobs} where ${jobs.id} = ${jobId})`,
    nextRunAt: sql`now() + make_interval(secs => ${schedules.intervalSeconds})`,
  });
}

/** Updates one schedule's columns (and updated_at); the row as stored, or undefined when there is none. */
async function setSchedule(
  database: Database,
  id: string,
  values: PgUpdateSetSource<typeof schedules>,
): Promise<Schedule | undefined> {
  const [row] = await database.db
    .update(schedules)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(schedules.id, id))
    .returning();
  return row;
}

/** Schedules in all, enabled, and failing (at least one failure in a row), for GET /v1/stats. */
export async function scheduleCounts(
  database: Database,
): Promise<{ total: number; enabled: number; failing: number }> {
  const [row] = await database.rows<{
    total: number | string;
    enabled: number | string;
    failing: number | string;
  }>(sql`
    select count(*) as total, count(*) filter (where enabled) as enabled,
      count(*) filter (where failures > 0) as failing
    from schedules`);
  return {
    total: Number(row?.total ?? 0),
    enabled: Number(row?.enabled ?? 0),
    failing: Number(row?.failing ?? 0),
  };
}

/**
 * The job a schedule asks for, unless its site already has one queued or running (then that one): an `update`
 * job when the site was built before, else `new`, with the schedule's model and options. Used by the cron tick
 * and by "refresh now"; `built` is passed by a caller that has already looked the site's latest success up (among
 * the schedule owner's jobs).
 */
export async function enqueueForSchedule(
  database: Database,
  schedule: Schedule,
  built?: boolean,
): Promise<{ job: Job; created: boolean }> {
  // The job belongs to the schedule's owner (also when an admin runs it), and only that owner's jobs count.
  const scope = schedule.owner ?? undefined;
  const update = built ?? (await latestSuccess(database, schedule.siteKey, scope)) !== undefined;
  return enqueueUnlessActive(
    database,
    {
      url: schedule.url,
      siteKey: schedule.siteKey,
      kind: update ? 'update' : 'new',
      model: schedule.model,
      options: schedule.options ?? {},
      scheduleId: schedule.id,
      owner: schedule.owner,
    },
    scope,
  );
}
