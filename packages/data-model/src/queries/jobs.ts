import { and, desc, eq, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { mapRow } from '../database.js';
import {
  type Job,
  type JobKind,
  type JobProgress,
  type JobResult,
  type JobStatus,
  type JobUsage,
  jobs,
} from '../schema/jobs.js';
import { ownedJobBatches } from './coalesce.js';
import { decodeKeyset, encodeKeyset, keysetTime } from './keyset.js';

const IN_FLIGHT = sql`${jobs.status} in ('started', 'running')`;
const ACTIVE = sql`${jobs.status} in ('queued', 'started', 'running')`;

export interface EnqueueInput {
  url: string;
  kind?: JobKind;
  siteKey?: string | null;
  model?: string | null;
  options?: Record<string, unknown>;
  priority?: number;
  maxAttempts?: number;
  /** Delay before the job may run (ms). */
  delayMs?: number;
  scheduleId?: string | null;
  /** The API key name that owns the job (null/unset: none, admins only). */
  owner?: string | null;
}

/**
 * Whose jobs a query sees: unset = every job (admin keys, an open API, the CLI); a string = that API key's jobs
 * only. Ownerless jobs (SQL, CLI) are seen by admins only.
 */
export type OwnerScope = string | undefined;

const ownedBy = (owner: string) => eq(jobs.owner, owner);

function values(input: EnqueueInput) {
  return {
    url: input.url,
    kind: input.kind ?? 'new',
    siteKey: input.siteKey ?? null,
    model: input.model ?? null,
    options: input.options ?? {},
    priority: input.priority ?? 0,
    maxAttempts: input.maxAttempts ?? 5,
    scheduleId: input.scheduleId ?? null,
    owner: input.owner ?? null,
    ...(input.delayMs ? { runAt: sql`now() + ${`${input.delayMs} milliseconds`}::interval` } : {}),
  };
}

/** Inserts one queued job. */
export async function enqueue(database: Database, input: EnqueueInput): Promise<Job> {
  const [job] = await database.db.insert(jobs).values(values(input)).returning();
  return job!;
}

/**
 * Inserts a job unless one for the same site is already queued, started or running; then returns that one.
 * Serialised per site with a transaction-scoped advisory lock, so two concurrent calls cannot both insert.
 * With `scope` (an owner-scoped API key) only that owner's active jobs count: another key's job is never
 * returned to it.
 */
export async function enqueueUnlessActive(
  database: Database,
  input: EnqueueInput & { siteKey: string },
  scope: OwnerScope = undefined,
): Promise<{ job: Job; created: boolean }> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ltx:site:${input.siteKey}`}, 0))`);
    const [existing] = await tx
      .select()
      .from(jobs)
      .where(and(eq(jobs.siteKey, input.siteKey), ACTIVE, scope === undefined ? undefined : ownedBy(scope)))
      .orderBy(desc(jobs.createdAt))
      .limit(1);
    if (existing) return { job: existing, created: false };
    const [job] = await tx.insert(jobs).values(values(input)).returning();
    return { job: job!, created: true };
  });
}

// The queue's hot path (claim, mark running, heartbeat, progress, complete, fail): fixed SQL texts run as
// prepared statements through Database.exec, so PostgreSQL parses and plans each once per connection and no
// query is built per call. Optional inputs are parameters that may be null (coalesce), never a different text.
// Each returns only the columns its caller reads. None touches an indexed column it does not have to: the
// heartbeat and progress updates change no indexed column, so they are HOT (see the jobs table's indexes).

const IN_FLIGHT_TEXT = `status in ('started', 'running')`;

const CLAIM = `
  with picked as materialized (
    select id from jobs
    where status = 'queued' and run_at <= now() and not cancel_requested
    order by priority desc, run_at, id
    limit $2
    for update skip locked
  )
  update jobs set
    status = 'started',
    attempts = jobs.attempts + 1,
    locked_by = $1,
    locked_at = now(),
    heartbeat_at = now(),
    started_at = now(),
    finished_at = null,
    progress = null
  from picked
  where jobs.id = picked.id
  returning jobs.*`;

/**
 * Claims up to `limit` runnable jobs for `workerId` in one statement: oldest first within priority,
 * FOR UPDATE SKIP LOCKED so concurrent claimers never get the same row. The MATERIALIZED CTE is a fence:
 * the planner cannot re-run the locking subquery and lock more rows than `limit`.
 * Each claim counts one attempt.
 */
export async function claim(database: Database, workerId: string, limit: number): Promise<Job[]> {
  if (limit <= 0) return [];
  const rows = await database.exec(CLAIM, [workerId, limit]);
  return rows.map((row) => mapRow(jobs, row)).sort((a, b) => b.priority - a.priority || +a.runAt - +b.runAt);
}

