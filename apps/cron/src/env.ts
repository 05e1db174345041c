import { allowPrivateHosts, envInt, readEnv, serviceEnvShape } from '@ltx/config';
import { z } from 'zod';

/** The cron's environment, read and validated once at start. */
export const cronEnvSchema = z.object({
  ...serviceEnvShape,
  /** Pause between two ticks. */
  CRON_TICK_MS: envInt(1000, 86_400_000).default(60_000),
  /** Longest a tick runs: past it, checks in flight are aborted and the schedules left wait for the next. */
  CRON_TICK_DEADLINE_MS: envInt(1000, 86_400_000).default(600_000),
  /** Change checks in parallel within a tick. */
  CRON_CONCURRENCY: envInt(1, 64).default(4),
  /** Due schedules handled per tick (the rest wait for the next). */
  CRON_MAX_SCHEDULES_PER_TICK: envInt(1, 10_000).default(100),
  /**
   * Finished jobs older than this many days are deleted, except each site's newest success and its
   * LTX_RETENTION_KEEP_JOBS newest jobs. 0 turns retention off.
   */
  LTX_RETENTION_DAYS: envInt(0, 36_500).default(30),
  /** Newest jobs kept per site whatever their age. */
  LTX_RETENTION_KEEP_JOBS: envInt(0, 10_000).default(10),
  /** Jobs read per retention batch (one short statement each); at most 20 batches after each tick. */
  LTX_RETENTION_BATCH: envInt(1, 10_000).default(500),
  LTX_ALLOW_PRIVATE_HOSTS: allowPrivateHosts,
});

export type CronEnv = z.infer<typeof cronEnvSchema>;

/** Parses `source`; on error returns one line per bad variable, each naming it. */
export const readCronEnv = (source: NodeJS.ProcessEnv) => readEnv(cronEnvSchema, source);
