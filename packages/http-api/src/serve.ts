import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface ServedApi {
  /** http://host:port (127.0.0.1 when bound to all interfaces). */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish (up to graceMs), then closes the rest. */
  close(graceMs?: number): Promise<void>;
  /** Drops every open connection now (a forced shutdown); a pending close() then completes. */
  closeAllConnections(): void;
}

/** Serves a Hono app on Node's HTTP server. Port 0 picks a free port. */
export function serveApi(
  app: Pick<Hono, 'fetch'>,
  options: { port: number; hostname?: string },
): Promise<ServedApi> {
  const hostname = options.hostname ?? '0.0.0.0';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname }, (info: AddressInfo) => {
      const host = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${info.port}`,
        port: info.port,
        close: (graceMs = 5000) =>
          new Promise<void>((done) => {
            const force = setTimeout(() => {
              if ('closeAllConnections' in server) server.closeAllConnections();
            }, graceMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
        closeAllConnections: () => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        },
      });
    });
    server.once('error', reject);
  });
}
