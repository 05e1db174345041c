import { type Logger, LtxError, toLtxError } from '@ltx/core';
import {
  complete,
  type Database,
  fail,
  type Job,
  type JobProgress,
  markRunning,
  release,
  retryLater,
  updateProgress,
} from '@ltx/data-model';
import type { DatabaseHealth } from './database-health.js';
import { logJobFailure } from './failure-log.js';
import type { JobFailure, JobHandler, JobSuccess, PreparedJob } from './job-handler.js';
import type { WorkerMetrics } from './metrics.js';
import { type AbortReason, decideSettlement, type Settlement, type SettlePolicy } from './settle-decision.js';

type Outcome = 'success' | 'failure' | 'retry' | 'cancelled' | 'released' | 'lost';

/** One claimed job in this process: the engine aborts it, run-job settles it. */
export class RunningJob {
  readonly controller = new AbortController();
  reason: AbortReason | undefined;
  /** The handler is done and the outcome is being written: heartbeats may no longer abort it. */
  finishing = false;
  readonly started = performance.now();
  done: Promise<void> | undefined;

  constructor(readonly job: Job) {}

  abort(reason: AbortReason): void {
    if (this.reason || this.finishing) return;
    this.reason = reason;
    this.controller.abort(new Error(`job ${reason}`));
  }
}

/** What run-job needs from the engine that runs it. */
export interface RunJobDeps {
  database: Database;
  workerId: string;
  handler: JobHandler;
  health: DatabaseHealth;
  metrics: WorkerMetrics;
  log: Logger;
  policy: SettlePolicy & { jobTimeoutMs: number; progressIntervalMs: number };
  /** A retry is due in `delayMs`: claim then. */
  retryDue(delayMs: number): void;
  /** The handler is done and its outcome is about to be written: its slot may take the next job. */
  slotFreed(): void;
}

/** One job's life: prepare, mark running as the handler starts, run under a time limit, settle the outcome. */
export async function runJob(rj: RunningJob, deps: RunJobDeps): Promise<void> {
  const { job } = rj;
  const log = deps.log.child({ jobId: job.id });
  log.info(
    { url: job.url, kind: job.kind, attempt: job.attempts },
    `Processing job ${job.id} for URL: ${job.url}`,
  );
  const record = (outcome: Outcome) => {
    deps.metrics.jobs.inc({ outcome });
    deps.metrics.duration.observe({ outcome }, (performance.now() - rj.started) / 1000);
  };

  let prepared: PreparedJob;
  try {
    prepared = deps.handler.prepare(job);
  } catch (error) {
    const settlement = decideSettlement(
      { thrown: error, attempt: job.attempts, timeoutMs: deps.policy.jobTimeoutMs },
      deps.policy,
    );
    record(await settle(rj, settlement, deps, log));
    return;
  }

  const persist = deps.health.persist.bind(deps.health);
  // started -> running is written while the handler starts, not before it: waiting for it put a second
  // sequential commit in every slot's cycle (claim, then running), where graphile-worker has one. The job
  // still passes visibly through running: its outcome is written only after running is stored. A job that
  // turns out not to be ours (its lease was taken between claim and running) has its handler aborted.
  const running = persist('mark running', () =>
    markRunning(deps.database, job.id, deps.workerId, prepared.siteKey),
  );
  running.then(
    (owned) => {
      if (!owned) rj.abort('lost');
    },
    () => rj.abort('lost'),
  );

  // A job may ask for less time than the operator's limit, never more.
  const timeoutMs = Math.min(prepared.timeoutMs ?? deps.policy.jobTimeoutMs, deps.policy.jobTimeoutMs);
  const timer = setTimeout(() => rj.abort('timeout'), timeoutMs);
  let success: JobSuccess | undefined;
  let settlement: Settlement | undefined;
  try {
    success = await prepared.run({
      signal: rj.controller.signal,
      logger: log,
      timeoutMs,
      onProgress: progressWriter(rj, deps),
      persist,
    });
    if (rj.reason) throw new Error(`job ${rj.reason}`);
  } catch (error) {
    success = undefined;
    settlement = decideSettlement(
      { thrown: error, reason: rj.reason, attempt: job.attempts, timeoutMs },
      deps.policy,
    );
  } finally {
    rj.finishing = true;
    clearTimeout(timer);
  }
  deps.slotFreed();
  if (!(await running)) {
    log.warn('job was taken away before it started running');
    record('lost');
    return;
  }
  record(success ? await store(rj, success, deps, log) : await settle(rj, settlement!, deps, log));
}

