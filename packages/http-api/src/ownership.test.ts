import { connect, type Database, migrate, sql } from '@ltx/data-model';
import { createTestDatabase, type TestDatabase } from '@ltx/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseApiKeys } from './api-keys.js';
import { createApi } from './app.js';
import { type ServedApi, serveApi } from './serve.js';

/** Named API keys own their jobs and schedules; admin keys see everything (real PostgreSQL, real HTTP). */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in assertions
type Json = any;
const KEYS = ['alice:alice-key-1', 'bob:bob-key-12', 'admin=root:root-key-1', 'legacy-key-1'];
const as = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const ALICE = as('alice-key-1');
const BOB = as('bob-key-12');
const ROOT = as('root-key-1');
const LEGACY = as('legacy-key-1');

let testDb: TestDatabase;
let database: Database;
let served: ServedApi;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 4 });
  served = await serveApi(
    createApi({ database, apiKeys: KEYS, rateLimit: false, settings: { allowPrivateHosts: true } }),
    { port: 0, hostname: '127.0.0.1' },
  );
});
afterAll(async () => {
  await served?.close();
  await database?.close();
  await testDb?.drop();
});
beforeEach(async () => {
  await database.rows(sql`truncate jobs, schedules`);
});

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${served.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    body: (type.includes('json') ? await response.json() : await response.text()) as Json,
  };
}

describe('parseApiKeys', () => {
  it('reads name:key, admin=name:key and the old bare form (an admin)', () => {
    const keys = parseApiKeys('alice:a-key-123, admin=ops:o-key-123 ,legacy-key-1');
    expect(keys.slice(0, 2)).toEqual([
      { name: 'alice', key: 'a-key-123', admin: false },
      { name: 'ops', key: 'o-key-123', admin: true },
    ]);
    expect(keys[2]).toMatchObject({ key: 'legacy-key-1', admin: true });
    expect(keys[2]!.name).toMatch(/^key-[0-9a-f]{8}$/);
    expect(() => parseApiKeys('bad name:k')).toThrow(/LTX_API_KEYS/);
    expect(() => parseApiKeys('ops:k1,admin=ops:k2')).toThrow(/both as an admin and as a plain key/);
  });
});

