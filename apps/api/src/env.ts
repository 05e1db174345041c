import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The API's environment, read and validated once at start. */
export const apiEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL'),
  PORT: int(0, 65_535).default(3000),
  /** Interface to listen on (0.0.0.0: every interface, as in a container). */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Comma-separated API keys; unset or empty: the API is open (with a warning). */
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
  /** Requests per minute per key (or per IP when open); 0 turns the limit off. */
  LTX_RATE_LIMIT_PER_MINUTE: int(0, 1_000_000).default(120),
  LTX_MAX_BODY_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  LTX_ALLOW_PRIVATE_HOSTS: bool.default(false),
  /** In-flight requests get this long to finish on SIGTERM. */
  API_SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  /** Serve the dashboard at / (when it is built). */
  LTX_DASHBOARD: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

/** Parses `source`; on error returns one line per bad variable, each naming it. */
export function readApiEnv(source: NodeJS.ProcessEnv): { env: ApiEnv } | { errors: string[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = apiEnvSchema.safeParse(cleaned);
  if (result.success) return { env: result.data };
  return {
    errors: result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
  };
}