/** Adds `usage` to what the job has already spent (earlier attempts' tokens stay counted). */
function addUsage(usage: JobUsage): SQL {
  const field = (name: keyof JobUsage) =>
    sql`coalesce((${jobs.usage}->>${name})::bigint, 0) + ${Math.max(0, Math.round(usage[name]))}`;
  return sql`jsonb_build_object('promptTokens', ${field('promptTokens')}, 'completionTokens', ${field('completionTokens')}, 'totalTokens', ${field('totalTokens')}, 'calls', ${field('calls')})`;
}

/**
 * The same sum for a prepared statement: `$n` is the new usage as JSON, or null to keep the stored one.
 * Negative or fractional counts are cleaned in usageParam.
 */
const ADD_USAGE = (value: string) => {
  const field = (name: keyof JobUsage) =>
    `coalesce((jobs.usage->>'${name}')::bigint, 0) + ((${value})->>'${name}')::bigint`;
  return `case when ${value} is null then jobs.usage else jsonb_build_object('promptTokens', ${field('promptTokens')}, 'completionTokens', ${field('completionTokens')}, 'totalTokens', ${field('totalTokens')}, 'calls', ${field('calls')}) end`;
};

function usageParam(usage: JobUsage | null | undefined): string | null {
  if (!usage) return null;
  const clean = (value: number) => Math.max(0, Math.round(value));
  return JSON.stringify({
    promptTokens: clean(usage.promptTokens),
    completionTokens: clean(usage.completionTokens),
    totalTokens: clean(usage.totalTokens),
    calls: clean(usage.calls),
  });
}

function owned(id: string, workerId: string): SQL {
  return and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), IN_FLIGHT)!;
}

// The jobs of one claim start in the same turn of the event loop and go running in one statement; jobs
// finishing together are stored in one. Each still passes through started (the claim's own commit) and is
// checked for ownership row by row; each caller gets its own answer.
const MARK_RUNNING = `
  update jobs set status = 'running', heartbeat_at = now(), site_key = coalesce(jobs.site_key, b.site_key)
  from unnest($1::uuid[], $3::text[]) as b(id, site_key)
  where jobs.id = b.id and jobs.locked_by = $2 and jobs.${IN_FLIGHT_TEXT}
  returning jobs.id`;

interface MarkRunningItem {
  id: string;
  siteKey: string | null;
}

const runningBatches = ownedJobBatches<MarkRunningItem>(MARK_RUNNING, (items) => [
  items.map((i) => i.siteKey),
]);

/** started -> running. Fills site_key when the row was inserted by plain SQL. False when not owned. */
export async function markRunning(
  database: Database,
  id: string,
  workerId: string,
  siteKey?: string,
): Promise<boolean> {
  return runningBatches(database).add(workerId, { id, siteKey: siteKey ?? null });
}

const HEARTBEAT = `
  update jobs set heartbeat_at = now()
  where id = any($1::uuid[]) and locked_by = $2 and ${IN_FLIGHT_TEXT}
  returning id, cancel_requested`;

/**
 * Refreshes the lease of the jobs `workerId` still owns. Returns which are still owned (a job missing from
 * `owned` was taken away: its lease expired and it was requeued) and which have a pending cancel request.
 */
export async function heartbeat(
  database: Database,
  workerId: string,
  ids: readonly string[],
): Promise<{ owned: string[]; cancelRequested: string[] }> {
  if (ids.length === 0) return { owned: [], cancelRequested: [] };
  const rows = await database.exec<{ id: string; cancel_requested: boolean }>(HEARTBEAT, [
    [...ids],
    workerId,
  ]);
  return {
    owned: rows.map((r) => r.id),
    cancelRequested: rows.filter((r) => r.cancel_requested).map((r) => r.id),
  };
}

const UPDATE_PROGRESS = `
  update jobs set progress = $3::jsonb
  where id = $1 and locked_by = $2 and ${IN_FLIGHT_TEXT}
  returning id`;

export async function updateProgress(
  database: Database,
  id: string,
  workerId: string,
  progress: JobProgress,
): Promise<boolean> {
  const rows = await database.exec(UPDATE_PROGRESS, [id, workerId, JSON.stringify(progress)]);
  return rows.length === 1;
}

export interface CompleteInput {
  llmsTxt: string;
  llmsFullTxt?: string | null;
  usage?: JobUsage | null;
  result?: JobResult | null;
  contentHash?: string | null;
  model?: string | null;
}

