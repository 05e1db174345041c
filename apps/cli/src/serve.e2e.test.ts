import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateLlmsTxt } from '@ltx/core';
import {
  createTestDatabase,
  type FakeOpenAI,
  freePort,
  llmsTxtFromPrompt,
  type StaticSite,
  startFakeOpenAI,
  startStaticSite,
  type TestDatabase,
  waitFor,
} from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Background, runCli, startCli } from '../test/cli-support.js';

// `ltx serve` (what `pnpm start` runs) as a child process: API, worker and cron in one process. With no
// DATABASE_URL it keeps an embedded PGlite under LTX_DATA_DIR; the model is the stand-in over HTTP.

const JOB_TIMEOUT_MS = 90_000;
const page = (title: string, body: string, links: string[]) =>
  `<!doctype html><html lang="en"><head><title>${title} | Sprocket Docs</title><meta name="description" content="${title} of the sprocket kit."></head>` +
  `<body><nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`;
const NAV = ['/docs/', '/docs/start/', '/docs/reference/'];
const FILES = {
  '/docs/': page('Sprockets', 'Sprockets turn things.', NAV),
  '/docs/start/': page('Start', 'Start turning sprockets here.', NAV),
  '/docs/reference/': page('Reference', 'Every sprocket function.', NAV),
};

let site: StaticSite;
let model: FakeOpenAI;
const dirs: string[] = [];
const children: Background[] = [];

beforeAll(async () => {
  site = await startStaticSite({ files: FILES });
  model = await startFakeOpenAI();
  model.setFallback(llmsTxtFromPrompt({ origin: site.origin, title: 'Sprockets' }));
});

