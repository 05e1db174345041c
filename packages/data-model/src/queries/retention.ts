import type { Database } from '../database.js';

/**
 * Retention of finished jobs (the cron runs it after each tick). A finished job (success, failure,
 * cancelled) is deleted once it finished more than `days` ago, unless it is
 * - its site's newest successful job (the site's current llms.txt: never deleted, however old), or
 * - among its site's `keepPerSite` newest jobs (the recent history the dashboard and API list).
 * A site is the job's site_key, or its URL for a job that never got one. Queued and in-flight jobs are never
 * touched.
 *
 * Work is done in small batches so no statement holds many row locks or runs long: each batch reads the next
 * `batchSize` candidates in (finished_at, id) order after the previous batch's last one, deletes those not
 * protected (SKIP LOCKED: a row another session holds is left for a later run), and the next batch starts
 * after them, so protected old rows are read once per run, not once per batch.
 */
export interface RetentionOptions {
  /** Finished jobs older than this many days may go (> 0). */
  days: number;
  /** Newest jobs kept per site whatever their age (>= 0). */
  keepPerSite: number;
  /** Candidates read per batch (1..10,000). */
  batchSize: number;
  /** Batches per run at most (the rest waits for the next run). */
  maxBatches: number;
  signal?: AbortSignal | undefined;
}

export interface RetentionResult {
  deleted: number;
  batches: number;
  /** True when the run stopped at maxBatches (or its signal) with candidates left. */
  more: boolean;
}

export const RETENTION_LIMITS = { maxBatchSize: 10_000, maxDays: 36_500, maxKeepPerSite: 10_000 } as const;

// $1 days, $2 keep per site, $3 batch size, $4/$5 the previous batch's last (finished_at, id) or null.
const PRUNE_BATCH = `
  with candidates as materialized (
    select id, finished_at, site_key, url, status, created_at from jobs
    where status in ('success', 'failure', 'cancelled')
      and finished_at < now() - make_interval(days => $1::int)
      and ($4::timestamptz is null or (finished_at, id) > ($4::timestamptz, $5::uuid))
    order by finished_at, id
    limit $3
  ),
  doomed as (
    select j.id from jobs j join candidates c on c.id = j.id
    where j.status in ('success', 'failure', 'cancelled')
      -- not its site's newest success
      and not (c.status = 'success' and not exists (
        select 1 from jobs s
        where s.status = 'success' and (s.created_at, s.id) > (c.created_at, c.id)
          and (case when c.site_key is null then s.site_key is null and s.url = c.url else s.site_key = c.site_key end)))
      -- not among its site's newest keepPerSite jobs
      and (
        select count(*) from (
          select 1 from jobs n
          where (n.created_at, n.id) > (c.created_at, c.id)
            and (case when c.site_key is null then n.site_key is null and n.url = c.url else n.site_key = c.site_key end)
          limit $2
        ) newer
      ) >= $2
    for update of j skip locked
  ),
  gone as (delete from jobs where id in (select id from doomed) returning id)
  select
    (select count(*) from gone)::int as deleted,
    (select count(*) from candidates)::int as read,
    (select to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' from candidates order by finished_at desc, id desc limit 1) as last_at,
    (select id from candidates order by finished_at desc, id desc limit 1) as last_id`;

export function retentionProblem(options: RetentionOptions): string | undefined {
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > RETENTION_LIMITS.maxDays)
    return `days must be an integer from 1 to ${RETENTION_LIMITS.maxDays}`;
  if (
    !Number.isInteger(options.keepPerSite) ||
    options.keepPerSite < 0 ||
    options.keepPerSite > RETENTION_LIMITS.maxKeepPerSite
  )
    return `keepPerSite must be an integer from 0 to ${RETENTION_LIMITS.maxKeepPerSite}`;
  if (
    !Number.isInteger(options.batchSize) ||
    options.batchSize < 1 ||
    options.batchSize > RETENTION_LIMITS.maxBatchSize
  )
    return `batchSize must be an integer from 1 to ${RETENTION_LIMITS.maxBatchSize}`;
  if (!Number.isInteger(options.maxBatches) || options.maxBatches < 1)
    return 'maxBatches must be a positive integer';
  return undefined;
}

interface BatchRow {
  deleted: number;
  read: number;
  last_at: string | null;
  last_id: string | null;
}

/** Deletes finished jobs past retention, in batches (see RetentionOptions). */
export async function pruneFinishedJobs(
  database: Database,
  options: RetentionOptions,
): Promise<RetentionResult> {
  const problem = retentionProblem(options);
  if (problem) throw new RangeError(`retention: ${problem}`);
  let deleted = 0;
  let batches = 0;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    if (options.signal?.aborted) return { deleted, batches, more: true };
    if (batches >= options.maxBatches) return { deleted, batches, more: true };
    const rows: BatchRow[] = await database.exec<BatchRow>(PRUNE_BATCH, [
      options.days,
      options.keepPerSite,
      options.batchSize,
      after?.at ?? null,
      after?.id ?? null,
    ]);
    const row = rows[0];
    batches++;
    deleted += Number(row?.deleted ?? 0);
    const read = Number(row?.read ?? 0);
    if (read < options.batchSize || !row?.last_at || !row.last_id) return { deleted, batches, more: false };
    after = { at: row.last_at, id: row.last_id };
  }
}