/** Progress writes of one run: every phase change, otherwise at most one per `progressIntervalMs`. */
function progressWriter(rj: RunningJob, deps: RunJobDeps) {
  let lastWrite = 0;
  let lastPhase = '';
  return (progress: JobProgress) => {
    const now = Date.now();
    if (progress.phase === lastPhase && now - lastWrite < deps.policy.progressIntervalMs) return;
    lastWrite = now;
    lastPhase = progress.phase;
    updateProgress(deps.database, rj.job.id, deps.workerId, { ...progress }).catch((error: unknown) =>
      deps.log.debug({ err: error, jobId: rj.job.id }, 'progress not written'),
    );
  };
}

async function store(rj: RunningJob, success: JobSuccess, deps: RunJobDeps, log: Logger): Promise<Outcome> {
  const { job } = rj;
  let stored: boolean;
  try {
    stored = await deps.health.persist('store result', () =>
      complete(deps.database, job.id, deps.workerId, success.stored),
    );
  } catch (error) {
    // Not a connection problem: the row refused the data. Store that as the job's error.
    const refused = new LtxError(
      'internal',
      `could not store the result: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
    return settle(rj, { action: 'fail', error: refused }, deps, log);
  }
  if (!stored) {
    log.warn('result discarded: this worker no longer owns the job (its lease expired)');
    return 'lost';
  }
  const usage = success.stored.usage;
  if (usage) {
    deps.metrics.tokens.inc({ type: 'prompt' }, usage.promptTokens);
    deps.metrics.tokens.inc({ type: 'completion' }, usage.completionTokens);
  }
  log.info(success.summary ?? {}, `Job ${job.id} completed successfully`);
  return 'success';
}

function describe(deps: RunJobDeps, error: LtxError, job: Job): JobFailure {
  return deps.handler.describeFailure?.(error, job) ?? { message: error.message };
}

async function settle(
  rj: RunningJob,
  settlement: Settlement,
  deps: RunJobDeps,
  log: Logger,
): Promise<Outcome> {
  const { job } = rj;
  const { database, workerId, health } = deps;
  switch (settlement.action) {
    case 'abandon':
      log.warn('run abandoned: lease lost');
      return 'lost';
    case 'release':
      await health.persist('release', () => release(database, workerId, [job.id]));
      log.info('shutdown: job put back to queued without spending an attempt');
      return 'released';
    case 'cancel':
      await health.persist('cancel', () =>
        fail(database, job.id, workerId, {
          status: 'cancelled',
          error: 'cancelled by request',
          errorCode: 'cancelled',
        }),
      );
      log.info('job cancelled');
      return 'cancelled';
    case 'retry': {
      const { error, delayMs } = settlement;
      const { message, usage = null } = describe(deps, error, job);
      const outcome = await health.persist('schedule retry', () =>
        retryLater(database, job.id, workerId, { error: message, errorCode: error.code, delayMs, usage }),
      );
      if (outcome === 'retried') {
        deps.retryDue(delayMs);
        logJobFailure(
          log,
          error,
          `Job ${job.id} hit a transient error (${error.message}); retrying in ${delayMs} ms`,
          { delayMs, attempt: job.attempts, maxAttempts: job.maxAttempts },
        );
        return 'retry';
      }
      if (outcome === 'failed') {
        logJobFailure(log, error, `Job ${job.id} failed after its last attempt: ${error.message}`, {
          attempts: job.attempts,
        });
        return 'failure';
      }
      log.warn('error discarded: this worker no longer owns the job');
      return 'lost';
    }
    case 'fail': {
      const error = toLtxError(settlement.error);
      const { message, usage = null, model = null } = describe(deps, error, job);
      const stored = await health.persist('store failure', () =>
        fail(database, job.id, workerId, { error: message, errorCode: error.code, usage, model }),
      );
      if (stored) {
        logJobFailure(log, error, `Job ${job.id} failed: ${error.message}`);
        return 'failure';
      }
      log.warn('failure discarded: this worker no longer owns the job');
      return 'lost';
    }
  }
}
