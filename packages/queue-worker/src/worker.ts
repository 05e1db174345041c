import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  ConfigError,
  type CoreSettings,
  type GenerateResult,
  type JobOptions,
  jobOptionsSchema,
  type Logger,
  LtxError,
  normalizeUrl,
  type Progress,
  silentLogger,
  TimeoutError,
  toLtxError,
  ValidationFailedError,
} from '@ltx/core';
import {
  claim,
  complete,
  type Database,
  DatabaseOutageLog,
  fail,
  heartbeat,
  isRetryableDatabaseError,
  JOBS_CHANNEL,
  type Job,
  type JobUsage,
  type Listener,
  latestSuccess,
  markRunning,
  release,
  requeueExpired,
  retryLater,
  updateProgress,
} from '@ltx/data-model';
import { retryDelayMs } from './backoff.js';
import { heartbeatPeriod, WORKER_DEFAULTS, type WorkerConfig } from './config.js';
import { logJobFailure } from './failure-log.js';
import { modelOfJob } from './job-model.js';
import { WorkerMetrics } from './metrics.js';

export interface JobContext {
  signal: AbortSignal;
  logger: Logger;
  settings: CoreSettings;
  options: JobOptions;
  onProgress: (progress: Progress) => void;
  previous?: { llmsTxt: string; contentHash?: string | null } | undefined;
}

/** What runs a claimed job: @ltx/core's generate() in production, a stub in queue benchmarks. */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<GenerateResult>;

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

type AbortReason = 'shutdown' | 'cancelled' | 'lost' | 'timeout';
type Outcome = 'success' | 'failure' | 'retry' | 'cancelled' | 'released' | 'lost';

