import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@ltx/core';
import {
  claim,
  complete,
  connect,
  type Database,
  enqueue,
  listSitesQuery,
  markRunning,
  migrate,
  type SQL,
  sql,
} from '@ltx/data-model';
import { createTestDatabase, startTcpProxy, type TestDatabase } from '@ltx/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiOptions, createApi } from './app.js';
import type { ApiApp } from './context.js';
import { type ServedApi, serveApi } from './serve.js';

let testDb: TestDatabase;
let database: Database;
/** Guard off (loopback allowed), no keys, no rate limit: the routing tests. */
let open: ApiApp;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in assertions
type Json = any;
const enqueued: string[] = [];
const servers: ServedApi[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 6 });
  open = createApi({
    database,
    settings: { allowPrivateHosts: true },
    rateLimit: false,
    maxBodyBytes: 4096,
    onEnqueued: (job) => enqueued.push(job.id),
  });
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.close();
  await testDb?.drop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await database.rows(sql`truncate jobs, schedules`);
  enqueued.length = 0;
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function post(app: ApiApp, path: string, body: unknown, headers: Record<string, string> = {}) {
  const init = json(body);
  const response = await app.request(path, { ...init, headers: { ...(init.headers as object), ...headers } });
  return {
    status: response.status,
    body: (await response.json()) as Json,
    headers: response.headers,
  };
}

async function get(app: ApiApp, path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? ((await response.json()) as Json) : await response.text();
  return { status: response.status, body: body as Json, headers: response.headers };
}

/** Runs a job to success the way a worker does. */
async function succeed(id: string, llmsTxt: string, llmsFullTxt?: string) {
  await database.rows(sql`update jobs set priority = 100 where id = ${id}`);
  const claimed = await claim(database, 'test-worker', 1);
  expect(claimed.map((j) => j.id)).toEqual([id]);
  await markRunning(database, id, 'test-worker');
  expect(await complete(database, id, 'test-worker', { llmsTxt, llmsFullTxt: llmsFullTxt ?? null })).toBe(
    true,
  );
}

const VALID =
  '# Site\n\n> A site.\n\nAbout it.\n\n## Docs\n\n- [Start](https://site.example/start): how to begin\n';

