import type { RetentionOptions } from '@ltx/data-model';

/** Retention batches after each tick at most (LTX_RETENTION_BATCH jobs each); the rest waits a tick. */
export const RETENTION_BATCHES_PER_TICK = 20;

/** The retention variables as @ltx/config's retentionEnvShape parses them. */
export interface RetentionEnv {
  LTX_RETENTION_DAYS: number;
  LTX_RETENTION_KEEP_JOBS: number;
  LTX_RETENTION_BATCH: number;
}

/**
 * The scheduler's retention from the environment, the same in every process that runs the cron loop (the cron
 * app and `ltx serve`); undefined when LTX_RETENTION_DAYS is 0 (retention off).
 */
export function retentionFromEnv(env: RetentionEnv): Omit<RetentionOptions, 'signal'> | undefined {
  if (env.LTX_RETENTION_DAYS <= 0) return undefined;
  return {
    days: env.LTX_RETENTION_DAYS,
    keepPerSite: env.LTX_RETENTION_KEEP_JOBS,
    batchSize: env.LTX_RETENTION_BATCH,
    maxBatches: RETENTION_BATCHES_PER_TICK,
  };
}
