import type { Logger, LtxError } from '@ltx/core';
import type { CompleteInput, Job, JobProgress, JobUsage } from '@ltx/data-model';

/**
 * The contract between the queue engine and the work it runs. The engine knows jobs, leases and outcomes;
 * a handler knows what a job means (for ltx: generate-handler.ts, which adapts @ltx/core's generate()).
 */
export interface JobHandler {
  /**
   * Reads what a claimed job asks for, before it is marked running. Throwing settles the job as an error
   * (permanent unless the error says a retry helps), without running it.
   */
  prepare(job: Job): PreparedJob;
  /** What to store as a failed job's error text and spent usage (default: the error's message). */
  describeFailure?(error: LtxError, job: Job): JobFailure;
}

export interface PreparedJob {
  /** Stored on the row when it starts running (rows inserted by plain SQL have none). */
  siteKey?: string | undefined;
  /** The job's own time limit; the worker caps it at its own. */
  timeoutMs?: number | undefined;
  run(ctx: RunContext): Promise<JobSuccess>;
}

export interface RunContext {
  /** Aborted on timeout, cancel, lost lease or shutdown. */
  signal: AbortSignal;
  /** Carries the job id. */
  logger: Logger;
  /** The effective time limit of this run. */
  timeoutMs: number;
  /** Throttled progress writes to the job's row. */
  onProgress(progress: JobProgress): void;
  /** Runs a database read or write, retrying while the database is unreachable. */
  persist<T>(what: string, work: () => Promise<T>): Promise<T>;
}

export interface JobSuccess {
  /** What is stored on the row. */
  stored: CompleteInput;
  /** Fields for the "completed" log line. */
  summary?: Record<string, unknown>;
}

export interface JobFailure {
  message: string;
  /** Tokens spent by attempts that failed are still spent: kept on the job. */
  usage?: JobUsage | null;
  /** Stored on a failed job's row when set (for ltx: the model it ran with). */
  model?: string | null;
}
