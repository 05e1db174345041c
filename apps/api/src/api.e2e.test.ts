import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateLlmsTxt } from '@ltx/core';
import { connect, type Database, migrate } from '@ltx/data-model';
import {
  type Child,
  createTestDatabase,
  type FakeOpenAI,
  freePort,
  llmsTxtFromPrompt,
  type StaticSite,
  spawnNode,
  startFakeOpenAI,
  startStaticSite,
  type TestDatabase,
  waitFor,
  waitHealthy,
} from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built API and the built worker as two separate processes on one PostgreSQL: a job submitted over HTTP
// for a site on loopback is crawled by the worker, written by the stand-in model (the real openai SDK over
// HTTP) and served back by the API as a valid llms.txt.

const API_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
// The worker app through its workspace package (a devDependency, so turbo builds it first), not a relative path.
const WORKER_MAIN = join(
  dirname(createRequire(import.meta.url).resolve('worker/package.json')),
  'dist/main.js',
);
const JOB_TIMEOUT_MS = 90_000;
const HAS_WORKER = existsSync(WORKER_MAIN);
if (!HAS_WORKER)
  console.warn(
    `api e2e: ${WORKER_MAIN} is not built (pnpm --filter worker build); the two-process test is skipped`,
  );

const page = (title: string, body: string, links: string[]) =>
  `<!doctype html><html lang="en"><head><title>${title} | Widget Docs</title><meta name="description" content="${title} of the widget toolkit."></head>` +
  `<body><nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`;
const NAV = ['/docs/', '/docs/install/', '/docs/guide/'];
const FILES = {
  '/docs/': page('Widgets', 'Widgets is a toolkit for building widgets.', NAV),
  '/docs/install/': page('Install', 'Install widgets with npm install widgets.', NAV),
  '/docs/guide/': page('Guide', 'A guide to widgets, step by step.', NAV),
};

let testDb: TestDatabase;
let database: Database;
let site: StaticSite;
let model: FakeOpenAI;
const children: Child[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 2 });
  site = await startStaticSite({ files: FILES });
  model = await startFakeOpenAI();
  model.setFallback(llmsTxtFromPrompt({ origin: site.origin, title: 'Widgets' }));
});

afterAll(async () => {
  for (const child of children) await child.stop('SIGKILL');
  await model?.close();
  await site?.close();
  await database?.close();
  await testDb?.drop();
});

describe('api process', () => {
  it('exits 1 at once naming a bad variable', async () => {
    const child = spawnNode(API_MAIN, [], { DATABASE_URL: testDb.url, PORT: 'eighty' });
    children.push(child);
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.output()).toContain('PORT');
    const missing = spawnNode(API_MAIN, [], {});
    children.push(missing);
    expect((await missing.exited).code).toBe(1);
    expect(missing.output()).toContain('DATABASE_URL');
  });

  it.skipIf(!HAS_WORKER)(
    'with a separate worker process, turns a loopback site into a valid llms.txt (issue 5 done-when)',
    async () => {
      const port = await freePort();
      const api = spawnNode(API_MAIN, [], {
        DATABASE_URL: testDb.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LTX_ALLOW_PRIVATE_HOSTS: 'true',
        LOG_LEVEL: 'info',
      });
      children.push(api);
      const worker = spawnNode(WORKER_MAIN, [], {
        DATABASE_URL: testDb.url,
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: model.baseURL,
        LTX_ALLOW_PRIVATE_HOSTS: 'true',
        LOG_LEVEL: 'info',
      });
      children.push(worker);
      const base = `http://127.0.0.1:${port}`;
      await waitHealthy(api, `${base}/healthz`);

      const post = (body: string) =>
        fetch(`${base}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

      const js = await post(JSON.stringify({ url: 'javascript:alert(1)' }));
      expect(js.status).toBe(400);
      expect(((await js.json()) as { error: { code: string } }).error.code).toBe('invalid_url');
      const malformed = await post('{"url":');
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid_json');

      const created = await post(JSON.stringify({ url: `${site.origin}/docs/` }));
      expect(created.status).toBe(202);
      const job = (await created.json()) as { id: string };

      let last: { status: string; error: string | null } = { status: 'queued', error: null };
      await waitFor(
        async () => {
          last = (await (await fetch(`${base}/v1/jobs/${job.id}`)).json()) as typeof last;
          return ['success', 'failure', 'cancelled'].includes(last.status);
        },
        { timeoutMs: JOB_TIMEOUT_MS, intervalMs: 250 },
      ).catch(() => {
        throw new Error(`job still ${last.status}\napi:\n${api.output()}\nworker:\n${worker.output()}`);
      });
      expect(last, worker.output()).toMatchObject({ status: 'success', error: null });

      const txt = await fetch(`${base}/v1/jobs/${job.id}/llms.txt`);
      expect(txt.status).toBe(200);
      expect(txt.headers.get('content-type')).toMatch(/^text\/markdown/);
      const text = await txt.text();
      const verdict = validateLlmsTxt(text);
      expect(verdict.errors).toEqual([]);
      expect(verdict.valid).toBe(true);
      expect(text).toContain(`${site.origin}/docs/install/`);
      expect(model.requests.length).toBeGreaterThan(0);
      // the latest-per-site route serves the same file
      expect(
        await (await fetch(`${base}/v1/llms.txt?url=${encodeURIComponent(`${site.origin}/docs/`)}`)).text(),
      ).toBe(text);

      // SIGTERM: the API closes and exits 0
      expect(await api.stop('SIGTERM')).toMatchObject({ code: 0, signal: null });
      expect(api.output()).toContain('api stopped');
    },
    JOB_TIMEOUT_MS + 30_000,
  );
});
