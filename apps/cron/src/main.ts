import { readEnvOrExit, runUntilSignal, startupStep } from '@ltx/config';
import { createLogger } from '@ltx/core';
import { openDatabase } from '@ltx/data-model';
import { startScheduler } from '@ltx/scheduler';
import { cronEnvSchema } from './env.js';

/** From SIGTERM to a forced exit (compose gives the container 20 s). */
const SHUTDOWN_DEADLINE_MS = 15_000;
/** Retention batches after each tick at most (LTX_RETENTION_BATCH jobs each); the rest waits a tick. */
const RETENTION_BATCHES_PER_TICK = 20;

const env = readEnvOrExit('cron', cronEnvSchema, process.env);
const logger = createLogger({ level: env.LOG_LEVEL, service: 'cron' });
// One connection holds the short selection transaction (tick lock); the checks write through the others.
// Waits for an unreachable database (one line per distinct error, with backoff), then checks the schema
// version: not migrated -> one line naming pnpm db:migrate and exit 1 (or LTX_AUTO_MIGRATE=true migrates).
const database = await startupStep(
  logger,
  openDatabase(env, { logger, max: env.CRON_CONCURRENCY + 3, applicationName: 'ltx-cron' }),
);
const scheduler = startScheduler(database, {
  logger,
  tickMs: env.CRON_TICK_MS,
  deadlineMs: env.CRON_TICK_DEADLINE_MS,
  concurrency: env.CRON_CONCURRENCY,
  maxSchedules: env.CRON_MAX_SCHEDULES_PER_TICK,
  settings: { allowPrivateHosts: env.LTX_ALLOW_PRIVATE_HOSTS },
  ...(env.LTX_RETENTION_DAYS > 0
    ? {
        retention: {
          days: env.LTX_RETENTION_DAYS,
          keepPerSite: env.LTX_RETENTION_KEEP_JOBS,
          batchSize: env.LTX_RETENTION_BATCH,
          maxBatches: RETENTION_BATCHES_PER_TICK,
        },
      }
    : {}),
});

runUntilSignal({
  logger,
  hardDeadlineMs: SHUTDOWN_DEADLINE_MS,
  // Aborts the tick's change checks and gives its unhandled schedules back; a second signal exits at once
  // (claims left behind run out by themselves).
  stop: async () => {
    await scheduler.stop();
    await database.close().catch((error) => logger.warn({ err: error }, 'closing the database failed'));
  },
});
