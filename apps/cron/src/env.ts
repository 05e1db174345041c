import { allowPrivateHosts, envInt, readEnv, retentionEnvShape, serviceEnvShape } from '@ltx/config';
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
  ...retentionEnvShape,
  LTX_ALLOW_PRIVATE_HOSTS: allowPrivateHosts,
});

export type CronEnv = z.infer<typeof cronEnvSchema>;

/** Parses `source`; on error returns one line per bad variable, each naming it. */
export const readCronEnv = (source: NodeJS.ProcessEnv) => readEnv(cronEnvSchema, source);
