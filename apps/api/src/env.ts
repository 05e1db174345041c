import {
  allowPrivateHosts,
  apiKeys,
  coreEnvShape,
  envBool,
  envInt,
  rateLimitPerMinute,
  readEnv,
  serviceEnvShape,
} from '@ltx/config';
import { z } from 'zod';

/** The API's environment, read and validated once at start. */
export const apiEnvSchema = z.object({
  ...serviceEnvShape,
  PORT: envInt(0, 65_535).default(3000),
  /** Interface to listen on (0.0.0.0: every interface, as in a container). */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** API keys: `name:key`, `admin=name:key` or a bare admin `key`, comma-separated; unset: open (a warning). */
  LTX_API_KEYS: apiKeys,
  /** Requests per minute per key (or per IP when open); 0 turns the limit off. */
  LTX_RATE_LIMIT_PER_MINUTE: rateLimitPerMinute,
  LTX_MAX_BODY_BYTES: envInt(1024, 100 * 1024 * 1024).default(1024 * 1024),
  LTX_ALLOW_PRIVATE_HOSTS: allowPrivateHosts,
  LTX_ALLOWED_MODELS: coreEnvShape.LTX_ALLOWED_MODELS,
  LTX_ALLOWED_PORTS: coreEnvShape.LTX_ALLOWED_PORTS,
  /** In-flight requests get this long to finish on SIGTERM. */
  API_SHUTDOWN_GRACE_MS: envInt(0, 120_000).default(10_000),
  /** Serve the dashboard at / (when it is built). */
  LTX_DASHBOARD: envBool.default(true),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

/** Parses `source`; on error returns one line per bad variable, each naming it. */
export const readApiEnv = (source: NodeJS.ProcessEnv) => readEnv(apiEnvSchema, source);
