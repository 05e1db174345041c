import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger, silentLogger } from '@ltx/core';
import {
  claim,
  type Database,
  heartbeat,
  JOBS_CHANNEL,
  type Job,
  type Listener,
  release,
  requeueExpired,
} from '@ltx/data-model';
import { backoffMs } from './backoff.js';
import { heartbeatPeriod, WORKER_DEFAULTS, type WorkerConfig } from './config.js';
import { DatabaseHealth } from './database-health.js';
import type { JobHandler } from './job-handler.js';
import { WorkerMetrics } from './metrics.js';
import { type RunJobDeps, RunningJob, runJob } from './run-job.js';

export interface WorkerHandle {
  readonly id: string;
  readonly metrics: WorkerMetrics;
  /** Settles when the worker has stopped. */
  readonly promise: Promise<void>;
  /** Claim now (a job was just enqueued in this process). */
  wake(): void;
  /**
   * Stops claiming, gives in-flight jobs `shutdownGraceMs` to finish, then aborts them and puts them back
   * to queued without spending an attempt. `force` aborts at once (a second SIGTERM).
   */
  stop(options?: { force?: boolean }): Promise<void>;
  inFlight(): number;
  /** The database answered recently and the worker is not stopping. */
  healthy(): boolean;
}

export function defaultWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Where a stop stands. */
interface StopState {
  stopping: boolean;
  forced: boolean;
  /** Set when a shutdown begins: after it, database writes stop retrying and the process may exit. */
  hardDeadline: number | undefined;
  promise: Promise<void> | undefined;
}

/** Slots promised to claims still in flight, and whether a wake-up arrived while all were promised. */
interface ClaimState {
  reserved: number;
  fillAgain: boolean;
  /** Every fill in progress (a claim and, during a shutdown, the release of what it claimed). */
  fills: Set<Promise<void>>;
}

interface Timers {
  poll?: NodeJS.Timeout | undefined;
  heartbeat?: NodeJS.Timeout | undefined;
  sweep?: NodeJS.Timeout | undefined;
}

/**
 * The queue engine: claims jobs into free slots (LISTEN/NOTIFY plus a fallback poll), keeps their leases
 * alive, requeues the jobs of lost workers, and drains on stop. What a job means is the handler's business;
 * one job's life is run-job's.
 */
