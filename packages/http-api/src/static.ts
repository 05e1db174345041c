import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ApiApp } from './context.js';

/** Paths the API owns; everything else may be the dashboard. */
export function isApiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/') || path === '/healthz' || path === '/openapi.json';
}

/**
 * Serves the dashboard's built files at `/` (no API key: they hold no data; the dashboard asks for a key and
 * sends it with its API calls). Hashed assets are cached for a year; index.html is revalidated. A GET that is
 * not an API path and not a file, and looks like a page (no file extension), gets index.html: the SPA routes it.
 */
export function mountStatic(app: ApiApp, staticDir: string): void {
  const index = join(staticDir, 'index.html');
  const files = serveStatic({
    root: staticDir,
    onFound: (path, c) => {
      c.header(
        'Cache-Control',
        /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const spa = serveStatic({
    root: staticDir,
    path: 'index.html',
    onFound: (_path, c) => {
      c.header('Cache-Control', 'no-cache');
    },
  });
  app.use('*', async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || isApiPath(c.req.path)) return next();
    return files(c, next);
  });
  app.get('*', async (c, next) => {
    const last = c.req.path.slice(c.req.path.lastIndexOf('/') + 1);
    if (isApiPath(c.req.path) || last.includes('.') || !existsSync(index)) return next();
    return spa(c, next);
  });
}