afterAll(async () => {
  for (const child of children) await child.stop('SIGKILL');
  await model?.close();
  await site?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-serve-'));
  dirs.push(dir);
  return dir;
}

async function healthy(child: Background, base: string): Promise<void> {
  await waitFor(
    async () => {
      if (child.proc.exitCode !== null) throw new Error(`ltx serve exited:\n${child.output()}`);
      return (await fetch(`${base}/healthz`).catch(() => undefined))?.ok;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: 'ltx serve /healthz' },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${child.output()}`);
  });
}

/** Submits the site over HTTP, polls the job to its end, and returns the job and its llms.txt. */
async function buildOverHttp(base: string, child: Background): Promise<{ id: string; text: string }> {
  const created = await fetch(`${base}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${site.origin}/docs/` }),
  });
  expect(created.status).toBe(202);
  const { id } = (await created.json()) as { id: string };
  let job: { status: string; error: string | null } = { status: 'queued', error: null };
  await waitFor(
    async () => {
      job = (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as typeof job;
      return ['success', 'failure', 'cancelled'].includes(job.status);
    },
    { timeoutMs: JOB_TIMEOUT_MS, intervalMs: 200, what: `job ${id}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message} (still ${job.status})\n${child.output()}`);
  });
  expect(job, child.output()).toMatchObject({ status: 'success', error: null });
  const txt = await fetch(`${base}/v1/jobs/${id}/llms.txt`);
  expect(txt.headers.get('content-type')).toMatch(/^text\/markdown/);
  return { id, text: await txt.text() };
}

describe('ltx serve', () => {
  it(
    'with no DATABASE_URL runs API, worker and cron on PGlite and completes a job by itself',
    async () => {
      const dataDir = await tempDir();
      const port = await freePort();
      const env = {
        PORT: String(port),
        LTX_DATA_DIR: dataDir,
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: model.baseURL,
        LTX_ALLOW_PRIVATE_HOSTS: 'true',
      };
      const serve = startCli(['serve'], env);
      children.push(serve);
      const base = `http://127.0.0.1:${port}`;
      await healthy(serve, base);
      expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);

      // A second serve on the same data dir refuses to start (PGlite is one process's database).
      const second = await runCli(
        ['serve'],
        { ...env, PORT: String(await freePort()) },
        { timeoutMs: 30_000 },
      );
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('another ltx serve');

      const requestsBefore = model.requests.length;
      const { text } = await buildOverHttp(base, serve);
      const verdict = validateLlmsTxt(text);
      expect(verdict.errors).toEqual([]);
      expect(text).toContain(`${site.origin}/docs/start/`);
      expect(model.requests.length).toBeGreaterThan(requestsBefore);

      // The same API as the api app: validation, schedules, stats.
      const bad = await fetch(`${base}/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"url":"javascript:x"}',
      });
      expect(bad.status).toBe(400);
      const checked = (await (
        await fetch(`${base}/v1/validate`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: text,
        })
      ).json()) as { valid: boolean };
      expect(checked.valid).toBe(true);
      const stats = (await (await fetch(`${base}/v1/stats`)).json()) as { byStatus: { success: number } };
      expect(stats.byStatus.success).toBe(1);

      // SIGTERM: clean exit 0, the data dir released; a restart finds the job again.
      expect(await serve.stop('SIGTERM')).toMatchObject({ code: 0, signal: null });
      expect(existsSync(join(dataDir, 'serve.pid'))).toBe(false);
      const again = startCli(['serve'], env);
      children.push(again);
      await healthy(again, base);
      const list = (await (await fetch(`${base}/v1/jobs?status=success`)).json()) as { jobs: unknown[] };
      expect(list.jobs).toHaveLength(1);
      expect(await again.stop('SIGTERM')).toMatchObject({ code: 0, signal: null });
    },
    JOB_TIMEOUT_MS * 2,
  );

  it(
    'with DATABASE_URL stops with one line naming pnpm db:migrate, or migrates with LTX_AUTO_MIGRATE, and serves the same API',
    async () => {
      let testDb: TestDatabase | undefined;
      try {
        testDb = await createTestDatabase();
        const refused = await runCli(['serve'], {
          DATABASE_URL: testDb.url,
          PORT: String(await freePort()),
          LTX_GENERATOR: 'extractive',
        });
        expect(refused.code).toBe(1);
        expect(refused.stderr.trim().split('\n')).toEqual([
          expect.stringMatching(/^ltx: the database at .+ has no ltx schema: run pnpm db:migrate/),
        ]);
        const port = await freePort();
        const serve = startCli(['serve'], {
          LTX_AUTO_MIGRATE: 'true',
          DATABASE_URL: testDb.url,
          PORT: String(port),
          LTX_GENERATOR: 'extractive',
          LTX_ALLOW_PRIVATE_HOSTS: 'true',
        });
        children.push(serve);
        const base = `http://127.0.0.1:${port}`;
        await healthy(serve, base);
        const { text } = await buildOverHttp(base, serve);
        expect(validateLlmsTxt(text).valid).toBe(true);
        expect(await serve.stop('SIGTERM')).toMatchObject({ code: 0, signal: null });
      } finally {
        await testDb?.drop();
      }
    },
    JOB_TIMEOUT_MS + 30_000,
  );

  it(
    'without OPENAI_API_KEY serves in extractive mode with one warning and a notice for the dashboard',
    async () => {
      const port = await freePort();
      const serve = startCli(['serve'], {
        PORT: String(port),
        LTX_DATA_DIR: await tempDir(),
        LTX_ALLOW_PRIVATE_HOSTS: 'true',
      });
      children.push(serve);
      const base = `http://127.0.0.1:${port}`;
      await healthy(serve, base);
      const server = (await (await fetch(`${base}/v1/server`)).json()) as {
        generator: string;
        notices: string[];
      };
      expect(server.generator).toBe('extractive');
      expect(server.notices).toEqual([expect.stringContaining('OPENAI_API_KEY is not set')]);
      const { text } = await buildOverHttp(base, serve);
      expect(validateLlmsTxt(text).valid).toBe(true);
      expect(await serve.stop('SIGTERM')).toMatchObject({ code: 0, signal: null });
      const warnings = serve
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":40') || line.includes('"level":"warn"'))
        .filter((line) => line.includes('OPENAI_API_KEY'));
      expect(warnings).toHaveLength(1);
    },
    JOB_TIMEOUT_MS + 30_000,
  );
});
