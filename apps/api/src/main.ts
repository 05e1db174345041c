import { readEnvOrExit, runUntilSignal, startupStep } from '@ltx/config';
import { createLogger } from '@ltx/core';
import { dashboardBuilt, dashboardDir } from '@ltx/dashboard';
import { openDatabase } from '@ltx/data-model';
import { createApi, serveApi } from '@ltx/http-api';
import { apiEnvSchema } from './env.js';

const env = readEnvOrExit('api', apiEnvSchema, process.env);
const logger = createLogger({ level: env.LOG_LEVEL, service: 'api' });
// Waits for an unreachable database (one line per distinct error, with backoff), then checks the schema
// version: not migrated -> one line naming pnpm db:migrate and exit 1 (or LTX_AUTO_MIGRATE=true migrates).
const database = await startupStep(
  logger,
  openDatabase(env, { logger, max: 10, applicationName: 'ltx-api' }),
);
const staticDir = env.LTX_DASHBOARD && dashboardBuilt() ? dashboardDir : undefined;

const app = createApi({
  database,
  logger,
  settings: {
    allowPrivateHosts: env.LTX_ALLOW_PRIVATE_HOSTS,
    ...(env.LTX_ALLOWED_MODELS.length ? { allowedModels: env.LTX_ALLOWED_MODELS } : {}),
    ...(env.LTX_ALLOWED_PORTS.length ? { allowedPorts: env.LTX_ALLOWED_PORTS } : {}),
  },
  apiKeys: env.LTX_API_KEYS,
  rateLimit: env.LTX_RATE_LIMIT_PER_MINUTE > 0 ? { perMinute: env.LTX_RATE_LIMIT_PER_MINUTE } : false,
  maxBodyBytes: env.LTX_MAX_BODY_BYTES,
  staticDir,
});

let served: Awaited<ReturnType<typeof serveApi>>;
try {
  served = await serveApi(app, { port: env.PORT, hostname: env.HOST });
} catch (error) {
  logger.fatal({ err: error, port: env.PORT }, 'cannot listen');
  await database.close().catch(() => {});
  process.exit(1);
}
logger.info(
  { url: served.url, port: served.port, dashboard: Boolean(staticDir), keys: env.LTX_API_KEYS.length },
  'api listening',
);

// In-flight requests get API_SHUTDOWN_GRACE_MS; closing the idle pool after them is quick. (Compose gives the
// container 15 s with the default 10 s grace: our own deadline, with its log line, comes first.)
runUntilSignal({
  logger,
  hardDeadlineMs: env.API_SHUTDOWN_GRACE_MS + 3_000,
  stop: async () => {
    await served.close(env.API_SHUTDOWN_GRACE_MS);
    await database.close().catch((error) => logger.warn({ err: error }, 'closing the database failed'));
    logger.info('api stopped');
  },
  force: () => served.closeAllConnections(),
});
