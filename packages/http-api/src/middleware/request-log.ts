import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/**
 * One log line per request: method, path, status, ms, requestId (and the client when known). API calls log at
 * info (warn for 5xx); health checks and static files at debug so that probes and page loads do not flood.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const path = c.req.path;
    const line = {
      method: c.req.method,
      path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get('requestId') as string | undefined,
      client: c.get('client') as string | undefined,
    };
    if (status >= 500) logger.warn(line, 'request');
    else if (path.startsWith('/v1/') || path === '/openapi.json') logger.info(line, 'request');
    else logger.debug(line, 'request');
  };
}
