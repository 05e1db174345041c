import { coreSettingsFrom, readEnvOrExit, runUntilSignal, startupStep } from '@ltx/config';
import { closeExtractPool, createLogger } from '@ltx/core';
import { openDatabase } from '@ltx/data-model';
import { createGenerateHandler, generateWithCoreUsing, serveMetrics, startWorker } from '@ltx/queue-worker';
import { workerEnvSchema } from './env.js';

const env = readEnvOrExit('worker', workerEnvSchema, process.env);
const logger = createLogger({ level: env.LOG_LEVEL, service: 'worker' });

// Pool: one connection per job slot for its writes, plus claim, heartbeat and sweep. Waits for an unreachable
// database (one line per distinct error, with backoff), then checks the schema version: not migrated -> one
// line naming pnpm db:migrate and exit 1 (or LTX_AUTO_MIGRATE=true migrates).
const database = await startupStep(
  logger,
  openDatabase(env, { logger, max: env.WORKER_CONCURRENCY + 3, applicationName: 'ltx-worker' }),
);
// The browser for pages that need JavaScript: loaded only when rendering is on (a non-rendering worker stays
// light), launched on the first page that needs it, one per process for every job.
const render = env.LTX_RENDER === 'off' ? undefined : await import('@ltx/render');
const renderer = render?.rendererFromEnv(env, logger);
const worker = startWorker(
  database,
  {
    workerId: env.WORKER_ID,
    concurrency: env.WORKER_CONCURRENCY,
    pollIntervalMs: env.WORKER_POLL_INTERVAL_MS,
    leaseMs: env.WORKER_LEASE_MS,
    shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
    jobTimeoutMs: env.WORKER_JOB_TIMEOUT_MS,
    listen: env.WORKER_LISTEN,
  },
  {
    logger,
    handler: createGenerateHandler(database, coreSettingsFrom(env), generateWithCoreUsing(renderer)),
  },
);
if (render && renderer) render.registerRenderMetrics(worker.metrics.registry, renderer);

const metricsServer =
  env.WORKER_METRICS_PORT === undefined
    ? undefined
    : await serveMetrics(worker.metrics, env.WORKER_METRICS_PORT, async () => {
        let database_ok = true;
        try {
          await database.ping();
        } catch {
          database_ok = false;
        }
        return {
          ok: worker.healthy() && database_ok,
          detail: {
            workerId: worker.id,
            inFlight: worker.inFlight(),
            database: database_ok ? 'ok' : 'unreachable',
          },
        };
      });
if (metricsServer) logger.info({ port: metricsServer.port }, 'serving /healthz and /metrics');

// One shutdown behaviour for every ltx process: the first SIGTERM/SIGINT drains, a second forces, and the
// process is gone by the grace period plus a few seconds whatever happens (Kubernetes waits 30 s).
const lifecycle = runUntilSignal({
  logger,
  stop: async () => {
    await worker.stop();
    await closeExtractPool(); // the page-extraction threads (after the jobs, which use them)
    await renderer?.close(); // the browser (after the jobs, which use it)
    await metricsServer?.close();
    await database.close().catch(() => {});
  },
  force: () => worker.stop({ force: true }),
  hardDeadlineMs: env.WORKER_SHUTDOWN_GRACE_MS + 4000,
});
await lifecycle.exited;
