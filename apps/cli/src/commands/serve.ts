import { join } from 'node:path';
import { openAiKeyProblem, runUntilSignal } from '@ltx/config';
import { closeExtractPool, createLogger, type Logger } from '@ltx/core';
import { dashboardBuilt, dashboardDir } from '@ltx/dashboard';
import {
  connect,
  connectEmbedded,
  type Database,
  databaseAddress,
  migrateEmbedded,
  prepareDatabase,
} from '@ltx/data-model';
import { createApi, type ServedApi, serveApi } from '@ltx/http-api';
import {
  createGenerateHandler,
  generateWithCoreUsing,
  startWorker,
  WORKER_DEFAULTS,
  type WorkerHandle,
} from '@ltx/queue-worker';
import { retentionFromEnv, type SchedulerHandle, startScheduler } from '@ltx/scheduler';
import { claimDataDir } from '../data-dir.js';
import { type CliEnv, coreSettings } from '../env.js';
import { CliError, note, userPath } from '../output.js';

/** The embedded database lives here under LTX_DATA_DIR; serve.pid (claimDataDir) guards it from a 2nd process. */
const PGDATA = 'pgdata';
/** The one warning (log line and dashboard notice) of a serve started without OPENAI_API_KEY. */
export const KEYLESS_NOTICE =
  'OPENAI_API_KEY is not set: serving in extractive mode (llms.txt built from the crawl alone, no model); set OPENAI_API_KEY and restart to have a model write them';

/** From the first signal to a forced exit: the worker's drain (WORKER_DEFAULTS.shutdownGraceMs) and then some. */
const SHUTDOWN_DEADLINE_MS = WORKER_DEFAULTS.shutdownGraceMs + 15_000;

async function openDatabase(
  env: CliEnv,
  logger: Logger,
): Promise<{ database: Database; release: () => void; where: string }> {
  if (env.DATABASE_URL) {
    const database = connect(env.DATABASE_URL, {
      max: env.WORKER_CONCURRENCY + 8,
      applicationName: 'ltx-serve',
    });
    try {
      // Waits for an unreachable database (one line per distinct error), then checks the schema version: not
      // migrated -> one line naming pnpm db:migrate (LTX_AUTO_MIGRATE=true migrates instead).
      await prepareDatabase(database, env.DATABASE_URL, { logger, autoMigrate: env.LTX_AUTO_MIGRATE });
    } catch (error) {
      await database.close().catch(() => {});
      if ((error as { retryable?: unknown }).retryable === false)
        throw new CliError((error as Error).message);
      throw error;
    }
    return { database, release: () => {}, where: `PostgreSQL ${databaseAddress(env.DATABASE_URL)}` };
  }
  const dataDir = userPath(env.LTX_DATA_DIR);
  const release = claimDataDir(dataDir);
  try {
    logger.info({ dataDir }, 'opening the embedded database (PGlite)');
    const database = await connectEmbedded(join(dataDir, PGDATA));
    await migrateEmbedded(database.pglite);
    return { database, release, where: `embedded PGlite in ${join(dataDir, PGDATA)}` };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * `ltx serve` (= `pnpm start`): the API, a worker and the cron in one process, on PostgreSQL when
 * DATABASE_URL is set, else on an embedded PGlite under LTX_DATA_DIR with the same migrations. A job the API
 * or the cron enqueues wakes the in-process worker at once. SIGTERM/SIGINT (runUntilSignal): stop listening, stop
 * the cron, let the worker drain, close the database, exit 0; a second signal forces it, and the process exits 1
 * if the shutdown outlasts SHUTDOWN_DEADLINE_MS. An unhandled rejection is logged, not fatal.
 */
export async function runServe(env: CliEnv): Promise<void> {
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'info', service: 'ltx' });
  // The all-in-one is what a newcomer starts first: without a key it still works, extractively, and says so
  // (the worker app keeps the strict rule: no key, no worker).
  const keyless = openAiKeyProblem(env) !== undefined;
  const generator = keyless ? 'extractive' : env.LTX_GENERATOR;
  const notices = keyless ? [KEYLESS_NOTICE] : [];
  if (keyless) logger.warn({ generator }, KEYLESS_NOTICE);
  const settings = coreSettings(env, { generator });
  const { database, release, where } = await openDatabase(env, logger);
  const renderer =
    env.LTX_RENDER === 'off' ? undefined : (await import('@ltx/render')).rendererFromEnv(env, logger);

  let worker: WorkerHandle | undefined;
  let scheduler: SchedulerHandle | undefined;
  let served: ServedApi | undefined;
  try {
    worker = startWorker(
      database,
      {
        concurrency: env.WORKER_CONCURRENCY,
        pollIntervalMs: env.WORKER_POLL_INTERVAL_MS,
        leaseMs: WORKER_DEFAULTS.leaseMs,
        shutdownGraceMs: WORKER_DEFAULTS.shutdownGraceMs,
        jobTimeoutMs: WORKER_DEFAULTS.jobTimeoutMs,
        listen: true,
      },
      { logger, handler: createGenerateHandler(database, settings, generateWithCoreUsing(renderer)) },
    );
    const wake = () => worker?.wake();
    // The cron loop, with the cron app's retention (same variables, same code).
    scheduler = startScheduler(database, {
      logger,
      settings,
      tickMs: env.CRON_TICK_MS,
      onEnqueued: wake,
      retention: retentionFromEnv(env),
    });
    const staticDir = dashboardBuilt() ? dashboardDir : undefined;
    const app = createApi({
      database,
      logger,
      settings,
      apiKeys: env.LTX_API_KEYS,
      rateLimit: env.LTX_RATE_LIMIT_PER_MINUTE > 0 ? { perMinute: env.LTX_RATE_LIMIT_PER_MINUTE } : false,
      staticDir,
      onEnqueued: wake,
      server: { generator, model: env.LTX_MODEL, notices },
    });
    served = await serveApi(app, { port: env.PORT, hostname: env.HOST });
    logger.info(
      { url: served.url, database: where, dashboard: Boolean(staticDir), generator },
      'ltx serve ready',
    );
    note(`ltx: serving ${staticDir ? 'the dashboard and ' : ''}the API at ${served.url} (${where})`);
  } catch (error) {
    await Promise.allSettled([served?.close(1000), scheduler?.stop(), worker?.stop({ force: true })]);
    await renderer?.close();
    await database.close().catch(() => {});
    release();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`PORT ${env.PORT} is in use on ${env.HOST}; set PORT to another port`);
    }
    throw error;
  }

  const running = { worker, scheduler, served };
  // runServe returns once the process should exit (main.ts exits with process.exitCode after stdout drains).
  await new Promise<void>((done) => {
    runUntilSignal({
      logger,
      exit: (code) => {
        process.exitCode = code;
        done();
      },
      hardDeadlineMs: SHUTDOWN_DEADLINE_MS,
      stop: async () => {
        await Promise.allSettled([running.served.close(5000), running.scheduler.stop()]);
        await running.worker.stop();
        await closeExtractPool();
        await renderer?.close();
        await database.close().catch((error) => logger.warn({ err: error }, 'closing the database failed'));
        release();
        logger.info('ltx serve stopped');
      },
      // Jobs in flight are aborted and put back at once; open HTTP connections are dropped.
      force: async () => {
        running.served.closeAllConnections();
        await running.worker.stop({ force: true });
      },
    });
  });
}
