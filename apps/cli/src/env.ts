import {
  apiKeys,
  autoMigrate,
  coreEnvShape,
  coreSettingsFrom,
  envInt,
  logLevel,
  postgresUrl,
  rateLimitPerMinute,
  readEnv,
  retentionEnvShape,
} from '@ltx/config';
import { z } from 'zod';

/** Every variable the CLI reads, validated once at start (a bad value is an error naming it). */
export const cliEnvSchema = z.object({
  ...coreEnvShape,
  /** PostgreSQL for enqueue/status, and for serve instead of the embedded database. */
  DATABASE_URL: postgresUrl.optional(),
  LTX_AUTO_MIGRATE: autoMigrate,
  PORT: envInt(0, 65_535).default(3000),
  /** serve listens here; loopback by default (the all-in-one is a local tool; the api app binds 0.0.0.0). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The embedded database and local state of serve. */
  LTX_DATA_DIR: z.string().min(1).default('./.ltx'),
  WORKER_CONCURRENCY: envInt(1, 1000).default(8),
  WORKER_POLL_INTERVAL_MS: envInt(10, 3_600_000).default(1000),
  CRON_TICK_MS: envInt(1000, 86_400_000).default(60_000),
  /** serve's cron loop prunes finished jobs as the cron app does (LTX_RETENTION_DAYS=0: off). */
  ...retentionEnvShape,
  LTX_API_KEYS: apiKeys,
  /** serve's API limit per client (the dashboard polls about once a second per tab). */
  LTX_RATE_LIMIT_PER_MINUTE: rateLimitPerMinute,
  LOG_LEVEL: logLevel.optional(),
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

/** Parses `source`; on error returns one line per bad variable, each naming it. */
export const readCliEnv = (source: NodeJS.ProcessEnv) => readEnv(cliEnvSchema, source);

/** The core settings every command shares. */
export const coreSettings = (env: CliEnv, overrides: { generator?: 'llm' | 'extractive' } = {}) =>
  coreSettingsFrom(env, overrides);
