import {
  JOB_KINDS,
  JOB_STATUSES,
  type JobKind,
  type JobProgress,
  type JobResult,
  type JobStatus,
  type TokenUsage,
} from '@ltx/contracts';
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// The shapes of the JSON columns and enums are defined once, in @ltx/contracts.
export { JOB_STATUSES, type JobKind, type JobProgress, type JobResult, type JobStatus };
/** Token usage recorded from the model API (@ltx/contracts TokenUsage). */
export type JobUsage = TokenUsage;

/** queued -> started (claimed) -> running -> success | failure; `cancelled` when a user cancels. */
export const jobStatus = pgEnum('job_status', JOB_STATUSES);
export const jobKind = pgEnum('job_kind', JOB_KINDS);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/**
 * The queue and its results. Contract columns (DESIGN.md): id, url, kind, status, attempts, llms_txt, error,
 * created_at, updated_at, started_at, finished_at. `insert into jobs(url) values (...)` is a complete job.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    url: text('url').notNull(),
    /** Normalised URL used to find a site's jobs and results; filled by the API, or by the worker at claim. */
    siteKey: text('site_key'),
    kind: jobKind('kind').notNull().default('new'),
    status: jobStatus('status').notNull().default('queued'),
    /** Higher runs first. */
    priority: integer('priority').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    /** Earliest time the job may be claimed (backoff after a transient error). */
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    /** Refreshed by the owning worker; a stale heartbeat means the worker was lost. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** Model the job asks for; null uses LTX_MODEL. */
    model: text('model'),
    /** Per-job options (@ltx/core jobOptionsSchema): limits, generator, full text. */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    llmsTxt: text('llms_txt'),
    llmsFullTxt: text('llms_full_txt'),
    error: text('error'),
    /** Machine-readable error code (@ltx/core ErrorCode). */
    errorCode: text('error_code'),
    progress: jsonb('progress').$type<JobProgress>(),
    usage: jsonb('usage').$type<JobUsage>(),
    /** What generation reported: pages, warnings, limits hit, generator, attempts. */
    result: jsonb('result').$type<JobResult>(),
    /** Hash of the crawl the result was made from (update jobs skip the model when it is unchanged). */
    contentHash: text('content_hash'),
    /** The schedule that enqueued this job, if any. */
    scheduleId: uuid('schedule_id'),
    /**
     * The name of the API key that submitted the job (LTX_API_KEYS); only that key and admin keys see it.
     * Null for jobs inserted by SQL or the CLI (admins only); a schedule's jobs inherit its owner (trigger).
     */
    owner: text('owner'),
    ...timestamps,
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // Every DESC column is NULLS FIRST, as the queries' plain `order by x desc` is: an index declared
    // DESC NULLS LAST does not match it, and at 1M rows `GET /v1/jobs` fell back to a sequential scan and sort
    // (1.1 s) instead of reading 51 index entries (0.1 ms).
    // The claim query's index: only queued rows, in claim order.
    index('jobs_claim_idx')
      .on(t.priority.desc().nullsFirst(), t.runAt, t.id)
      .where(sql`${t.status} = 'queued'`),
    // No index of its own for the lease sweep: it reads the in-flight rows (few) from jobs_status_idx and
    // filters their heartbeats itself (an index on heartbeat_at would make every heartbeat a non-HOT update).
    // A partial index on in-flight rows got an entry at the claim and again at running: two index writes per
    // job for a query that runs once per heartbeat period (migration 0006).
    index('jobs_site_idx').on(t.siteKey, t.createdAt.desc().nullsFirst()),
    index('jobs_url_idx').on(t.url, t.createdAt.desc().nullsFirst()),
    index('jobs_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // One key's job list (owner-scoped keys). Partial: every query on it asks for one owner, so ownerless jobs
    // (SQL, CLI, an open API) need no entry, and their three status changes write none.
    index('jobs_owner_idx')
      .on(t.owner, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.owner} is not null`),
    index('jobs_status_idx').on(t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Recent outcomes (queue health: failures and successes in the last hour) and retention.
    index('jobs_finished_idx').on(t.status, t.finishedAt).where(sql`${t.finishedAt} is not null`),
  ],
);

export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;