const COMPLETE = `
  update jobs set
    status = 'success',
    llms_txt = b.llms_txt,
    llms_full_txt = b.llms_full_txt,
    usage = ${ADD_USAGE('b.usage::jsonb')},
    result = b.result::jsonb,
    content_hash = b.content_hash,
    model = coalesce(b.model, jobs.model),
    error = null,
    error_code = null,
    locked_by = null,
    locked_at = null,
    heartbeat_at = null,
    finished_at = now(),
    progress = '{"phase":"done"}'::jsonb
  from unnest($1::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
    as b(id, llms_txt, llms_full_txt, usage, result, content_hash, model)
  where jobs.id = b.id and jobs.locked_by = $2 and jobs.${IN_FLIGHT_TEXT}
  returning jobs.id`;

const completeBatches = ownedJobBatches<{ id: string; input: CompleteInput }>(
  COMPLETE,
  (items) => [
    items.map((i) => i.input.llmsTxt),
    items.map((i) => i.input.llmsFullTxt ?? null),
    items.map((i) => usageParam(i.input.usage)),
    items.map((i) => (i.input.result ? JSON.stringify(i.input.result) : null)),
    items.map((i) => i.input.contentHash ?? null),
    items.map((i) => i.input.model || null),
  ],
  50,
);

/** -> success with the result. Only the owner may complete: a zombie's late write returns false. */
export async function complete(
  database: Database,
  id: string,
  workerId: string,
  input: CompleteInput,
): Promise<boolean> {
  return completeBatches(database).add(workerId, { id, input });
}

export interface FailInput {
  error: string;
  errorCode: string;
  usage?: JobUsage | null;
  result?: JobResult | null;
  status?: Extract<JobStatus, 'failure' | 'cancelled'>;
  /** The model the job ran with (a job that named none shows the default it got, as a success does). */
  model?: string | null;
}

const FAIL = `
  update jobs set
    status = $3::job_status,
    error = $4,
    error_code = $5,
    usage = ${ADD_USAGE('$6::jsonb')},
    result = coalesce($7::jsonb, result),
    model = coalesce($8, model),
    locked_by = null,
    locked_at = null,
    heartbeat_at = null,
    finished_at = now()
  where id = $1 and locked_by = $2 and ${IN_FLIGHT_TEXT}
  returning id`;

/** -> failure (or cancelled) with the error stored. Only the owner may fail a job. */
export async function fail(
  database: Database,
  id: string,
  workerId: string,
  input: FailInput,
): Promise<boolean> {
  const rows = await database.exec(FAIL, [
    id,
    workerId,
    input.status ?? 'failure',
    input.error,
    input.errorCode,
    usageParam(input.usage),
    input.result ? JSON.stringify(input.result) : null,
    input.model || null,
  ]);
  return rows.length === 1;
}

/**
 * A transient error: back to queued with run_at = now() + delay, or failure when the job has used all its
 * attempts. One statement. Returns what happened, or 'not_owned'.
 */
