import { type CoreSettings, type Logger, silentLogger, toLtxError } from '@ltx/core';
import {
  type Database,
  dueSchedules,
  enqueueUnlessActive,
  getJob,
  hasActiveJob,
  type Job,
  latestSuccess,
  MAX_SCHEDULE_BACKOFF_SECONDS,
  recordScheduleCheck,
  type Schedule,
  type SettledSchedule,
  scheduleDelaySeconds,
  settleScheduleJobs,
} from '@ltx/data-model';
import { sql } from 'drizzle-orm';
import pLimit from 'p-limit';
import { type CheckResult, checkSite } from './change-check.js';

/** Arbitrary constant naming the cron's advisory lock (one tick at a time across every cron process). */
export const TICK_LOCK_KEY = 7_400_202;

export interface TickOptions {
  logger?: Logger | undefined;
  settings?: CoreSettings | undefined;
  /** The tick's clock for due selection and next runs (default: now). */
  now?: Date | undefined;
  /** Most due schedules handled per tick (default 100); the rest wait for the next tick. */
  maxSchedules?: number | undefined;
  /** Change checks in parallel (default 4). */
  concurrency?: number | undefined;
  /** Per-request timeout of a change check (default 15 s). */
  checkTimeoutMs?: number | undefined;
  /** Longest backoff of a failing schedule (default 7 days). */
  maxBackoffSeconds?: number | undefined;
  /** Aborts in-flight checks (shutdown). */
  signal?: AbortSignal | undefined;
  /** Called for each job the tick inserted (ltx serve wakes its in-process worker). */
  onEnqueued?: ((job: Job) => void) | undefined;
}

export type ScheduleOutcome =
  | { scheduleId: string; action: 'enqueued'; jobId: string; created: boolean; reasons: string[] }
  | { scheduleId: string; action: 'unchanged' }
  | { scheduleId: string; action: 'active' }
  | { scheduleId: string; action: 'failed'; error: string; failures: number; nextRunAt: Date };

export interface TickResult {
  /** False when another cron process held the lock: this one did nothing. */
  acted: boolean;
  /** Job outcomes accounted to their schedules. */
  settled: SettledSchedule[];
  /** What happened to each due schedule. */
  outcomes: ScheduleOutcome[];
}

/**
 * Runs `fn` while holding the cron lock, or returns undefined when another process holds it.
 * PostgreSQL: pg_try_advisory_xact_lock in a transaction that stays open for the tick (the lock goes with the
 * transaction, so a crashed cron never leaves it held); the tick's own queries use other pool connections.
 * PGlite is one in-process database used by one process, so there is nobody to exclude (and a transaction
 * would block the process's other queries).
 */
async function withTickLock<T>(database: Database, fn: () => Promise<T>): Promise<T | undefined> {
  if (database.kind === 'pglite') return fn();
  let out: T | undefined;
  await database.db.transaction(async (tx) => {
    const rows = (await tx.execute(
      sql`select pg_try_advisory_xact_lock(${TICK_LOCK_KEY}) as locked`,
    )) as unknown as {
      locked: boolean;
    }[];
    if (rows[0]?.locked !== true) return;
    out = await fn();
  });
  return out;
}

const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

