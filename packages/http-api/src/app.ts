import { OpenAPIHono } from '@hono/zod-openapi';
import { type CoreSettings, silentLogger } from '@ltx/core';
import type { Database, Job } from '@ltx/data-model';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import type { ApiApp, ApiEnv, RouteDeps, ServerInfo } from './context.js';
import { errorBody, renderError, validationHook } from './errors.js';
import { access } from './middleware/access.js';
import { type RateLimitOptions, TokenBuckets } from './middleware/rate-limit.js';
import { requestLog } from './middleware/request-log.js';
import { securityHeaders } from './middleware/security-headers.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerScheduleRoutes } from './routes/schedules.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerValidateRoutes } from './routes/validate.js';
import { isApiPath, mountStatic } from './static.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** One dashboard tab polls about once a second; 600 leaves room for several tabs and scripts per client. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

export interface ApiOptions {
  database: Database;
  logger?: Logger;
  /** Core settings; allowPrivateHosts switches the SSRF guard off for submitted URLs. */
  settings?: CoreSettings;
  /** LTX_API_KEYS. Empty or unset: the API is open (a warning is logged). */
  apiKeys?: readonly string[];
  /** Per-client token bucket (LTX_RATE_LIMIT_PER_MINUTE, default 600); false turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Request bodies above this get 413 (LTX_MAX_BODY_BYTES, default 1 MiB). */
  maxBodyBytes?: number;
  /** The dashboard's built files, served at / with an SPA fallback. */
  staticDir?: string | undefined;
  /** Called after a job was inserted (ltx serve wakes its in-process worker). */
  onEnqueued?: (job: Job) => void;
  /** What GET /v1/server says: the generator and model jobs get by default, notices for the dashboard. */
  server?: ServerInfo | undefined;
}

/**
 * The ltx HTTP API as a Hono app. Hono because it is small, speaks the standard Fetch API (Request/Response),
 * describes routes with zod through @hono/zod-openapi (request validation and /openapi.json from one set of
 * schemas) and runs on Node through @hono/node-server.
 */
export function createApi(options: ApiOptions): ApiApp {
  const logger = options.logger ?? silentLogger;
  const deps: RouteDeps = {
    database: options.database,
    logger,
    settings: options.settings ?? {},
    onEnqueued: options.onEnqueued,
    server: options.server,
  };
  const apiKeys = (options.apiKeys ?? []).filter((key) => key.length > 0);
  if (apiKeys.length === 0) {
    logger.warn('LTX_API_KEYS is not set: the API is open to anyone who can reach it');
  }
  const rateLimit =
    options.rateLimit === false
      ? undefined
      : (options.rateLimit ?? { perMinute: DEFAULT_RATE_LIMIT_PER_MINUTE });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const app: ApiApp = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });

  app.use('*', requestId());
  app.use('*', securityHeaders());
  app.use('*', requestLog(logger));
  app.use('/v1/*', access({ apiKeys, buckets: rateLimit ? new TokenBuckets(rateLimit) : undefined }));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        c.json(
          errorBody(
            'payload_too_large',
            `request body is larger than ${maxBodyBytes} bytes (LTX_MAX_BODY_BYTES)`,
          ),
          413,
        ),
    }),
  );

  registerSystemRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerValidateRoutes(app);
  registerScheduleRoutes(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'One of LTX_API_KEYS (when the API runs with keys)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'ltx API',
      version: '0.1.0',
      description:
        'Turn any website into a spec-valid llms.txt (llmstxt.org). Errors are {error:{code,message}}.',
    },
    security: [{ apiKey: [] }],
  });

  if (options.staticDir) mountStatic(app, options.staticDir);

  app.notFound((c) => {
    const what = isApiPath(c.req.path) ? 'no such route' : 'not found';
    return c.json(errorBody('not_found', `${what}: ${c.req.method} ${c.req.path}`), 404);
  });
  app.onError((error, c) => renderError(error, c, logger));
  return app;
}
