import { OpenAPIHono } from '@hono/zod-openapi';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '@ltx/contracts';
import { type CoreSettings, silentLogger } from '@ltx/core';
import type { Database, Job } from '@ltx/data-model';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import { type ApiKey, parseApiKeys } from './api-keys.js';
import type { ApiApp, ApiEnv, RouteDeps, ServerInfo } from './context.js';
import { errorBody, renderError, validationHook } from './errors.js';
import { access } from './middleware/access.js';
import { type RateLimitOptions, TokenBuckets } from './middleware/rate-limit.js';
import { requestLog } from './middleware/request-log.js';
import { securityHeaders } from './middleware/security-headers.js';
import { allowedMethods, openApiDocument, routeMethods } from './openapi-document.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerScheduleRoutes } from './routes/schedules.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerValidateRoutes } from './routes/validate.js';
import { isApiPath, mountStatic } from './static.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
// LTX_RATE_LIMIT_PER_MINUTE's default lives in contracts: the apps' env schemas read it without this server.
export { DEFAULT_RATE_LIMIT_PER_MINUTE };

export interface ApiOptions {
  database: Database;
  logger?: Logger;
  /** Core settings; allowPrivateHosts switches the SSRF guard off for submitted URLs. */
  settings?: CoreSettings;
  /**
   * LTX_API_KEYS entries (`key`, `name:key`, `admin=name:key`; see api-keys.ts) or parsed keys. Empty or
   * unset: the API is open (a warning is logged).
   */
  apiKeys?: readonly (string | ApiKey)[];
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
  const entries = options.apiKeys ?? [];
  const apiKeys: ApiKey[] = [
    ...parseApiKeys(entries.filter((entry): entry is string => typeof entry === 'string')),
    ...entries.filter((entry): entry is ApiKey => typeof entry !== 'string'),
  ];
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
  let document: Record<string, unknown> | undefined;
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(
      app,
      {
        openapi: '3.1.0',
        info: {
          title: 'ltx API',
          version: '0.1.0',
          description:
            'Turn any website into a spec-valid llms.txt (llmstxt.org). Errors are {error:{code,message}}.',
        },
      },
      { keys: apiKeys.length > 0, rateLimit: rateLimit !== undefined },
    );
    return c.json(document, 200);
  });

  if (options.staticDir) mountStatic(app, options.staticDir);

  let routes: ReturnType<typeof routeMethods> | undefined;
  app.notFound((c) => {
    const api = isApiPath(c.req.path);
    // A known API path with another method: 405 with the methods it has.
    routes ??= routeMethods(app);
    const allow = api ? allowedMethods(routes, c.req.path) : undefined;
    if (allow && !allow.includes(c.req.method)) {
      c.header('Allow', allow.join(', '));
      return c.json(
        errorBody(
          'method_not_allowed',
          `${c.req.method} is not allowed on ${c.req.path}; use ${allow.join(', ')}`,
        ),
        405,
      );
    }
    const what = api ? 'no such route' : 'not found';
    return c.json(errorBody('not_found', `${what}: ${c.req.method} ${c.req.path}`), 404);
  });
  app.onError((error, c) => renderError(error, c, logger));
  return app;
}
