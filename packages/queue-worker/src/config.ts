import { DEFAULT_LIMITS } from '@ltx/core';

export interface WorkerConfig {
  /** Unique per process; stored in jobs.locked_by. Default: host-pid-random. */
  workerId?: string;
  /** Jobs in flight at once (WORKER_CONCURRENCY, default 8). */
  concurrency: number;
  /** Fallback poll when no notification arrives (WORKER_POLL_INTERVAL_MS, default 1000). */
  pollIntervalMs: number;
  /** A job whose heartbeat is older than this is requeued by any worker (WORKER_LEASE_MS, default 30 s). */
  leaseMs: number;
  /** Heartbeat period; default min(5 s, lease / 3). */
  heartbeatMs?: number;
  /** Lease-sweep period; default the heartbeat period. */
  sweepIntervalMs?: number;
  /** In-flight jobs get this long to finish on SIGTERM before being aborted and requeued (default 25 s). */
  shutdownGraceMs: number;
  /** Hard time limit per job unless the job's options set jobTimeoutMs (default 300 s). */
  jobTimeoutMs: number;
  /** LISTEN for new jobs (default true); polling alone when false. */
  listen: boolean;
  /** First retry delay; doubles per attempt, with jitter (default 2 s). */
  retryBaseMs?: number;
  /** Longest retry delay (default 10 min). */
  retryMaxMs?: number;
  /** Minimum gap between two progress writes of one job (default 500 ms). */
  progressIntervalMs?: number;
}

export const WORKER_DEFAULTS = {
  concurrency: 8,
  pollIntervalMs: 1000,
  leaseMs: 30_000,
  shutdownGraceMs: 25_000,
  /** Core's own default limit of a job. */
  jobTimeoutMs: DEFAULT_LIMITS.jobTimeoutMs,
  listen: true,
  retryBaseMs: 2000,
  retryMaxMs: 600_000,
  progressIntervalMs: 500,
} as const;

export function heartbeatPeriod(config: WorkerConfig): number {
  return config.heartbeatMs ?? Math.max(100, Math.min(5000, Math.floor(config.leaseMs / 3)));
}
