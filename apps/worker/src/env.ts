import { autoMigrate, coreEnvShape, envBool, envInt, logLevel, postgresUrl, readEnv } from '@ltx/config';
import { z } from 'zod';

/** The worker's environment, read and validated once at start. */
export const workerEnvSchema = z
  .object({
    DATABASE_URL: postgresUrl,
    LTX_AUTO_MIGRATE: autoMigrate,
    ...coreEnvShape,
    WORKER_POLL_INTERVAL_MS: envInt(10, 3_600_000).default(1000),
    WORKER_CONCURRENCY: envInt(1, 1000).default(8),
    WORKER_LEASE_MS: envInt(500, 3_600_000).default(30_000),
    WORKER_SHUTDOWN_GRACE_MS: envInt(0, 3_600_000).default(25_000),
    WORKER_JOB_TIMEOUT_MS: envInt(1000, 3_600_000).default(300_000),
    WORKER_LISTEN: envBool.default(true),
    WORKER_METRICS_PORT: envInt(0, 65_535).optional(),
    WORKER_ID: z.string().min(1).max(200).optional(),
    LOG_LEVEL: logLevel.default('info'),
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
export const readWorkerEnv = (source: NodeJS.ProcessEnv) => readEnv(workerEnvSchema, source);
