import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type StaticFile =
  | string
  | Buffer
  | { body: string | Buffer; status?: number; headers?: Record<string, string>; delayMs?: number };

export interface StaticSiteOptions {
  /** Folder to serve. */
  root?: string;
  /** URL path the folder is served under, e.g. '/summit-docs/'. Default '/'. */
  mount?: string;
  /** In-memory files by URL path ('/robots.txt'); they take precedence over `root`. */
  files?: Record<string, StaticFile>;
  /** Custom handler; return true when it answered the request. Runs first. */
  handler?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface StaticSite {
  /** Base URL including the mount path, e.g. http://127.0.0.1:PORT/summit-docs/ */
  url: string;
  origin: string;
  port: number;
  /** Every request's path (with query), in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.gz': 'application/gzip',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function fileAt(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    if (s.isFile()) return path;
    if (s.isDirectory()) {
      const index = join(path, 'index.html');
      if ((await stat(index).catch(() => undefined))?.isFile()) return index;
    }
  } catch {
    // not found
  }
  return undefined;
}

/** Serves a fixture folder and/or in-memory files on 127.0.0.1 at a random port. */
export async function startStaticSite(options: StaticSiteOptions = {}): Promise<StaticSite> {
  const mount = `/${(options.mount ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const root = options.root ? resolve(options.root) : undefined;
  const requests: string[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const rawPath = req.url ?? '/';
      requests.push(rawPath);
      if (options.handler && (await options.handler(req, res))) return;
      const pathname = decodeURIComponent(new URL(rawPath, 'http://x').pathname);

      const mem = options.files?.[pathname];
      if (mem !== undefined) {
        const spec = typeof mem === 'string' || Buffer.isBuffer(mem) ? { body: mem } : mem;
        if (spec.delayMs) await sleep(spec.delayMs);
        if (res.destroyed) return;
        res.writeHead(spec.status ?? 200, { 'content-type': contentTypeFor(pathname), ...spec.headers });
        res.end(req.method === 'HEAD' ? undefined : spec.body);
        return;
      }

      if (root && pathname.startsWith(mount)) {
        const relative = normalize(pathname.slice(mount.length));
        const target = resolve(root, `.${sep}${relative}`);
        if (target.startsWith(root)) {
          // A directory without a trailing slash redirects, as static hosts do.
          const s = await stat(target).catch(() => undefined);
          if (s?.isDirectory() && !pathname.endsWith('/')) {
            res.writeHead(301, { location: `${pathname}/` });
            res.end();
            return;
          }
          const file = await fileAt(target);
          if (file) {
            res.writeHead(200, { 'content-type': contentTypeFor(file) });
            if (req.method === 'HEAD') res.end();
            else createReadStream(file).pipe(res);
            return;
          }
        }
      }
      const notFound = root ? await fileAt(join(root, '404.html')) : undefined;
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      if (notFound && req.method !== 'HEAD') createReadStream(notFound).pipe(res);
      else res.end('<html><body><h1>404 Not Found</h1></body></html>');
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${mount}`,
    origin,
    port,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