interface RunningJob {
  job: Job;
  controller: AbortController;
  reason?: AbortReason;
  /** The handler is done and the outcome is being written: heartbeats may no longer abort it. */
  finishing: boolean;
  started: number;
  done?: Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function defaultWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export function startWorker(
  database: Database,
  config: WorkerConfig,
  deps: { logger?: Logger; handler: JobHandler; metrics?: WorkerMetrics },
): WorkerHandle {
  const id = config.workerId ?? defaultWorkerId();
  const log = (deps.logger ?? silentLogger).child({ workerId: id });
  const metrics = deps.metrics ?? new WorkerMetrics(database);
  const handler = deps.handler;
  const retryBaseMs = config.retryBaseMs ?? WORKER_DEFAULTS.retryBaseMs;
  const retryMaxMs = config.retryMaxMs ?? WORKER_DEFAULTS.retryMaxMs;
  const progressIntervalMs = config.progressIntervalMs ?? WORKER_DEFAULTS.progressIntervalMs;
  const heartbeatMs = heartbeatPeriod(config);
  const sweepMs = config.sweepIntervalMs ?? heartbeatMs;

  const running = new Map<string, RunningJob>();
  let stopping = false;
  let forced = false;
  /** Slots promised to claims still in flight. */
  let reserved = 0;
  let sweepPausedUntil = 0;
  /** Set when a shutdown begins: after it, database writes stop retrying and the process may exit. */
  let hardDeadline: number | undefined;
  let fillAgain = false;
  let lastDbOk = Date.now();
  let dbFailures = 0;
  let listener: Listener | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let stopPromise: Promise<void> | undefined;
  let resolveDone!: () => void;
  const promise = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  // One short line per distinct database error (no stacks), repeats at debug, one line when it answers again.
  const outage = new DatabaseOutageLog(log, database.address ?? 'the database');

  function dbOk() {
    if (dbFailures > 0) {
      outage.recovered();
      // Every worker's heartbeats stopped during the outage. Renew ours at once, and hold our own sweep for
      // one lease so that workers coming back together do not take each other's live jobs.
      sweepPausedUntil = Date.now() + config.leaseMs;
      void beat();
    }
    dbFailures = 0;
    lastDbOk = Date.now();
  }

  function dbError(error: unknown, what: string) {
    dbFailures++;
    metrics.dbErrors.inc();
    outage.failed(error, what);
  }

  /** Retries a database write until it lands (the database may be restarting); other errors propagate. */
  async function persist<T>(what: string, write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await write();
        dbOk();
        return result;
      } catch (error) {
        // During a shutdown the database gets until the hard deadline; then the lease takes over.
        if (
          !isRetryableDatabaseError(error) ||
          forced ||
          (hardDeadline !== undefined && Date.now() > hardDeadline)
        )
          throw error;
        dbError(error, what);
        await sleep(Math.min(5000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  // --- claiming -------------------------------------------------------------------------------------

  /** Every fill in progress (a claim and, during a shutdown, the release of what it claimed). */
  const fills = new Set<Promise<void>>();

  function fill(): Promise<void> {
    const pending = fillOnce();
    fills.add(pending);
    void pending.finally(() => fills.delete(pending));
    return pending;
  }

  /**
   * Claims as many jobs as there are free slots. Several claims may be in flight at once (each reserves its
   * slots), so a finished job is replaced at once instead of queueing behind another claim; a wake-up that
   * arrives while every free slot is reserved is remembered and served when a claim returns.
   */
  async function fillOnce(): Promise<void> {
    if (stopping) return;
    const free = config.concurrency - running.size - reserved;
    if (free <= 0) {
      if (reserved > 0) fillAgain = true;
      return;
    }
    fillAgain = false;
    reserved += free;
    log.debug({ free }, 'Polling for jobs...');
    let claimed: Job[];
    try {
      claimed = await claim(database, id, free);
      dbOk();
    } catch (error) {
      dbError(error, 'claim');
      return;
    } finally {
      reserved -= free;
    }
    if (claimed.length > 0) {
      log.debug({ count: claimed.length }, `Found ${claimed.length} pending job(s)`);
      metrics.claims.inc(claimed.length);
    }
    if (stopping) {
      // Claimed while a shutdown began: hand them straight back.
      if (claimed.length > 0)
        await persist('release', () =>
          release(
            database,
            id,
            claimed.map((j) => j.id),
          ),
        ).catch(() => {});
      return;
    }
    for (const job of claimed) begin(job);
    if (claimed.length === free || fillAgain) void fill();
  }

  function schedulePoll() {
    if (stopping) return;
    // Back off while the database is unreachable: 1x, 2x, 4x ... the poll interval, at most 30 s.
    const delay =
      dbFailures === 0
        ? config.pollIntervalMs
        : Math.min(30_000, config.pollIntervalMs * 2 ** Math.min(dbFailures, 5));
    pollTimer = setTimeout(() => {
      void fill().finally(schedulePoll);
    }, delay);
  }

  async function startListening(): Promise<void> {
    for (let attempt = 1; !stopping; attempt++) {
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
        if (stopping) await listener.unlisten().catch(() => {});
        return;
      } catch (error) {
        dbError(error, 'listen');
        await sleep(Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  // --- leases -----------------------------------------------------------------------------------------

  function abort(rj: RunningJob, reason: AbortReason) {
    if (rj.reason || rj.finishing) return;
    rj.reason = reason;
    rj.controller.abort(new Error(`job ${reason}`));
  }

  async function beat() {
    const ids = [...running.keys()];
    if (ids.length === 0) return;
    try {
      const result = await heartbeat(database, id, ids);
      dbOk();
      const owned = new Set(result.owned);
      for (const jobId of ids) {
        const rj = running.get(jobId);
        if (rj && !owned.has(jobId) && !rj.finishing) {
          log.warn({ jobId }, 'lease lost: the job was requeued elsewhere; aborting our run');
          abort(rj, 'lost');
        }
      }
      for (const jobId of result.cancelRequested) {
        const rj = running.get(jobId);
        if (rj) {
          log.info({ jobId }, 'cancel requested: aborting');
          abort(rj, 'cancelled');
        }
      }
    } catch (error) {
      dbError(error, 'heartbeat');
    }
  }

  async function sweep() {
    if (Date.now() < sweepPausedUntil) return;
    try {
      const { requeued, failed } = await requeueExpired(database, config.leaseMs, { exceptWorker: id });
      dbOk();
      for (const jobId of requeued)
        log.warn({ jobId }, 'requeued a job whose worker stopped sending heartbeats');
      for (const jobId of failed)
        log.error({ jobId }, 'failed a job whose worker was lost on its last attempt');
      if (requeued.length > 0) void fill();
    } catch (error) {
      dbError(error, 'lease sweep');
    }
  }

  // --- running a job ------------------------------------------------------------------------------

  function begin(job: Job) {
    const rj: RunningJob = {
      job,
      controller: new AbortController(),
      finishing: false,
      started: performance.now(),
    };
    running.set(job.id, rj);
    metrics.inFlight.set(running.size);
    rj.done = run(rj)
      .catch((error: unknown) =>
        log.error({ err: error, jobId: job.id }, 'unexpected error while running a job'),
      )
      .finally(() => {
        running.delete(job.id);
        metrics.inFlight.set(running.size);
        if (!stopping) void fill();
      });
  }

  function record(rj: RunningJob, outcome: Outcome) {
    metrics.jobs.inc({ outcome });
    metrics.duration.observe({ outcome }, (performance.now() - rj.started) / 1000);
  }

  async function run(rj: RunningJob): Promise<void> {
    const { job } = rj;
    const jobLog = log.child({ jobId: job.id });
    jobLog.info(
      { url: job.url, kind: job.kind, attempt: job.attempts },
      `Processing job ${job.id} for URL: ${job.url}`,
    );

    const parsed = jobOptionsSchema.safeParse(job.options ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
      await settleError(rj, jobLog, new ConfigError(`invalid job options: ${issues.join('; ')}`));
      return;
    }
    const options: JobOptions = {
      ...parsed.data,
      ...(job.model && !parsed.data.model ? { model: job.model } : {}),
    };

    let siteKey: string | undefined;
    try {
      siteKey = normalizeUrl(job.url);
    } catch {
      // An unusable URL: generate() reports it with a clear error below.
    }
    if (!(await persist('mark running', () => markRunning(database, job.id, id, siteKey)))) {
      jobLog.warn('job was taken away before it started running');
      record(rj, 'lost');
      return;
    }

    // A job may ask for less time than the operator's limit, never more.
    const timeoutMs = Math.min(options.jobTimeoutMs ?? config.jobTimeoutMs, config.jobTimeoutMs);
    const timer = setTimeout(() => abort(rj, 'timeout'), timeoutMs);
    try {
      const previousJob =
        job.kind === 'update'
          ? await persist('load previous result', () => latestSuccess(database, siteKey ?? job.url))
          : undefined;
      const previous = previousJob?.llmsTxt
        ? { llmsTxt: previousJob.llmsTxt, contentHash: previousJob.contentHash }
        : undefined;
      const result = await handler(job, {
        signal: rj.controller.signal,
        logger: jobLog,
        settings: config.settings,
        // The effective limit goes down to core, which gives the crawl its share of it.
        options: { ...options, jobTimeoutMs: timeoutMs },
        previous,
        onProgress: progressWriter(rj, jobLog),
      });
      if (rj.reason) throw new Error(`job ${rj.reason}`);
      rj.finishing = true;
      await settleSuccess(rj, jobLog, result);
    } catch (error) {
      rj.finishing = true;
      const reason = rj.reason;
      if (reason === 'timeout') {
        await settleError(
          rj,
          jobLog,
          new TimeoutError(`job exceeded its time limit of ${timeoutMs} ms`, { cause: error }),
        );
      } else if (reason) {
        await settleAbort(rj, jobLog, reason);
      } else {
        await settleError(rj, jobLog, error);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  function progressWriter(rj: RunningJob, jobLog: Logger) {
    let lastWrite = 0;
    let lastPhase = '';
    return (progress: Progress) => {
      const now = Date.now();
      const phaseChanged = progress.phase !== lastPhase;
      if (phaseChanged) {
        if (progress.phase === 'crawling') jobLog.debug(`Job ${rj.job.id}: Fetching website content`);
        if (progress.phase === 'model') jobLog.debug(`Job ${rj.job.id}: Sending to LLM for generation`);
        if (progress.phase === 'validating')
          jobLog.debug({ attempt: progress.attempt }, `Job ${rj.job.id}: Validating the answer`);
      }
      if (!phaseChanged && now - lastWrite < progressIntervalMs) return;
      lastWrite = now;
      lastPhase = progress.phase;
      updateProgress(database, rj.job.id, id, { ...progress }).catch((error: unknown) =>
        jobLog.debug({ err: error }, 'progress not written'),
      );
    };
  }

  async function settleSuccess(rj: RunningJob, jobLog: Logger, result: GenerateResult) {
    const { job } = rj;
    let stored: boolean;
    try {
      stored = await persist('store result', () =>
        complete(database, job.id, id, {
          llmsTxt: result.llmsTxt,
          llmsFullTxt: result.llmsFullTxt ?? null,
          usage: result.usage,
          contentHash: result.contentHash,
          model: result.model ?? null,
          result: {
            generator: result.generator,
            model: result.model,
            pages: result.pages,
            attempts: result.attempts,
            unchanged: result.unchanged,
            warnings: result.warnings,
            limitsHit: result.limitsHit,
            skipped: result.skipped,
            durationMs: result.durationMs,
            promptTokens: result.promptTokens,
          },
        }),
      );
    } catch (error) {
      // Not a connection problem: the row refused the data. Store that as the job's error.
      await settleError(
        rj,
        jobLog,
        new LtxError(
          'internal',
          `could not store the result: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        ),
      );
      return;
    }
    if (!stored) {
      jobLog.warn('result discarded: this worker no longer owns the job (its lease expired)');
      record(rj, 'lost');
      return;
    }
    metrics.tokens.inc({ type: 'prompt' }, result.usage.promptTokens);
    metrics.tokens.inc({ type: 'completion' }, result.usage.completionTokens);
    record(rj, 'success');
    jobLog.info(
      {
        pages: result.pages,
        tokens: result.usage.totalTokens,
        attempts: result.attempts,
        unchanged: result.unchanged,
        generator: result.generator,
      },
      `Job ${job.id} completed successfully`,
    );
  }

  async function settleAbort(rj: RunningJob, jobLog: Logger, reason: Exclude<AbortReason, 'timeout'>) {
    const { job } = rj;
    if (reason === 'lost') {
      jobLog.warn('run abandoned: lease lost');
      record(rj, 'lost');
    } else if (reason === 'shutdown') {
      await persist('release', () => release(database, id, [job.id]));
      jobLog.info('shutdown: job put back to queued without spending an attempt');
      record(rj, 'released');
    } else {
      await persist('cancel', () =>
        fail(database, job.id, id, {
          status: 'cancelled',
          error: 'cancelled by request',
          errorCode: 'cancelled',
        }),
      );
      jobLog.info('job cancelled');
      record(rj, 'cancelled');
    }
  }

  async function settleError(rj: RunningJob, jobLog: Logger, thrown: unknown) {
    const { job } = rj;
    const error = toLtxError(thrown);
    const message =
      error instanceof ValidationFailedError && error.issues.length > 0
        ? `${error.message}:\n- ${error.issues.join('\n- ')}`
        : error.message;
    // Tokens spent on attempts that failed are still spent: keep them on the job.
    const usage = (error.details?.usage as JobUsage | undefined) ?? null;
    if (error.retryable) {
      const delayMs = retryDelayMs(job.attempts, {
        baseMs: retryBaseMs,
        maxMs: retryMaxMs,
        retryAfterMs: error.retryAfterMs,
      });
      const outcome = await persist('schedule retry', () =>
        retryLater(database, job.id, id, { error: message, errorCode: error.code, delayMs, usage }),
      );
      if (outcome === 'retried') {
        // Wake up when the retry is due rather than at the next poll (NOTIFY fired when it was requeued).
        if (delayMs < config.pollIntervalMs) setTimeout(() => void fill(), delayMs + 5).unref();
        logJobFailure(
          jobLog,
          error,
          `Job ${job.id} hit a transient error (${error.message}); retrying in ${delayMs} ms`,
          { delayMs, attempt: job.attempts, maxAttempts: job.maxAttempts },
        );
        record(rj, 'retry');
      } else if (outcome === 'failed') {
        logJobFailure(jobLog, error, `Job ${job.id} failed after its last attempt: ${error.message}`, {
          attempts: job.attempts,
        });
        record(rj, 'failure');
      } else {
        jobLog.warn('error discarded: this worker no longer owns the job');
        record(rj, 'lost');
      }
      return;
    }
    const stored = await persist('store failure', () =>
      fail(database, job.id, id, {
        error: message,
        errorCode: error.code,
        usage,
        model: modelOfJob(job, config.settings),
      }),
    );
    if (stored) {
      logJobFailure(jobLog, error, `Job ${job.id} failed: ${error.message}`);
      record(rj, 'failure');
    } else {
      jobLog.warn('failure discarded: this worker no longer owns the job');
      record(rj, 'lost');
    }
  }

  // --- lifecycle ----------------------------------------------------------------------------------

  async function shutdown(): Promise<void> {
    log.info(
      { inFlight: running.size, graceMs: config.shutdownGraceMs },
      'shutting down: no new claims; waiting for in-flight jobs',
    );
    clearTimeout(pollTimer);
    await listener?.unlisten().catch(() => {});
    // A claim that was in flight when the stop came hands its jobs back before we go on.
    await Promise.allSettled([...fills]);
    const graceTimer = setTimeout(() => {
      if (running.size > 0)
        log.warn(
          { inFlight: running.size },
          'grace period over: aborting in-flight jobs and requeueing them',
        );
      for (const rj of running.values()) abort(rj, 'shutdown');
    }, config.shutdownGraceMs);
    // Heartbeats go on while jobs drain, so their leases stay valid.
    while (running.size > 0) {
      await Promise.race([Promise.allSettled([...running.values()].map((rj) => rj.done)), sleep(250)]);
      if (forced || Date.now() > (hardDeadline ?? Number.POSITIVE_INFINITY)) {
        for (const rj of running.values()) abort(rj, 'shutdown');
        // A handler that ignores its AbortSignal gets one second, then its job is released regardless.
        await Promise.race([Promise.allSettled([...running.values()].map((rj) => rj.done)), sleep(1000)]);
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
    clearInterval(heartbeatTimer);
    clearInterval(sweepTimer);
    log.info('worker stopped');
    resolveDone();
  }

  const handle: WorkerHandle = {
    id,
    metrics,
    promise,
    wake: () => void fill(),
    inFlight: () => running.size,
    healthy: () => !stopping && Date.now() - lastDbOk < Math.max(30_000, 3 * config.pollIntervalMs),
    stop(options = {}) {
      if (options.force) forced = true;
      stopping = true;
      // Grace for the jobs, then a few seconds to write their outcomes; past that the leases recover them.
      hardDeadline ??= Date.now() + config.shutdownGraceMs + 3000;
      stopPromise ??= shutdown();
      return stopPromise;
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
  heartbeatTimer = setInterval(() => void beat(), heartbeatMs);
  sweepTimer = setInterval(() => void sweep(), sweepMs);
  if (config.listen) void startListening();
  void sweep().then(fill);
  schedulePoll();
  return handle;
}