describe('each key sees and cancels only its own jobs, admins see all', () => {
  it('lists, reads, cancels, results and sites are scoped to the key', async () => {
    const a = await call('POST', '/v1/jobs', ALICE, { url: 'https://a.example/' });
    const b = await call('POST', '/v1/jobs', BOB, { url: 'https://b.example/' });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.owner).toBe('alice');
    await database.rows(
      sql`insert into jobs(url, site_key) values ('https://sql.example/', 'https://sql.example/')`,
    );

    const ids = async (headers: Record<string, string>) =>
      (await call('GET', '/v1/jobs', headers)).body.jobs.map((job: Json) => job.url).sort();
    expect(await ids(ALICE)).toEqual(['https://a.example/']);
    expect(await ids(BOB)).toEqual(['https://b.example/']);
    expect(await ids(ROOT)).toEqual(['https://a.example/', 'https://b.example/', 'https://sql.example/']);
    expect(await ids(LEGACY)).toHaveLength(3);

    // Another key's job is a 404, as if it did not exist; cancelling it changes nothing.
    expect((await call('GET', `/v1/jobs/${a.body.id}`, BOB)).status).toBe(404);
    expect((await call('GET', `/v1/jobs/${a.body.id}/llms.txt`, BOB)).status).toBe(404);
    expect((await call('POST', `/v1/jobs/${a.body.id}/cancel`, BOB)).status).toBe(404);
    expect((await call('GET', `/v1/jobs/${a.body.id}`, ALICE)).body.status).toBe('queued');
    expect((await call('POST', `/v1/jobs/${a.body.id}/cancel`, ALICE)).body.status).toBe('cancelled');
    expect((await call('POST', `/v1/jobs/${b.body.id}/cancel`, ROOT)).body.status).toBe('cancelled');

    const sites = async (headers: Record<string, string>) =>
      (await call('GET', '/v1/sites', headers)).body.sites.map((site: Json) => site.siteKey).sort();
    expect(await sites(ALICE)).toEqual(['https://a.example/']);
    expect(await sites(ROOT)).toHaveLength(3);

    await database.rows(
      sql`update jobs set status = 'success', llms_txt = '# A', finished_at = now() where url = 'https://a.example/'`,
    );
    expect((await call('GET', '/v1/llms.txt?url=https://a.example/', ALICE)).status).toBe(200);
    expect((await call('GET', '/v1/llms.txt?url=https://a.example/', BOB)).status).toBe(404);
    expect((await call('GET', '/v1/llms.txt?url=https://a.example/', ROOT)).status).toBe(200);
  });

  it("a key submitting a site another key has queued gets its own job, never the other's", async () => {
    const a = await call('POST', '/v1/jobs', ALICE, { url: 'https://same.example/' });
    const b = await call('POST', '/v1/jobs', BOB, { url: 'https://same.example/' });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body.id).not.toBe(a.body.id);
    const again = await call('POST', '/v1/jobs', ALICE, { url: 'https://same.example/' });
    expect([again.status, again.body.id]).toEqual([200, a.body.id]);
  });

  it('schedules: owned by their key, their jobs too; another key gets 404 and no id in a conflict', async () => {
    const created = await call('POST', '/v1/schedules', ALICE, {
      url: 'https://s.example/',
      intervalSeconds: 3600,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await call('GET', '/v1/schedules', BOB)).body.schedules).toEqual([]);
    expect((await call('GET', '/v1/schedules', ALICE)).body.schedules.map((s: Json) => s.id)).toEqual([id]);
    for (const [method, path, body] of [
      ['GET', `/v1/schedules/${id}`, undefined],
      ['PATCH', `/v1/schedules/${id}`, { enabled: false }],
      ['POST', `/v1/schedules/${id}/run`, undefined],
      ['DELETE', `/v1/schedules/${id}`, undefined],
    ] as const) {
      expect((await call(method, path, BOB, body)).status, `${method} ${path}`).toBe(404);
    }
    const conflict = await call('POST', '/v1/schedules', BOB, {
      url: 'https://s.example/',
      intervalSeconds: 3600,
    });
    expect(conflict.status).toBe(409);
    expect(JSON.stringify(conflict.body)).not.toContain(id);

    // Run by an admin: the job still belongs to the schedule's owner.
    const run = await call('POST', `/v1/schedules/${id}/run`, ROOT);
    expect(run.status).toBe(202);
    expect(run.body.job.owner).toBe('alice');
    expect((await call('GET', `/v1/jobs/${run.body.job.id}`, ALICE)).status).toBe(200);
    expect((await call('DELETE', `/v1/schedules/${id}`, ALICE)).status).toBe(204);
  });
});

describe('URL acceptance at the API', () => {
  it('measures the 2048-character limit on the encoded URL, and applies the port policy', async () => {
    const strict = await serveApi(createApi({ database, rateLimit: false }), {
      port: 0,
      hostname: '127.0.0.1',
    });
    try {
      const post = async (url: string) =>
        (
          await fetch(`${strict.url}/v1/jobs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ url }),
          })
        ).json() as Promise<Json>;
      const long = await post(`http://93.184.215.14/${'é'.repeat(700)}`);
      expect(long.error.code).toBe('invalid_url');
      expect(long.error.message).toContain('once percent-encoded');
      for (const port of [22, 0, 8080]) {
        const refused = await post(`http://93.184.215.14:${port}/`);
        expect(refused.error?.code, `port ${port}`).toMatch(/^(blocked_host|invalid_url)$/);
      }
    } finally {
      await strict.close();
    }
  });
});
