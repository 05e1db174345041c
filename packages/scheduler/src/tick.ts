import { type CoreSettings, type Logger, silentLogger, toLtxError } from '@ltx/core';
import { type CheckResult, checkSite } from '@ltx/core/crawl';
import {
  type ClaimedSchedule,
  claimDueSchedules,
  type Database,
  enqueueForSchedule,
  getJob,
  hasActiveJob,
  type Job,
  latestSuccess,
  MAX_SCHEDULE_BACKOFF_SECONDS,
  recordScheduleCheck,
  releaseSchedules,
  type Schedule,
  type SettledSchedule,
  scheduleDelaySeconds,
  settleScheduleJobs,
} from '@ltx/data-model';
import pLimit from 'p-limit';

export interface TickOptions {
  logger?: Logger | undefined;
  settings?: CoreSettings | undefined;
  /**
   * A pretend clock for due selection and next runs (tests that travel in time; derive it from the database's
   * clock, see databaseNow). Default: the database's now(), the clock that writes next_run_at.
   */
  now?: Date | undefined;
  /** Most due schedules handled per tick (default 100); the rest wait for the next tick. */
  maxSchedules?: number | undefined;
  /** Change checks in parallel (default 4). */
  concurrency?: number | undefined;
  /** Per-request timeout of a change check (default 15 s). */
  checkTimeoutMs?: number | undefined;
  /** Longest backoff of a failing schedule (default 7 days). */
  maxBackoffSeconds?: number | undefined;
  /**
   * Longest a tick runs (default 10 min): past it, in-flight checks are aborted (those schedules get their
   * normal next run) and the schedules not started yet are given back (due, first in line next tick).
   */
  deadlineMs?: number | undefined;
  /** Aborts in-flight checks (shutdown); the schedules not handled are given back as they were. */
  signal?: AbortSignal | undefined;
  /** Called for each job the tick inserted (ltx serve wakes its in-process worker). */
  onEnqueued?: ((job: Job) => void) | undefined;
}

export type ScheduleOutcome =
  | { scheduleId: string; action: 'enqueued'; jobId: string; created: boolean; reasons: string[] }
  | { scheduleId: string; action: 'unchanged' }
  | { scheduleId: string; action: 'active' }
  /** The tick's deadline aborted its check: not the site's fault, no failure counted; next run as usual. */
  | { scheduleId: string; action: 'deadline'; nextRunAt: Date }
  | { scheduleId: string; action: 'failed'; error: string; failures: number; nextRunAt: Date };

export interface TickResult {
  /** False when another cron process held the lock: this one did nothing. */
  acted: boolean;
  /** Job outcomes accounted to their schedules. */
  settled: SettledSchedule[];
  /** What happened to each due schedule handled by this tick. */
  outcomes: ScheduleOutcome[];
  /** Claimed schedules given back unhandled (shutdown, or the deadline came before their turn). */
  released: number;
}

/** Default bound of one tick (CRON_TICK_DEADLINE_MS). */
export const DEFAULT_TICK_DEADLINE_MS = 10 * 60_000;
/** A claim outlives the tick's deadline by this much, so a live tick's claims never run out under it. */
const LEASE_MARGIN_SECONDS = 5 * 60;

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
  const built = await latestSuccess(database, schedule.siteKey, schedule.owner ?? undefined);

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
    const { job, created } = await enqueueForSchedule(database, schedule, Boolean(built));
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
 * One cron tick, in three steps so that no transaction stays open while the tick talks to sites:
 * 1. select, in one short transaction under the advisory lock (the loser logs and returns acted: false):
 *    settle the outcome of each schedule's last job once (a failure backs the schedule off exponentially, a
 *    success resets its failures), then claim the due, enabled schedules (most overdue first, at most
 *    maxSchedules) by moving their next_run_at to a lease; commit;
 * 2. check, with no transaction: skip a site with a queued or running job; otherwise run the cheap change check
 *    and enqueue a job when the site changed, was never built, or its last job failed;
 * 3. settle each schedule: next_run_at = now + interval, or the backoff of a failed check.
 * Another cron process ticking meanwhile finds the claimed schedules not due; enqueueUnlessActive keeps a second
 * job out even so. The tick is bounded by deadlineMs (see TickOptions).
 */