async function handleSchedule(
  database: Database,
  schedule: Schedule,
  options: TickOptions & { now: Date; logger: Logger },
): Promise<ScheduleOutcome> {
  const { now, logger } = options;
  const log = logger.child({ scheduleId: schedule.id, url: schedule.url });
  const cap = options.maxBackoffSeconds ?? MAX_SCHEDULE_BACKOFF_SECONDS;

  if (await hasActiveJob(database, schedule.siteKey)) {
    // Its outcome is settled when it ends; look again one interval later. last_checked_at stays as it is.
    await recordScheduleCheck(database, schedule.id, {
      nextRunAt: addSeconds(now, schedule.intervalSeconds),
      failures: schedule.failures,
      lastError: schedule.lastError,
    });
    log.debug('site has a queued or running job: skipped');
    return { scheduleId: schedule.id, action: 'active' };
  }

  const lastJob = schedule.lastJobId ? await getJob(database, schedule.lastJobId) : undefined;
  const retry = lastJob?.status === 'failure';
  const built = await latestSuccess(database, schedule.siteKey);

  let check: CheckResult;
  try {
    check = await checkSite(schedule.url, schedule.signals, {
      settings: options.settings,
      logger: log,
      signal: options.signal,
      requestTimeoutMs: options.checkTimeoutMs,
    });
  } catch (error) {
    const failure = toLtxError(error);
    if (failure.code === 'aborted' && options.signal?.aborted) throw error;
    const failures = schedule.failures + 1;
    const nextRunAt = addSeconds(now, scheduleDelaySeconds(schedule.intervalSeconds, failures, cap));
    await recordScheduleCheck(database, schedule.id, {
      checkedAt: 'now',
      nextRunAt,
      failures,
      lastError: `change check failed (${failure.code}): ${failure.message}`,
    });
    log.warn(
      { err: failure.message, code: failure.code, failures, nextRunAt },
      'change check failed: backing off',
    );
    return { scheduleId: schedule.id, action: 'failed', error: failure.message, failures, nextRunAt };
  }

  const reasons = [
    ...(built ? [] : ['never built']),
    ...(retry ? ['last job failed'] : []),
    ...check.reasons,
  ];
  if (!built || retry || check.changed) {
    const { job, created } = await enqueueUnlessActive(database, {
      url: schedule.url,
      siteKey: schedule.siteKey,
      kind: built ? 'update' : 'new',
      model: schedule.model,
      options: schedule.options ?? {},
      scheduleId: schedule.id,
    });
    await recordScheduleCheck(database, schedule.id, {
      // The job's creation time: a job that finishes before this write is still settled next tick.
      checkedAt: job.createdAt,
      // Failures stay until the job's outcome is settled; a failing site keeps its longer wait.
      nextRunAt: addSeconds(now, scheduleDelaySeconds(schedule.intervalSeconds, schedule.failures, cap)),
      failures: schedule.failures,
      lastError: schedule.lastError,
      signals: check.signals,
      lastJobId: job.id,
      enqueuedAt: now,
    });
    if (created) options.onEnqueued?.(job);
    log.info({ jobId: job.id, kind: job.kind, created, reasons }, 'site changed: job enqueued');
    return { scheduleId: schedule.id, action: 'enqueued', jobId: job.id, created, reasons };
  }

  await recordScheduleCheck(database, schedule.id, {
    checkedAt: 'now',
    nextRunAt: addSeconds(now, schedule.intervalSeconds),
    failures: 0,
    lastError: null,
    signals: check.signals,
  });
  log.debug({ requests: check.requests }, 'site unchanged');
  return { scheduleId: schedule.id, action: 'unchanged' };
}

/**
 * One cron tick. Under the advisory lock (the loser logs and returns acted: false):
 * 1. settle: the outcome of each schedule's last job is accounted once (a failure backs the schedule off
 *    exponentially, a success resets its failures);
 * 2. for each due, enabled schedule (most overdue first, at most maxSchedules): skip it when its site has a
 *    queued or running job; otherwise run the cheap change check and enqueue a job when the site changed,
 *    was never built, or its last job failed; a failed check backs off like a failed job.
 * Every decision moves next_run_at forward, so a schedule is handled once per due time even when several
 * cron processes tick one after the other; enqueueUnlessActive keeps a second job out even if they overlap.
 */
export async function runTick(database: Database, options: TickOptions = {}): Promise<TickResult> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? new Date();
  const result = await withTickLock(database, async (): Promise<TickResult> => {
    const settled = await settleScheduleJobs(database, { maxBackoffSeconds: options.maxBackoffSeconds });
    for (const s of settled) {
      logger.info(
        {
          scheduleId: s.id,
          jobId: s.jobId,
          outcome: s.outcome,
          failures: s.failures,
          nextRunAt: s.nextRunAt,
        },
        'schedule job settled',
      );
    }
    const due = await dueSchedules(database, { now, limit: options.maxSchedules ?? 100 });
    const limit = pLimit(options.concurrency ?? 4);
    const outcomes = await Promise.all(
      due.map((schedule) =>
        limit(async () => {
          if (options.signal?.aborted) return undefined;
          try {
            return await handleSchedule(database, schedule, { ...options, now, logger });
          } catch (error) {
            if (options.signal?.aborted) return undefined;
            logger.error({ err: error, scheduleId: schedule.id }, 'schedule handling failed');
            return undefined;
          }
        }),
      ),
    );
    return { acted: true, settled, outcomes: outcomes.filter((o): o is ScheduleOutcome => o !== undefined) };
  });
  if (!result) {
    logger.info('another cron process holds the tick lock: skipping this tick');
    return { acted: false, settled: [], outcomes: [] };
  }
  if (result.outcomes.length > 0 || result.settled.length > 0) {
    const count = (action: ScheduleOutcome['action']) =>
      result.outcomes.filter((o) => o.action === action).length;
    logger.info(
      {
        settled: result.settled.length,
        due: result.outcomes.length,
        enqueued: count('enqueued'),
        unchanged: count('unchanged'),
        active: count('active'),
        failed: count('failed'),
      },
      'tick',
    );
  }
  return result;
}
