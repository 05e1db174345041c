import { coreEnvShape, envBool, envInt, openAiKeyProblem, serviceEnvShape } from '@ltx/config';
import { WORKER_DEFAULTS } from '@ltx/queue-worker';
import { z } from 'zod';

/** The worker's environment, read and validated once at start. */
export const workerEnvSchema = z
  .object({
    ...serviceEnvShape,
    ...coreEnvShape,
    WORKER_POLL_INTERVAL_MS: envInt(10, 3_600_000).default(1000),
    WORKER_CONCURRENCY: envInt(1, 1000).default(8),
    WORKER_LEASE_MS: envInt(500, 3_600_000).default(30_000),
    WORKER_SHUTDOWN_GRACE_MS: envInt(0, 3_600_000).default(25_000),
    WORKER_JOB_TIMEOUT_MS: envInt(1000, 3_600_000).default(WORKER_DEFAULTS.jobTimeoutMs),
    WORKER_LISTEN: envBool.default(true),
    WORKER_METRICS_PORT: envInt(0, 65_535).optional(),
    WORKER_ID: z.string().min(1).max(200).optional(),
  })
  .superRefine((env, ctx) => {
    // The seed's rule: no key, no worker.
    const problem = openAiKeyProblem(env);
    if (problem) ctx.addIssue({ code: 'custom', path: ['OPENAI_API_KEY'], message: problem });
  });

export type WorkerEnv = z.infer<typeof workerEnvSchema>;
