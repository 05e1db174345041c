import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every variable the CLI reads, validated once at start (a bad value is an error naming it). */
export const cliEnvSchema = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  LTX_MODEL: z.string().min(1).default('gpt-5-mini'),
  LTX_GENERATOR: z.enum(['llm', 'extractive']).default('llm'),
  LTX_ALLOW_PRIVATE_HOSTS: bool.default(false),
  /** PostgreSQL for enqueue/status, and for serve instead of the embedded database. */
  DATABASE_URL: z
    .string()
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PORT: int(0, 65_535).default(3000),
  /** serve listens here; loopback by default (the all-in-one is a local tool; the api app binds 0.0.0.0). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The embedded database and local state of serve. */
  LTX_DATA_DIR: z.string().min(1).default('./.ltx'),
  WORKER_CONCURRENCY: int(1, 1000).default(8),
  WORKER_POLL_INTERVAL_MS: int(10, 3_600_000).default(1000),
  CRON_TICK_MS: int(1000, 86_400_000).default(60_000),
  LTX_API_KEYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.every((k) => k.length >= 8), 'every key must be at least 8 characters'),
  /** serve's API limit per client; higher than the api app's 120: one person's dashboard tabs poll every second. */
  LTX_RATE_LIMIT_PER_MINUTE: int(0, 1_000_000).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

export function readCliEnv(source: NodeJS.ProcessEnv): { env: CliEnv } | { errors: string[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = cliEnvSchema.safeParse(cleaned);
  if (result.success) return { env: result.data };
  return {
    errors: result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
  };
}

/** The core settings every command shares. */
export function coreSettings(env: CliEnv, overrides: { generator?: 'llm' | 'extractive' } = {}) {
  return {
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    defaultModel: env.LTX_MODEL,
    defaultGenerator: overrides.generator ?? env.LTX_GENERATOR,
    allowPrivateHosts: env.LTX_ALLOW_PRIVATE_HOSTS,
  };
}