export async function retryLater(
  database: Database,
  id: string,
  workerId: string,
  input: { error: string; errorCode: string; delayMs: number; usage?: JobUsage | null },
): Promise<'retried' | 'failed' | 'not_owned'> {
  const exhausted = sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
  const rows = await database.db
    .update(jobs)
    .set({
      status: sql`case when ${exhausted} then 'failure'::job_status else 'queued'::job_status end`,
      runAt: sql`case when ${exhausted} then ${jobs.runAt} else now() + ${`${Math.max(0, Math.round(input.delayMs))} milliseconds`}::interval end`,
      error: sql`case when ${exhausted} then ${`${input.error} (gave up after `}|| ${jobs.attempts} || ' attempts)' else ${input.error} end`,
      errorCode: input.errorCode,
      ...(input.usage ? { usage: addUsage(input.usage) } : {}),
      finishedAt: sql`case when ${exhausted} then now() else null end`,
      lockedBy: null,
      lockedAt: null,
      heartbeatAt: null,
    })
    .where(owned(id, workerId))
    .returning({ status: jobs.status });
  const status = rows[0]?.status;
  return status === undefined ? 'not_owned' : status === 'failure' ? 'failed' : 'retried';
}

/**
 * Shutdown: puts the worker's unfinished jobs back to queued at once, giving back the attempt they spent.
 */
export async function release(
  database: Database,
  workerId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await database.db
    .update(jobs)
    .set({
      // A job whose cancel was requested ends cancelled rather than going back to the queue.
      status: sql`case when ${jobs.cancelRequested} then 'cancelled'::job_status else 'queued'::job_status end`,
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
      runAt: sql`now()`,
      error: sql`case when ${jobs.cancelRequested} then 'cancelled by request' else ${jobs.error} end`,
      errorCode: sql`case when ${jobs.cancelRequested} then 'cancelled' else ${jobs.errorCode} end`,
      finishedAt: sql`case when ${jobs.cancelRequested} then now() else null end`,
      lockedBy: null,
      lockedAt: null,
      heartbeatAt: null,
      progress: null,
    })
    .where(and(inArray(jobs.id, [...ids]), eq(jobs.lockedBy, workerId), IN_FLIGHT))
    .returning({ id: jobs.id });
  return rows.map((r) => r.id);
}

/**
 * Lease sweep, run by every worker: jobs in flight whose heartbeat is older than `leaseMs` lost their
 * worker (never within a lease of the server's own start: a restart is an outage for every worker). They go back to queued (the claim already counted the attempt), or to failure with
 * error_code 'worker_lost' once they have used all their attempts. One statement; SKIP LOCKED so sweeps
 * from several workers never block each other.
 */
export async function requeueExpired(
  database: Database,
  leaseMs: number,
  options: { exceptWorker?: string } = {},
): Promise<{ requeued: string[]; failed: string[]; cancelled: string[] }> {
  // A worker never sweeps its own jobs: it knows they are alive, and after a database outage longer than the
  // lease its stale heartbeats must not make it abandon work it is still doing.
  const notOwn = options.exceptWorker ? sql`and locked_by is distinct from ${options.exceptWorker}` : sql``;
  const cutoff = sql`now() - ${`${leaseMs} milliseconds`}::interval`;
  // A server that started less than a lease ago was away: nobody could renew a lease while it was down, so
  // every worker gets a full lease from the server's start (its own clock, like now()) before it is judged.
  const rows = await database.rows<{ id: string; status: JobStatus }>(sql`
    with expired as materialized (
      select id from jobs
      where status in ('started', 'running') and heartbeat_at < ${cutoff} ${notOwn}
        and (select pg_postmaster_start_time()) < ${cutoff}
      for update skip locked
    )
    update jobs set
      status = case
        when jobs.cancel_requested then 'cancelled'::job_status
        when jobs.attempts >= jobs.max_attempts then 'failure'::job_status
        else 'queued'::job_status end,
      error = case
        when jobs.cancel_requested then 'cancelled by request (its worker was lost)'
        when jobs.attempts >= jobs.max_attempts
        then 'worker lost: no heartbeat from ' || coalesce(jobs.locked_by, 'its worker') || ' for over ' || ${Math.round(leaseMs / 1000)} || ' s, after ' || jobs.attempts || ' attempts'
        else 'worker lost: ' || coalesce(jobs.locked_by, 'its worker') || ' stopped sending heartbeats; requeued' end,
      error_code = case when jobs.cancel_requested then 'cancelled' else 'worker_lost' end,
      finished_at = case when jobs.cancel_requested or jobs.attempts >= jobs.max_attempts then now() else null end,
      run_at = now(),
      locked_by = null,
      locked_at = null,
      heartbeat_at = null
    from expired
    where jobs.id = expired.id
    returning jobs.id, jobs.status`);
  return {
    requeued: rows.filter((r) => r.status === 'queued').map((r) => r.id),
    failed: rows.filter((r) => r.status === 'failure').map((r) => r.id),
    cancelled: rows.filter((r) => r.status === 'cancelled').map((r) => r.id),
  };
}

export async function getJob(database: Database, id: string): Promise<Job | undefined> {
  const [job] = await database.db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return job;
}

export interface ListJobsInput {
  status?: JobStatus | undefined;
  /** Matches the submitted URL or the site key exactly. */
  url?: string | undefined;
  limit?: number | undefined;
  /** Opaque keyset cursor from a previous page. */
  cursor?: string | undefined;
  /** Only this owner's jobs (see OwnerScope). */
  owner?: OwnerScope;
}

/** Keyset cursor over (created_at, id), created_at at full precision (see keyset.ts). */
export function encodeCursor(position: { createdAt: string; id: string }): string {
  return encodeKeyset({ at: position.createdAt, key: position.id });
}

/** The position a job cursor names, or undefined when it is not one listJobs could have returned. */
export function decodeCursor(cursor: string): { createdAt: string; id: string } | undefined {
  const position = decodeKeyset(cursor);
  if (!position || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(position.key))
    return undefined;
  return { createdAt: position.at, id: position.key };
}

/** A job as a list shows it: without its result texts (they can be megabytes), with flags for them. */
export type JobListItem = Omit<Job, 'llmsTxt' | 'llmsFullTxt'> & {
  hasLlmsTxt: boolean;
  hasLlmsFullTxt: boolean;
};

const { llmsTxt: _llmsTxt, llmsFullTxt: _llmsFullTxt, ...listColumns } = getTableColumns(jobs);

/** Newest first, keyset-paginated on (created_at, id). Result texts are left out (see JobListItem). */
export async function listJobs(
  database: Database,
  input: ListJobsInput = {},
): Promise<{ jobs: JobListItem[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const conditions: SQL[] = [];
  if (input.status) conditions.push(eq(jobs.status, input.status));
  if (input.owner !== undefined) conditions.push(ownedBy(input.owner));
  if (input.url) conditions.push(or(eq(jobs.url, input.url), eq(jobs.siteKey, input.url))!);
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  if (after)
    conditions.push(
      sql`(${jobs.createdAt}, ${jobs.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    );
  const rows = await database.db
    .select({
      ...listColumns,
      hasLlmsTxt: sql<boolean>`${jobs.llmsTxt} is not null`,
      hasLlmsFullTxt: sql<boolean>`${jobs.llmsFullTxt} is not null`,
      cursorAt: keysetTime(jobs.createdAt),
    })
    .from(jobs)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map(({ cursorAt: _cursorAt, ...job }) => job);
  const last = rows[limit - 1];
  return {
    jobs: page,
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

/**
 * Cancels a job: a queued job becomes `cancelled` at once; a started/running one gets cancel_requested and
 * its worker aborts it at its next heartbeat. Finished jobs are returned unchanged.
 */
export async function cancelJob(database: Database, id: string): Promise<Job | undefined> {
  const [queued] = await database.db
    .update(jobs)
    .set({
      status: 'cancelled',
      error: 'cancelled by request',
      errorCode: 'cancelled',
      finishedAt: sql`now()`,
    })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'queued')))
    .returning();
  if (queued) return queued;
  const [running] = await database.db
    .update(jobs)
    .set({ cancelRequested: true })
    .where(and(eq(jobs.id, id), IN_FLIGHT))
    .returning();
  return running ?? getJob(database, id);
}

/** The newest successful job for a site (by site key or exact URL), among `scope`'s jobs when given. */
export async function latestSuccess(
  database: Database,
  siteKeyOrUrl: string,
  scope: OwnerScope = undefined,
): Promise<Job | undefined> {
  const [job] = await database.db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'success'),
        or(eq(jobs.siteKey, siteKeyOrUrl), eq(jobs.url, siteKeyOrUrl)),
        scope === undefined ? undefined : ownedBy(scope),
      ),
    )
    .orderBy(desc(jobs.finishedAt))
    .limit(1);
  return job;
}

/** Whether the site already has a queued, started or running job. */
export async function hasActiveJob(database: Database, siteKey: string): Promise<boolean> {
  const rows = await database.db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.siteKey, siteKey), ACTIVE))
    .limit(1);
  return rows.length > 0;
}

export interface QueueStats {
  byStatus: Record<JobStatus, number>;
  /** Queued jobs whose run_at has come. */
  ready: number;
  oldestReadyAgeSeconds: number | null;
  failuresLastHour: number;
  successesLastHour: number;
}

export async function queueStats(database: Database): Promise<QueueStats> {
  const [counts, [extra]] = await Promise.all([
    database.rows<{ status: JobStatus; n: number | string }>(
      sql`select status, count(*) as n from jobs group by status`,
    ),
    database.rows<{
      ready: number | string;
      oldest: number | string | null;
      failures: number | string;
      successes: number | string;
    }>(sql`
      -- One index-backed subquery each (claim index; finished index), never a scan of every finished job.
      select
        (select count(*) from jobs where status = 'queued' and run_at <= now()) as ready,
        (select extract(epoch from now() - min(run_at)) from jobs where status = 'queued' and run_at <= now()) as oldest,
        (select count(*) from jobs where status = 'failure' and finished_at > now() - interval '1 hour') as failures,
        (select count(*) from jobs where status = 'success' and finished_at > now() - interval '1 hour') as successes`),
  ]);
  const byStatus = { queued: 0, started: 0, running: 0, success: 0, failure: 0, cancelled: 0 } as Record<
    JobStatus,
    number
  >;
  for (const row of counts) byStatus[row.status] = Number(row.n);
  return {
    byStatus,
    ready: Number(extra?.ready ?? 0),
    oldestReadyAgeSeconds:
      extra?.oldest === null || extra?.oldest === undefined ? null : Number(extra.oldest),
    failuresLastHour: Number(extra?.failures ?? 0),
    successesLastHour: Number(extra?.successes ?? 0),
  };
}