describe('POST /v1/jobs', () => {
  it('creates a job (202), then returns the active job for the same normalised URL (200)', async () => {
    const first = await post(open, '/v1/jobs', {
      url: 'https://Site.Example/docs/index.html?utm_source=x#top',
    });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      url: 'https://site.example/docs/',
      siteKey: 'https://site.example/docs/',
      kind: 'new',
      status: 'queued',
      attempts: 0,
      hasLlmsTxt: false,
    });
    expect(first.headers.get('location')).toBe(`/v1/jobs/${first.body.id}`);
    const again = await post(open, '/v1/jobs', { url: 'https://site.example/docs/', kind: 'update' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(enqueued).toEqual([first.body.id]);
    // once it is finished a new submission makes a new job
    await succeed(first.body.id, VALID);
    const third = await post(open, '/v1/jobs', {
      url: 'https://site.example/docs/',
      model: 'gpt-5-nano',
      options: { maxPages: 5 },
    });
    expect(third.status).toBe(202);
    expect(third.body.id).not.toBe(first.body.id);
    expect(third.body).toMatchObject({ model: 'gpt-5-nano', options: { maxPages: 5 } });
  });

  it('refuses malformed JSON, non-http URLs, over-long URLs and unknown options with {error:{code,message}}', async () => {
    const malformed = await post(open, '/v1/jobs', '{"url": "https://a.example/"');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');

    const js = await post(open, '/v1/jobs', { url: 'javascript:alert(1)' });
    expect(js.status).toBe(400);
    expect(js.body.error).toMatchObject({ code: 'invalid_url' });
    expect(js.body.error.message).toContain('javascript:');

    const ftp = await post(open, '/v1/jobs', { url: 'ftp://a.example/' });
    expect(ftp.body.error.code).toBe('invalid_url');
    const relative = await post(open, '/v1/jobs', { url: '/just/a/path' });
    expect(relative.body.error.code).toBe('invalid_url');

    const long = await post(open, '/v1/jobs', { url: `https://a.example/${'x'.repeat(2100)}` });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('invalid_url');
    expect(long.body.error.message).toContain('2048');

    const unknown = await post(open, '/v1/jobs', {
      url: 'https://a.example/',
      options: { maxPages: 3, crawlEverything: true },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_error');
    expect(unknown.body.error.message).toContain('options');
    expect(unknown.body.error.message).toContain('crawlEverything');

    const badLimit = await post(open, '/v1/jobs', { url: 'https://a.example/', options: { maxPages: 0 } });
    expect(badLimit.body.error.issues).toEqual([expect.objectContaining({ path: 'options.maxPages' })]);

    const extraTop = await post(open, '/v1/jobs', { url: 'https://a.example/', priority: 9 });
    expect(extraTop.status).toBe(400);

    const missing = await post(open, '/v1/jobs', {});
    expect(missing.body.error.issues[0].path).toBe('url');

    const text = await open.request('/v1/jobs', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'https://a.example/',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as Json).error.code).toBe('unsupported_media_type');

    const tooBig = await post(open, '/v1/jobs', { url: `https://a.example/`, model: 'x'.repeat(5000) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');

    expect((await database.rows(sql`select id from jobs`)).length).toBe(0);
  });

  it('applies the SSRF guard when LTX_ALLOW_PRIVATE_HOSTS is off', async () => {
    const guarded = createApi({ database, rateLimit: false, settings: { allowPrivateHosts: false } });
    for (const url of [
      'http://127.0.0.1:8080/',
      'http://localhost/',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest/',
      'http://[::1]/',
    ]) {
      const res = await post(guarded, '/v1/jobs', { url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe('blocked_host');
    }
    // public address literals pass (no DNS needed)
    expect((await post(guarded, '/v1/jobs', { url: 'https://8.8.8.8/' })).status).toBe(202);
    // the same loopback URL is accepted when private hosts are allowed
    expect((await post(open, '/v1/jobs', { url: 'http://127.0.0.1:8080/' })).status).toBe(202);
  });

  it('refuses a model outside LTX_ALLOWED_MODELS with 400 model_not_allowed, and accepts an allowed one', async () => {
    const limited = createApi({
      database,
      rateLimit: false,
      settings: { allowPrivateHosts: true, allowedModels: ['gpt-5-mini', 'gpt-5-nano'] },
    });
    const refused = await post(limited, '/v1/jobs', { url: 'http://127.0.0.1:8081/', model: 'gpt-5.2' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('model_not_allowed');
    expect(refused.body.error.message).toContain('gpt-5.2');
    const viaOptions = await post(limited, '/v1/jobs', {
      url: 'http://127.0.0.1:8081/',
      options: { model: 'o3-pro' },
    });
    expect(viaOptions.body.error.code).toBe('model_not_allowed');
    expect(
      (await post(limited, '/v1/jobs', { url: 'http://127.0.0.1:8081/', model: 'gpt-5-nano' })).status,
    ).toBe(202);
    expect((await post(limited, '/v1/jobs', { url: 'http://127.0.0.1:8082/' })).status).toBe(202);
  });
});

describe('GET /v1/jobs/:id and results', () => {
  it('shows a job with its timestamps and 404s unknown or malformed ids', async () => {
    const { body: job } = await post(open, '/v1/jobs', { url: 'https://a.example/' });
    const res = await get(open, `/v1/jobs/${job.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: job.id,
      status: 'queued',
      attempts: 0,
      error: null,
      errorCode: null,
      usage: null,
      result: null,
    });
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
    expect(res.body.links.llmsTxt).toBe(`/v1/jobs/${job.id}/llms.txt`);
    expect((await get(open, '/v1/jobs/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const bad = await get(open, '/v1/jobs/not-a-uuid');
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('not_found');
  });

  it('serves llms.txt as text/markdown: 404 unknown, 409 not ready (with the status), 200 when done', async () => {
    expect((await get(open, '/v1/jobs/00000000-0000-0000-0000-000000000000/llms.txt')).status).toBe(404);
    const { body: job } = await post(open, '/v1/jobs', {
      url: 'https://a.example/',
      options: { full: true },
    });
    const queued = await get(open, `/v1/jobs/${job.id}/llms.txt`);
    expect(queued.status).toBe(409);
    expect(queued.body.error).toMatchObject({ code: 'not_ready', status: 'queued' });

    await succeed(job.id, VALID, '# Site full\n');
    const done = await get(open, `/v1/jobs/${job.id}/llms.txt`);
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(done.body).toBe(VALID);
    // Untrusted site content on the dashboard's origin: never sniffed, never a live page.
    expect(done.headers.get('x-content-type-options')).toBe('nosniff');
    expect(done.headers.get('referrer-policy')).toBe('no-referrer');
    expect(done.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    const full = await get(open, `/v1/jobs/${job.id}/llms-full.txt`);
    expect(full.status).toBe(200);
    expect(full.body).toBe('# Site full\n');
    expect((await get(open, `/v1/jobs/${job.id}`)).body).toMatchObject({
      status: 'success',
      hasLlmsTxt: true,
      hasLlmsFullTxt: true,
    });

    const latest = await get(open, `/v1/llms.txt?url=${encodeURIComponent('https://A.example')}`);
    expect(latest.status).toBe(200);
    expect(latest.body).toBe(VALID);
    expect(latest.headers.get('x-ltx-job-id')).toBe(job.id);
    const none = await get(open, '/v1/llms.txt?url=https://never.example/');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('not_generated');
    expect((await get(open, '/v1/llms.txt')).status).toBe(400);
  });

  it('404s llms-full.txt for a finished job that did not ask for it', async () => {
    const { body: job } = await post(open, '/v1/jobs', { url: 'https://b.example/' });
    await succeed(job.id, VALID);
    const res = await get(open, `/v1/jobs/${job.id}/llms-full.txt`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_generated');
  });
});

describe('GET /v1/jobs (keyset pagination and filters)', () => {
  it('walks 5 jobs in 3 pages of 2 without repeats, newest first, and filters by status and url', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await enqueue(database, { url: `https://p${i}.example/`, siteKey: `https://p${i}.example/` })).id,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(open, `/v1/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      pages++;
      seen.push(...res.body.jobs.map((j: { id: string }) => j.id));
      expect(res.body.jobs[0]).not.toHaveProperty('llmsTxt');
      cursor = res.body.nextCursor;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    await succeed(ids[0]!, VALID);
    const success = await get(open, '/v1/jobs?status=success');
    expect(success.body.jobs.map((j: { id: string }) => j.id)).toEqual([ids[0]]);
    const bySite = await get(open, `/v1/jobs?url=${encodeURIComponent('https://P3.example')}`);
    expect(bySite.body.jobs.map((j: { id: string }) => j.id)).toEqual([ids[3]]);

    expect((await get(open, '/v1/jobs?status=sleeping')).status).toBe(400);
    expect((await get(open, '/v1/jobs?limit=0')).status).toBe(400);
    const badCursor = await get(open, '/v1/jobs?cursor=garbage');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe('invalid_cursor');
  });
});

describe('POST /v1/jobs/:id/cancel', () => {
  it('cancels a queued job at once, flags a running one, and refuses finished or unknown jobs', async () => {
    const { body: queued } = await post(open, '/v1/jobs', { url: 'https://c1.example/' });
    const cancelled = await post(open, `/v1/jobs/${queued.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', errorCode: 'cancelled' });
    const again = await post(open, `/v1/jobs/${queued.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_finished', status: 'cancelled' });
    const gone = await get(open, `/v1/jobs/${queued.id}/llms.txt`);
    expect(gone.body.error).toMatchObject({ code: 'not_ready', status: 'cancelled' });

    const { body: running } = await post(open, '/v1/jobs', { url: 'https://c2.example/' });
    await claim(database, 'w', 1);
    await markRunning(database, running.id, 'w');
    const requested = await post(open, `/v1/jobs/${running.id}/cancel`, {});
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ status: 'running', cancelRequested: true });

    expect((await post(open, '/v1/jobs/00000000-0000-0000-0000-000000000000/cancel', {})).status).toBe(404);
  });
});

describe('POST /v1/validate', () => {
  it('validates text/plain, text/markdown and JSON bodies with line numbers', async () => {
    const ok = await open.request('/v1/validate', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: VALID,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ valid: true, errors: [] });

    const broken = '# Site\n\n> A site.\n\n## Docs\n\n* [Start](https://site.example/start)\n### Deep\n';
    const res = await open.request('/v1/validate', {
      method: 'POST',
      headers: { 'content-type': 'text/markdown' },
      body: broken,
    });
    const verdict = (await res.json()) as { valid: boolean; errors: { line?: number; rule: string }[] };
    expect(verdict.valid).toBe(false);
    expect(verdict.errors.length).toBeGreaterThan(0);
    expect(verdict.errors.every((e) => typeof e.line === 'number')).toBe(true);
    expect(verdict.errors.map((e) => e.rule)).toContain('link-bullet');

    const viaJson = await post(open, '/v1/validate', { content: broken });
    expect(viaJson.body).toEqual(verdict);
    expect((await post(open, '/v1/validate', { text: VALID })).status).toBe(400);
  });
});

describe('schedules', () => {
  it('creates, lists, reads, updates, runs now and deletes a schedule', async () => {
    const created = await post(open, '/v1/schedules', {
      url: 'https://sched.example/docs',
      intervalSeconds: 3600,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://sched.example/docs',
      intervalSeconds: 3600,
      enabled: true,
      failures: 0,
    });
    const id = created.body.id as string;

    const dup = await post(open, '/v1/schedules', {
      url: 'https://SCHED.example/docs#x',
      intervalSeconds: 60,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'schedule_exists', scheduleId: id });
    expect(
      (await post(open, '/v1/schedules', { url: 'https://x.example/', intervalSeconds: 5 })).status,
    ).toBe(400);
    expect(
      (await post(open, '/v1/schedules', { url: 'javascript:1', intervalSeconds: 60 })).body.error.code,
    ).toBe('invalid_url');

    expect((await get(open, '/v1/schedules')).body.schedules.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await get(open, `/v1/schedules/${id}`)).body.id).toBe(id);

    const patched = await open.request(`/v1/schedules/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false, intervalSeconds: 600, options: { maxPages: 10 } }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      enabled: false,
      intervalSeconds: 600,
      options: { maxPages: 10 },
    });

    const run = await post(open, `/v1/schedules/${id}/run`, {});
    expect(run.status).toBe(202);
    expect(run.body.job).toMatchObject({
      kind: 'new',
      scheduleId: id,
      status: 'queued',
      options: { maxPages: 10 },
    });
    expect(run.body.schedule.lastJobId).toBe(run.body.job.id);
    expect(enqueued).toEqual([run.body.job.id]);
    const runAgain = await post(open, `/v1/schedules/${id}/run`, {});
    expect(runAgain.status).toBe(200);
    expect(runAgain.body.job.id).toBe(run.body.job.id);

    const sites = await get(open, '/v1/sites');
    expect(sites.body.sites).toEqual([
      expect.objectContaining({
        siteKey: 'https://sched.example/docs',
        jobs: 1,
        schedule: expect.objectContaining({ id }),
      }),
    ]);

    const del = await open.request(`/v1/schedules/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await open.request(`/v1/schedules/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await get(open, `/v1/schedules/${id}`)).status).toBe(404);
  });
});

describe('stats, sites, health and the OpenAPI document', () => {
  it('reports queue statistics for the dashboard', async () => {
    const { body: a } = await post(open, '/v1/jobs', { url: 'https://s1.example/' });
    await post(open, '/v1/jobs', { url: 'https://s2.example/' });
    await succeed(a.id, VALID);
    const stats = await get(open, '/v1/stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      byStatus: { queued: 1, success: 1, running: 0 },
      ready: 1,
      inFlight: 0,
      successesLastHour: 1,
      failuresLastHour: 0,
      schedules: { total: 0, enabled: 0, failing: 0 },
    });
  });

  it('lists sites newest first with their latest success, paginated', async () => {
    const { body: a } = await post(open, '/v1/jobs', { url: 'https://site-a.example/' });
    await succeed(a.id, VALID);
    await post(open, '/v1/jobs', { url: 'https://site-b.example/' });
    const first = await get(open, '/v1/sites?limit=1');
    expect(first.body.sites).toHaveLength(1);
    expect(first.body.sites[0]).toMatchObject({ siteKey: 'https://site-b.example/', latestSuccess: null });
    const second = await get(open, `/v1/sites?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.sites[0]).toMatchObject({
      siteKey: 'https://site-a.example/',
      latestSuccess: expect.objectContaining({ id: a.id, hasLlmsTxt: true }),
    });
    expect(second.body.nextCursor).toBeNull();
    expect((await get(open, '/v1/sites?cursor=nope')).status).toBe(400);
  });

  it('answers /healthz from the database and 503 when it is unreachable', async () => {
    expect(await get(open, '/healthz')).toMatchObject({ status: 200, body: { ok: true, database: 'ok' } });
    const dead = connect('postgres://postgres@127.0.0.1:1/none', { connectTimeout: 2 });
    try {
      const res = await get(createApi({ database: dead }), '/healthz');
      expect(res.status).toBe(503);
      // Just the status: the driver's message (host, port, user) stays in the log.
      expect(res.body).toEqual({ ok: false, database: 'unreachable' });
    } finally {
      await dead.close();
    }
  });

  it('fails /healthz with 503 while the schema is missing, and maps a missing table to schema_out_of_date', async () => {
    expect((await get(open, '/healthz')).body).toEqual({ ok: true, database: 'ok', schema: 'current' });
    const bare = await createTestDatabase();
    const unmigrated = connect(bare.url, { max: 2 });
    try {
      const api = createApi({ database: unmigrated });
      expect(await get(api, '/healthz')).toMatchObject({
        status: 503,
        body: { ok: false, database: 'ok', schema: 'missing' },
      });
      const jobs = await get(api, '/v1/jobs');
      expect(jobs.status).toBe(503);
      expect(jobs.body.error.code).toBe('schema_out_of_date');
      expect(jobs.body.error.message).toContain('pnpm db:migrate');
    } finally {
      await unmigrated.close();
      await bare.drop();
    }
  });

  it('says the server defaults at /v1/server (unknown in a bare API)', async () => {
    expect((await get(open, '/v1/server')).body).toEqual({ generator: null, model: null, notices: [] });
    const told = createApi({
      database,
      server: { generator: 'extractive', model: 'gpt-5-mini', notices: ['n'] },
    });
    expect((await get(told, '/v1/server')).body).toEqual({
      generator: 'extractive',
      model: 'gpt-5-mini',
      notices: ['n'],
    });
  });

  it('publishes /openapi.json generated from the route schemas', async () => {
    const doc = (await get(open, '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/jobs',
        '/v1/jobs/{id}',
        '/v1/jobs/{id}/llms.txt',
        '/v1/jobs/{id}/llms-full.txt',
        '/v1/jobs/{id}/cancel',
        '/v1/llms.txt',
        '/v1/validate',
        '/v1/schedules',
        '/v1/schedules/{id}',
        '/v1/schedules/{id}/run',
        '/v1/stats',
        '/v1/sites',
        '/healthz',
      ]),
    );
    expect(doc.paths['/v1/jobs'].post.requestBody.content['application/json'].schema).toBeTruthy();
    // This app runs open and without a rate limit: no 401 or 429 (openapi-conformance.test.ts checks the rest).
    expect(Object.keys(doc.paths['/v1/jobs'].post.responses)).toEqual(
      expect.arrayContaining(['200', '202', '400', '413', '415']),
    );
    expect(doc.paths['/v1/jobs'].post.responses).not.toHaveProperty('401');
    expect(doc.components.schemas.JobOptions.properties).toHaveProperty('maxPages');
  });

  it('answers unknown API routes with the JSON error shape', async () => {
    const res = await get(open, '/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('keyset cursors and light site rows', () => {
  it('pages jobs and sites inserted by one statement (one created_at) without skips or repeats', async () => {
    await database.rows(sql`
      insert into jobs (url, site_key)
      select 'https://same-' || i || '.example/', 'https://same-' || i || '.example/' from generate_series(1, 5) i`);
    const seenJobs: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await get(open, `/v1/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seenJobs.push(...page.body.jobs.map((j: Json) => j.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seenJobs).toHaveLength(5);
    expect(new Set(seenJobs).size).toBe(5);

    const seenSites: string[] = [];
    do {
      const page: Json = await get(open, `/v1/sites?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seenSites.push(...page.body.sites.map((site: Json) => site.siteKey));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seenSites.sort()).toEqual([1, 2, 3, 4, 5].map((i) => `https://same-${i}.example/`));
  });

  it('answers a forged cursor with 400 invalid_cursor, never a database error', async () => {
    const forge = (text: string) => Buffer.from(text).toString('base64url');
    const id = '0b8f6a52-4a3c-4c57-9d55-0c2a8e1f4b3e';
    for (const at of ['2026-02-30 10:00:00+00', '0000-01-01 00:00:00+00', '2026-11-01 24:00:00+00']) {
      const jobsPage = await get(open, `/v1/jobs?cursor=${forge(`${at}|${id}`)}`);
      expect(jobsPage.status, at).toBe(400);
      expect(jobsPage.body.error.code).toBe('invalid_cursor');
      const sitesPage = await get(open, `/v1/sites?cursor=${forge(`${at}|https://a.example/`)}`);
      expect(sitesPage.status, at).toBe(400);
      expect(sitesPage.body.error.code).toBe('invalid_cursor');
    }
  });

  it('lists sites without reading the result texts', async () => {
    const { body: job } = await post(open, '/v1/jobs', {
      url: 'https://big.example/',
      options: { full: true },
    });
    // About 1.3 MB each of incompressible text: stored out of line (TOAST), some 160 pages apiece.
    const big = sql`(select string_agg(md5(random()::text), '') from generate_series(1, 40000))`;
    await database.rows(sql`
      update jobs set status = 'success', finished_at = now(), llms_txt = ${big}, llms_full_txt = ${big}
      where id = ${job.id}`);
    const blocks = async (query: SQL) => {
      const [row] = await database.rows<{ 'QUERY PLAN': Json }>(
        sql`explain (analyze, buffers, format json) ${query}`,
      );
      const plan = (
        typeof row!['QUERY PLAN'] === 'string' ? JSON.parse(row!['QUERY PLAN']) : row!['QUERY PLAN']
      )[0].Plan;
      return Number(plan['Shared Hit Blocks']) + Number(plan['Shared Read Blocks']);
    };
    // The measure sees a read of the texts...
    expect(await blocks(sql`select to_jsonb(j) - 'llms_txt' - 'llms_full_txt' from jobs j`)).toBeGreaterThan(
      300,
    );
    // ...and the site list makes none.
    expect(await blocks(listSitesQuery({ limit: 100 }))).toBeLessThan(100);
    const sites = await get(open, '/v1/sites');
    expect(sites.body.sites).toEqual([
      expect.objectContaining({
        siteKey: 'https://big.example/',
        latestSuccess: expect.objectContaining({ id: job.id, hasLlmsTxt: true, hasLlmsFullTxt: true }),
      }),
    ]);
  });
});

describe('security headers and database outages', () => {
  it('sends nosniff, no-referrer and a locked-down CSP on every API response, errors included', async () => {
    const responses = [
      await get(open, '/v1/jobs'),
      await get(open, '/v1/nothing'),
      await get(open, '/v1/jobs/00000000-0000-0000-0000-000000000000'),
      await post(open, '/v1/jobs', '{'),
      await get(open, '/healthz'),
      await get(open, '/openapi.json'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 404, 404, 400, 200, 200]);
    for (const { headers } of responses) {
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('answers 503 database_unavailable once the database goes away', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(testDb.url).port || 5432) });
    const through = connect(proxy.through(testDb.url), { max: 2, connectTimeout: 2 });
    try {
      const app = createApi({ database: through, rateLimit: false, settings: { allowPrivateHosts: true } });
      expect((await get(app, '/v1/jobs')).status).toBe(200);
      // The open connection drops and the port refuses new ones: the database host is down.
      await proxy.close();
      for (const res of [
        await get(app, '/v1/jobs'),
        await post(app, '/v1/jobs', { url: 'http://127.0.0.1:9/down/' }),
        await get(app, '/v1/stats'),
      ]) {
        expect(res.status).toBe(503);
        expect(res.body).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
        expect(res.headers.get('retry-after')).toBe('5');
      }
      expect(await get(app, '/healthz')).toMatchObject({
        status: 503,
        body: { ok: false, database: 'unreachable' },
      });
    } finally {
      await through.close();
      await proxy.close();
    }
  });

  it('answers 503 database_unavailable when the database refuses connections', async () => {
    const dead = connect('postgres://postgres@127.0.0.1:1/none', { connectTimeout: 2 });
    try {
      const res = await get(
        createApi({ database: dead, rateLimit: false }),
        '/v1/jobs/00000000-0000-0000-0000-000000000000',
      );
      expect(res).toMatchObject({ status: 503, body: { error: { code: 'database_unavailable' } } });
    } finally {
      await dead.close();
    }
  });
});

describe('API keys', () => {
  const keyed = () =>
    createApi({
      database,
      apiKeys: ['key-one', 'key-two'],
      rateLimit: false,
      settings: { allowPrivateHosts: true },
    });

  it('requires a valid Bearer key on /v1 and leaves /healthz and /openapi.json open', async () => {
    const app = keyed();
    const none = await get(app, '/v1/jobs');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await get(app, '/v1/jobs', { authorization: 'Bearer key-three' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toContain('invalid');
    expect((await get(app, '/v1/jobs', { authorization: 'Basic a2V5LW9uZQ==' })).status).toBe(401);
    expect((await get(app, '/v1/jobs', { authorization: 'Bearer key-one' })).status).toBe(200);
    expect(
      (await post(app, '/v1/jobs', { url: 'https://k.example/' }, { authorization: 'Bearer key-two' }))
        .status,
    ).toBe(202);
    expect((await get(app, '/healthz')).status).toBe(200);
    expect((await get(app, '/openapi.json')).status).toBe(200);
  });

  it('logs a warning when the API runs without keys', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _enc, cb) => {
        lines.push(String(chunk));
        cb();
      },
    });
    createApi({ database, logger: createLogger({ destination: sink }) });
    expect(lines.some((l) => /LTX_API_KEYS is not set/.test(l) && /"level":40/.test(l))).toBe(true);
  });
});

describe('over a real socket', () => {
  async function start(options: Partial<ApiOptions>) {
    const served = await serveApi(
      createApi({ database, settings: { allowPrivateHosts: true }, ...options }),
      { port: 0, hostname: '127.0.0.1' },
    );
    servers.push(served);
    return served;
  }

  it('rate-limits per client with 429 and Retry-After, per key when keys are on', async () => {
    const served = await start({ rateLimit: { perMinute: 3 } });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${served.url}/v1/stats`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await last!.json()) as Json).error.code).toBe('rate_limited');
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200); // health checks are never limited

    const keyed = await start({ rateLimit: { perMinute: 1 }, apiKeys: ['a', 'b'] });
    const auth = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
    expect((await fetch(`${keyed.url}/v1/stats`, auth('a'))).status).toBe(200);
    expect((await fetch(`${keyed.url}/v1/stats`, auth('a'))).status).toBe(429);
    expect((await fetch(`${keyed.url}/v1/stats`, auth('b'))).status).toBe(200); // its own bucket
  });

  it('logs one line per request with method, path, status, ms and requestId', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write: (chunk, _enc, cb) => {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    });
    const served = await start({ logger: createLogger({ destination: sink }), rateLimit: false });
    const res = await fetch(`${served.url}/v1/jobs/00000000-0000-0000-0000-000000000000`, {
      headers: { 'x-request-id': 'req-42' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const requestLines = lines.filter((l) => l.msg === 'request');
    expect(requestLines).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v1/jobs/00000000-0000-0000-0000-000000000000',
        status: 404,
        requestId: 'req-42',
        ms: expect.any(Number),
      }),
    ]);
  });

  it('serves the dashboard files at / with an SPA fallback, open even with API keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ltx-static-'));
    dirs.push(dir);
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>ltx</title><div id="app"></div>');
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    const served = await start({ staticDir: dir, apiKeys: ['k'], rateLimit: false });
    const root = await fetch(`${served.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toContain('text/html');
    expect(await root.text()).toContain('<title>ltx</title>');
    const csp = root.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe');
    expect(root.headers.get('x-content-type-options')).toBe('nosniff');
    expect(root.headers.get('referrer-policy')).toBe('no-referrer');
    const asset = await fetch(`${served.url}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const deep = await fetch(`${served.url}/jobs/123`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    expect((await fetch(`${served.url}/assets/missing.js`)).status).toBe(404);
    const api = await fetch(`${served.url}/v1/jobs`);
    expect(api.status).toBe(401); // the API stays behind the key
    const unknownApi = await fetch(`${served.url}/v1/unknown`, { headers: { authorization: 'Bearer k' } });
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toContain('application/json');
  });

  it('submits, dedups and serves a result end to end over HTTP', async () => {
    const served = await start({ rateLimit: false });
    const submit = () =>
      fetch(`${served.url}/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://127.0.0.1:9/site/' }),
      });
    const first = await submit();
    expect(first.status).toBe(202);
    const job = (await first.json()) as { id: string };
    const second = await submit();
    expect(second.status).toBe(200);
    expect(((await second.json()) as { id: string }).id).toBe(job.id);
    await succeed(job.id, VALID);
    const txt = await fetch(`${served.url}/v1/jobs/${job.id}/llms.txt`);
    expect(txt.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await txt.text()).toBe(VALID);
    const malformed = await fetch(`${served.url}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });
  });
});
