import { connect, type Database, migrate } from '@ltx/data-model';
import { createTestDatabase, type TestDatabase } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from './app.js';
import { type ServedApi, serveApi } from './serve.js';

/**
 * The published /openapi.json against what the server really answers, over real HTTP, for every operation it
 * lists: security and 401, 405 with Allow for the other methods, 415 for a wrong Content-Type, and every status
 * seen while probing is one the document lists for that operation.
 */

// biome-ignore lint/suspicious/noExplicitAny: the document is read loosely
type Json = any;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const KEY = 'admin=root:root-key-123';
const AUTH = { authorization: 'Bearer root-key-123' };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let testDb: TestDatabase;
let database: Database;
const servers: ServedApi[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 4 });
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.close();
  await testDb?.drop();
});

async function serve(options: { keys: boolean; rateLimit: boolean }): Promise<ServedApi> {
  const api = createApi({
    database,
    apiKeys: options.keys ? [KEY] : [],
    rateLimit: options.rateLimit ? { perMinute: 100_000 } : false,
    settings: { allowPrivateHosts: true },
  });
  const served = await serveApi(api, { port: 0, hostname: '127.0.0.1' });
  servers.push(served);
  return served;
}

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, UNKNOWN_ID);

async function call(
  base: string,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
) {
  const response = await fetch(`${base}${path}`, { method, headers: init.headers, body: init.body });
  await response.arrayBuffer();
  return response;
}

function operations(doc: Json): { path: string; method: string; op: Json }[] {
  const out: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method.toLowerCase()];
      if (op) out.push({ path, method, op });
    }
  }
  return out;
}

for (const facts of [
  { keys: true, rateLimit: true },
  { keys: false, rateLimit: false },
]) {
  describe(`the OpenAPI document matches the server (${facts.keys ? 'with keys' : 'open'}, rate limit ${facts.rateLimit ? 'on' : 'off'})`, () => {
    let served: ServedApi;
    let doc: Json;
    beforeAll(async () => {
      served = await serve(facts);
      const response = await fetch(`${served.url}/openapi.json`);
      expect(response.status).toBe(200);
      doc = await response.json();
    });

    it('lists every route, and no document-wide security', () => {
      expect(doc.security).toBeUndefined();
      expect(operations(doc).length).toBeGreaterThanOrEqual(18);
      expect(doc.paths['/healthz'].get.security).toEqual([]);
      expect(doc.paths['/openapi.json'].get.security).toEqual([]);
    });

    it('security and 401: as documented for every operation', async () => {
      for (const { path, method, op } of operations(doc)) {
        const secured = Array.isArray(op.security) && op.security.length > 0;
        expect(secured, `${method} ${path} security`).toBe(facts.keys && path.startsWith('/v1/'));
        expect('401' in op.responses, `${method} ${path} documents 401`).toBe(secured);
        const response = await call(served.url, method, concrete(path), {
          headers: { 'content-type': 'application/json' },
          body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        });
        if (secured) expect(response.status, `${method} ${path} without a key`).toBe(401);
        else expect(response.status, `${method} ${path} without a key`).not.toBe(401);
        expect(Object.keys(op.responses), `${method} ${path}: ${response.status} is documented`).toContain(
          String(response.status),
        );
        expect('429' in op.responses).toBe(facts.rateLimit && path.startsWith('/v1/'));
      }
    });

    it('a method a path does not list: 405 with Allow naming exactly the documented methods', async () => {
      for (const [path, item] of Object.entries<Json>(doc.paths)) {
        const documented = METHODS.filter((m) => item[m.toLowerCase()]);
        const allow = [...documented, ...(documented.includes('GET') ? ['HEAD'] : [])].sort();
        for (const method of METHODS.filter((m) => !documented.includes(m))) {
          const response = await call(served.url, method, concrete(path), { headers: AUTH });
          expect(response.status, `${method} ${path}`).toBe(405);
          expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow.join(', '));
        }
      }
      // An unknown path is still a 404.
      expect((await call(served.url, 'DELETE', '/v1/nothing', { headers: AUTH })).status).toBe(404);
    });

    it('415 exactly where documented: every body refuses a Content-Type its operation does not list', async () => {
      let seen = 0;
      for (const { path, method, op } of operations(doc)) {
        if (!op.requestBody) {
          expect('415' in op.responses, `${method} ${path}`).toBe(false);
          continue;
        }
        const response = await call(served.url, method, concrete(path), {
          headers: { ...AUTH, 'content-type': 'application/xml' },
          body: '<x/>',
        });
        if ('415' in op.responses) {
          seen++;
          expect(response.status, `${method} ${path}`).toBe(415);
        } else expect(response.status, `${method} ${path}`).not.toBe(415);
        expect(Object.keys(op.responses), `${method} ${path}: ${response.status} is documented`).toContain(
          String(response.status),
        );
      }
      expect(seen).toBeGreaterThanOrEqual(3);
    });

    it('authorised probes (unknown ids, empty bodies) answer only documented statuses', async () => {
      for (const { path, method, op } of operations(doc)) {
        const response = await call(served.url, method, concrete(path), {
          headers: { ...AUTH, 'content-type': 'application/json' },
          body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        });
        expect(Object.keys(op.responses), `${method} ${path}: ${response.status} is documented`).toContain(
          String(response.status),
        );
      }
    });
  });
}
