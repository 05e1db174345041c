import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedHostError, InvalidUrlError } from '../errors.js';
import { safeFetch } from './safe-fetch.js';
import { allowListEntry, assertCrawlableUrl, parseAllowList } from './ssrf.js';

describe('LTX_ALLOW_PRIVATE_HOSTS list form', () => {
  it('parses hosts, host:port pairs and bracketed IPv6, and refuses malformed entries', () => {
    expect(parseAllowList(['127.0.0.1:8080', 'Intranet.Local.', '[::1]:3000', '10.0.0.5'])).toEqual([
      { host: '127.0.0.1', port: 8080 },
      { host: 'intranet.local', port: undefined },
      { host: '::1', port: 3000 },
      { host: '10.0.0.5', port: undefined },
    ]);
    expect(() => parseAllowList(['127.0.0.1:99999'])).toThrow(InvalidUrlError);
    expect(() => parseAllowList(['http://x/'])).toThrow(/not a host or host:port/);
  });

  it('opens the listed host:port only: other loopback ports, private and metadata addresses stay refused', async () => {
    const settings = { allowPrivateHosts: ['127.0.0.1:8080'] };
    await expect(assertCrawlableUrl('http://127.0.0.1:8080/docs/', settings)).resolves.toBeInstanceOf(URL);
    await expect(assertCrawlableUrl('http://127.0.0.1:8081/secret', settings)).rejects.toThrow(
      BlockedHostError,
    );
    await expect(assertCrawlableUrl('http://127.0.0.1/', settings)).rejects.toThrow(BlockedHostError);
    await expect(assertCrawlableUrl('http://169.254.169.254/latest/', settings)).rejects.toThrow(
      BlockedHostError,
    );
    await expect(assertCrawlableUrl('http://10.1.2.3:8080/', settings)).rejects.toThrow(BlockedHostError);
    await expect(assertCrawlableUrl('http://localhost:8080/', settings)).rejects.toThrow(BlockedHostError);
  });

  it('a bare host opens every port of that host, and only that host', () => {
    expect(allowListEntry(new URL('http://intranet.local:9000/'), ['intranet.local'])).toBeDefined();
    expect(allowListEntry(new URL('http://other.local/'), ['intranet.local'])).toBeUndefined();
    expect(allowListEntry(new URL('http://[::1]:3000/'), ['[::1]:3000'])).toBeDefined();
    expect(allowListEntry(new URL('http://[::1]:3001/'), ['[::1]:3000'])).toBeUndefined();
    expect(allowListEntry(new URL('http://127.0.0.1:8080/'), true)).toBeUndefined();
  });

  describe('over real sockets', () => {
    const hits = { site: 0, secret: 0 };
    let site: Server;
    let secret: Server;
    const listen = (server: Server) =>
      new Promise<number>((done) =>
        server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)),
      );
    let sitePort = 0;
    let secretPort = 0;
    beforeAll(async () => {
      site = createServer((_req, res) => {
        hits.site += 1;
        res.setHeader('content-type', 'text/html');
        // A redirect to the other loopback port must not be followed.
        if (_req.url === '/jump') {
          res.statusCode = 302;
          res.setHeader('location', `http://127.0.0.1:${secretPort}/secret`);
        }
        res.end('<p>site</p>');
      });
      secret = createServer((_req, res) => {
        hits.secret += 1;
        res.end('secret');
      });
      sitePort = await listen(site);
      secretPort = await listen(secret);
    });
    afterAll(async () => {
      await new Promise((done) => site.close(done));
      await new Promise((done) => secret.close(done));
    });

    it('fetches the listed site, never reaches the other port, not even by a redirect', async () => {
      const settings = { allowPrivateHosts: [`127.0.0.1:${sitePort}`] };
      const page = await safeFetch(`http://127.0.0.1:${sitePort}/`, { settings });
      expect(page.status).toBe(200);
      await expect(safeFetch(`http://127.0.0.1:${secretPort}/secret`, { settings })).rejects.toThrow(
        BlockedHostError,
      );
      await expect(safeFetch(`http://127.0.0.1:${sitePort}/jump`, { settings })).rejects.toThrow(
        BlockedHostError,
      );
      expect(hits.secret).toBe(0);
      expect(hits.site).toBe(2);
    });
  });
});
