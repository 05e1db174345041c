import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The cron's environment, read and validated once at start. */
export const cronEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL'),
  /** Pause between two ticks. */
  CRON_TICK_MS: int(1000, 86_400_000).default(60_000),
  /** Change checks in parallel within a tick. */
  CRON_CONCURRENCY: int(1, 64).default(4),
  /** Due schedules handled per tick (the rest wait for the next). */
  CRON_MAX_SCHEDULES_PER_TICK: int(1, 10_000).default(100),
  LTX_ALLOW_PRIVATE_HOSTS: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type CronEnv = z.infer<typeof cronEnvSchema>;

/** Parses `source`; on error returns one line per bad variable, each naming it. */
export function readCronEnv(source: NodeJS.ProcessEnv): { env: CronEnv } | { errors: string[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = cronEnvSchema.safeParse(cleaned);
  if (result.success) return { env: result.data };
  return {
    errors: result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
  };
}