export function startWorker(
  database: Database,
  config: WorkerConfig,
  deps: { logger?: Logger; handler: JobHandler; metrics?: WorkerMetrics },
): WorkerHandle {
  const id = config.workerId ?? defaultWorkerId();
  const log = (deps.logger ?? silentLogger).child({ workerId: id });
  const metrics = deps.metrics ?? new WorkerMetrics(database);
  const heartbeatMs = heartbeatPeriod(config);
  const sweepMs = config.sweepIntervalMs ?? heartbeatMs;

  const running = new Map<string, RunningJob>();
  const stop: StopState = { stopping: false, forced: false, hardDeadline: undefined, promise: undefined };
  const claims: ClaimState = { reserved: 0, fillAgain: false, fills: new Set() };
  const timers: Timers = {};
  let sweepPausedUntil = 0;
  let listener: Listener | undefined;
  let resolveDone!: () => void;
  const promise = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const health = new DatabaseHealth(
    log,
    database.address ?? 'the database',
    metrics,
    () => {
      // Every worker's heartbeats stopped during the outage, not only ours. Renew ours at once, and hold our
      // sweep for one full lease from now, so every other live worker gets a whole lease to renew its own
      // before we judge it; a worker that really died is swept one lease later.
      sweepPausedUntil = Date.now() + config.leaseMs;
      void beat();
    },
    () => !stop.forced && (stop.hardDeadline === undefined || Date.now() <= stop.hardDeadline),
  );

  const runDeps: RunJobDeps = {
    database,
    workerId: id,
    handler: deps.handler,
    health,
    metrics,
    log,
    policy: {
      retryBaseMs: config.retryBaseMs ?? WORKER_DEFAULTS.retryBaseMs,
      retryMaxMs: config.retryMaxMs ?? WORKER_DEFAULTS.retryMaxMs,
      jobTimeoutMs: config.jobTimeoutMs,
      progressIntervalMs: config.progressIntervalMs ?? WORKER_DEFAULTS.progressIntervalMs,
    },
    // The next claim overlaps the outcome's write (as graphile-worker's fire-and-forget completion does):
    // without this every slot waited a whole round trip for its result to be stored before claiming.
    slotFreed() {
      if (!stop.stopping) void fill();
    },
    retryDue(delayMs) {
      // Wake up when the retry is due rather than at the next poll (NOTIFY fired when it was requeued).
      if (delayMs < config.pollIntervalMs) setTimeout(() => void fill(), delayMs + 5).unref();
    },
  };

  // --- claiming -------------------------------------------------------------------------------------

  function fill(): Promise<void> {
    const pending = fillOnce();
    claims.fills.add(pending);
    void pending.finally(() => claims.fills.delete(pending));
    return pending;
  }

  /**
   * Claims as many jobs as there are free slots. Several claims may be in flight at once (each reserves its
   * slots), so a finished job is replaced at once instead of queueing behind another claim; a wake-up that
   * arrives while every free slot is reserved is remembered and served when a claim returns.
   */
  async function fillOnce(): Promise<void> {
    if (stop.stopping) return;
    const free = freeSlots() - claims.reserved;
    if (free <= 0) {
      if (claims.reserved > 0) claims.fillAgain = true;
      return;
    }
    claims.fillAgain = false;
    claims.reserved += free;
    log.debug({ free }, 'Polling for jobs...');
    let claimed: Job[];
    try {
      claimed = await claim(database, id, free);
      health.ok();
    } catch (error) {
      health.error(error, 'claim');
      return;
    } finally {
      claims.reserved -= free;
    }
    if (claimed.length > 0) {
      log.debug({ count: claimed.length }, `Found ${claimed.length} pending job(s)`);
      metrics.claims.inc(claimed.length);
    }
    if (stop.stopping) {
      // Claimed while a shutdown began: hand them straight back.
      if (claimed.length > 0)
        await health
          .persist('release', () =>
            release(
              database,
              id,
              claimed.map((j) => j.id),
            ),
          )
          .catch(() => {});
      return;
    }
    for (const job of claimed) begin(job);
    if (claimed.length === free || claims.fillAgain) void fill();
  }

  /**
   * Slots for new claims: `concurrency` handlers at once. A job whose handler is done and whose outcome is
   * being written (finishing) no longer holds its slot, but at most `concurrency` of those are carried, so a
   * database that stores outcomes slowly slows claiming down instead of piling up claimed jobs.
   */
  function freeSlots(): number {
    let finishing = 0;
    for (const rj of running.values()) if (rj.finishing) finishing++;
    const handlers = running.size - finishing;
    return Math.min(config.concurrency - handlers, 2 * config.concurrency - running.size);
  }

  function schedulePoll() {
    if (stop.stopping) return;
    // Back off while the database is unreachable: 1x, 2x, 4x ... the poll interval, at most 30 s.
    const delay =
      health.failures === 0
        ? config.pollIntervalMs
        : backoffMs(health.failures, { baseMs: config.pollIntervalMs, maxMs: 30_000, maxExponent: 5 });
    timers.poll = setTimeout(() => {
      void fill().finally(schedulePoll);
    }, delay);
  }

  async function startListening(): Promise<void> {
    for (let attempt = 1; !stop.stopping; attempt++) {
      try {
        listener = await database.listen(
          JOBS_CHANNEL,
          () => void fill(),
          () => {
            // Called on every (re)connection of the LISTEN connection: catch up on what we missed.
            log.debug('listening for new jobs');
            void fill();
          },
        );
        if (stop.stopping) await listener.unlisten().catch(() => {});
        return;
      } catch (error) {
        health.error(error, 'listen');
        await sleep(backoffMs(attempt, { baseMs: 500, maxMs: 30_000, maxExponent: 6 }));
      }
    }
  }

  function begin(job: Job) {
    const rj = new RunningJob(job);
    running.set(job.id, rj);
    metrics.inFlight.set(running.size);
    rj.done = runJob(rj, runDeps)
      .catch((error: unknown) =>
        log.error({ err: error, jobId: job.id }, 'unexpected error while running a job'),
      )
      .finally(() => {
        running.delete(job.id);
        metrics.inFlight.set(running.size);
        if (!stop.stopping) void fill();
      });
  }

  // --- leases -----------------------------------------------------------------------------------------

  async function beat() {
    const ids = [...running.keys()];
    if (ids.length === 0) return;
    try {
      const result = await heartbeat(database, id, ids);
      health.ok();
      const owned = new Set(result.owned);
      for (const jobId of ids) {
        const rj = running.get(jobId);
        if (rj && !owned.has(jobId) && !rj.finishing) {
          log.warn({ jobId }, 'lease lost: the job was requeued elsewhere; aborting our run');
          rj.abort('lost');
        }
      }
      for (const jobId of result.cancelRequested) {
        const rj = running.get(jobId);
        if (rj) {
          log.info({ jobId }, 'cancel requested: aborting');
          rj.abort('cancelled');
        }
      }
    } catch (error) {
      health.error(error, 'heartbeat');
    }
  }

  /**
   * Requeues the jobs of workers whose lease ran out. Held while our last statement failed (the database may
   * be away for everyone: then nobody could renew) and for a lease after it answers again (see onRecovered),
   * so the first statement after an outage is never a sweep. The query itself also holds for a lease after a
   * server restart (pg_postmaster_start_time), for workers that started after it and saw no outage.
   */
  async function sweep() {
    if (health.failures > 0 || Date.now() < sweepPausedUntil) return;
    try {
      const { requeued, failed } = await requeueExpired(database, config.leaseMs, { exceptWorker: id });
      health.ok();
      for (const jobId of requeued)
        log.warn({ jobId }, 'requeued a job whose worker stopped sending heartbeats');
      for (const jobId of failed)
        log.error({ jobId }, 'failed a job whose worker was lost on its last attempt');
      if (requeued.length > 0) void fill();
    } catch (error) {
      health.error(error, 'lease sweep');
    }
  }

  // --- shutdown ---------------------------------------------------------------------------------------

  const settledOrAfter = (ms: number) =>
    Promise.race([Promise.allSettled([...running.values()].map((rj) => rj.done)), sleep(ms)]);

  async function shutdown(): Promise<void> {
    log.info(
      { inFlight: running.size, graceMs: config.shutdownGraceMs },
      'shutting down: no new claims; waiting for in-flight jobs',
    );
    clearTimeout(timers.poll);
    await listener?.unlisten().catch(() => {});
    // A claim that was in flight when the stop came hands its jobs back before we go on.
    await Promise.allSettled([...claims.fills]);
    const graceTimer = setTimeout(() => {
      if (running.size > 0)
        log.warn(
          { inFlight: running.size },
          'grace period over: aborting in-flight jobs and requeueing them',
        );
      for (const rj of running.values()) rj.abort('shutdown');
    }, config.shutdownGraceMs);
    // Heartbeats go on while jobs drain, so their leases stay valid.
    while (running.size > 0) {
      await settledOrAfter(250);
      if (stop.forced || Date.now() > (stop.hardDeadline ?? Number.POSITIVE_INFINITY)) {
        for (const rj of running.values()) rj.abort('shutdown');
        // A handler that ignores its AbortSignal gets one second, then its job is released regardless.
        await settledOrAfter(1000);
        const stuck = [...running.keys()];
        if (stuck.length > 0) {
          await release(database, id, stuck).catch((error: unknown) =>
            log.error({ err: error }, 'could not release jobs'),
          );
          log.warn({ jobs: stuck }, 'forced: released jobs whose handlers did not stop');
        }
        break;
      }
    }
    clearTimeout(graceTimer);
    clearInterval(timers.heartbeat);
    clearInterval(timers.sweep);
    log.info('worker stopped');
    resolveDone();
  }

  const handle: WorkerHandle = {
    id,
    metrics,
    promise,
    wake: () => void fill(),
    inFlight: () => running.size,
    healthy: () =>
      !stop.stopping && Date.now() - health.lastOkAt < Math.max(30_000, 3 * config.pollIntervalMs),
    stop(options = {}) {
      if (options.force) stop.forced = true;
      stop.stopping = true;
      // Grace for the jobs, then a few seconds to write their outcomes; past that the leases recover them.
      stop.hardDeadline ??= Date.now() + config.shutdownGraceMs + 3000;
      stop.promise ??= shutdown();
      return stop.promise;
    },
  };

  log.info(
    {
      concurrency: config.concurrency,
      leaseMs: config.leaseMs,
      listen: config.listen,
      pollIntervalMs: config.pollIntervalMs,
    },
    `Worker service starting with poll interval: ${config.pollIntervalMs}ms`,
  );
  timers.heartbeat = setInterval(() => void beat(), heartbeatMs);
  timers.sweep = setInterval(() => void sweep(), sweepMs);
  if (config.listen) void startListening();
  void sweep().then(fill);
  schedulePoll();
  return handle;
}