export async function runTick(database: Database, options: TickOptions = {}): Promise<TickResult> {
  const logger = options.logger ?? silentLogger;
  const deadlineMs = options.deadlineMs ?? DEFAULT_TICK_DEADLINE_MS;
  const claim = await claimDueSchedules(
    database,
    {
      now: options.now,
      limit: options.maxSchedules ?? 100,
      leaseSeconds: Math.ceil(deadlineMs / 1000) + LEASE_MARGIN_SECONDS,
    },
    () => settleScheduleJobs(database, { maxBackoffSeconds: options.maxBackoffSeconds }),
  );
  if (!claim) {
    logger.info('another cron process holds the tick lock: skipping this tick');
    return { acted: false, settled: [], outcomes: [], released: 0 };
  }
  const { now } = claim;
  const settled = claim.before;
  for (const s of settled) {
    logger.info(
      { scheduleId: s.id, jobId: s.jobId, outcome: s.outcome, failures: s.failures, nextRunAt: s.nextRunAt },
      'schedule job settled',
    );
  }

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('tick deadline')), deadlineMs);
  timer.unref();
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const stopped = () => options.signal?.aborted === true;
  const giveBack: ClaimedSchedule[] = [];
  const cap = options.maxBackoffSeconds ?? MAX_SCHEDULE_BACKOFF_SECONDS;
  const limit = pLimit(options.concurrency ?? 4);
  let outcomes: (ScheduleOutcome | undefined)[];
  try {
    outcomes = await Promise.all(
      claim.claimed.map((claimed) =>
        limit(async (): Promise<ScheduleOutcome | undefined> => {
          const { schedule } = claimed;
          if (signal.aborted) {
            giveBack.push(claimed);
            return undefined;
          }
          try {
            return await handleSchedule(database, schedule, { ...options, signal, now, logger });
          } catch (error) {
            if (stopped()) {
              giveBack.push(claimed);
              return undefined;
            }
            if (deadline.signal.aborted) {
              const nextRunAt = addSeconds(
                now,
                scheduleDelaySeconds(schedule.intervalSeconds, schedule.failures, cap),
              );
              await recordScheduleCheck(database, schedule.id, {
                nextRunAt,
                failures: schedule.failures,
                lastError: schedule.lastError,
              });
              logger.warn(
                { scheduleId: schedule.id, url: schedule.url, deadlineMs, nextRunAt },
                'tick deadline passed: change check aborted',
              );
              return { scheduleId: schedule.id, action: 'deadline', nextRunAt };
            }
            // The claim stays: the schedule is looked at again when it runs out.
            logger.error({ err: error, scheduleId: schedule.id }, 'schedule handling failed');
            return undefined;
          }
        }),
      ),
    );
  } finally {
    clearTimeout(timer);
  }
  let released = 0;
  if (giveBack.length > 0) {
    try {
      released = await releaseSchedules(database, giveBack);
      logger.info(
        { released, reason: stopped() ? 'stopping' : 'deadline' },
        'claimed schedules given back unhandled',
      );
    } catch (error) {
      logger.error(
        { err: error, count: giveBack.length },
        'giving schedules back failed; their claims run out',
      );
    }
  }

  const result: TickResult = {
    acted: true,
    settled,
    outcomes: outcomes.filter((o): o is ScheduleOutcome => o !== undefined),
    released,
  };
  if (result.outcomes.length > 0 || result.settled.length > 0 || released > 0) {
    const count = (action: ScheduleOutcome['action']) =>
      result.outcomes.filter((o) => o.action === action).length;
    logger.info(
      {
        settled: result.settled.length,
        due: claim.claimed.length,
        enqueued: count('enqueued'),
        unchanged: count('unchanged'),
        active: count('active'),
        failed: count('failed'),
        deadline: count('deadline'),
        released,
      },
      'tick',
    );
  }
  return result;
}
