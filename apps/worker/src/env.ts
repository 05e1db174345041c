import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The worker's environment, read and validated once at start. */
export const workerEnvSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .url()
      .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL'),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: z.string().url().optional(),
    LTX_MODEL: z.string().min(1).default('gpt-5-mini'),
    LTX_GENERATOR: z.enum(['llm', 'extractive']).default('llm'),
    LTX_ALLOW_PRIVATE_HOSTS: bool.default(false),
    WORKER_POLL_INTERVAL_MS: int(10, 3_600_000).default(1000),
    WORKER_CONCURRENCY: int(1, 1000).default(8),
    WORKER_LEASE_MS: int(500, 3_600_000).default(30_000),
    WORKER_SHUTDOWN_GRACE_MS: int(0, 3_600_000).default(25_000),
    WORKER_JOB_TIMEOUT_MS: int(1000, 3_600_000).default(300_000),
    WORKER_LISTEN: bool.default(true),
    WORKER_METRICS_PORT: int(0, 65_535).optional(),
    WORKER_ID: z.string().min(1).max(200).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    // The seed's rule: no key, no worker. The extractive generator needs no model, hence no key.
    if (env.LTX_GENERATOR === 'llm' && !env.OPENAI_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['OPENAI_API_KEY'],
        message: 'is required (set it, or LTX_GENERATOR=extractive to build files without a model)',
      });
    }
  });

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Parses `source`; on error returns one line per bad variable, each naming it. */
export function readWorkerEnv(source: NodeJS.ProcessEnv): { env: WorkerEnv } | { errors: string[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = workerEnvSchema.safeParse(cleaned);
  if (result.success) return { env: result.data };
  return {
    errors: result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
  };
}
