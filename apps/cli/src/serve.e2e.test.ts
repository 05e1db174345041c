import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateLlmsTxt } from '@ltx/core';
import { connect, migrate, sql } from '@ltx/data-model';
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
    "prunes old finished jobs in its cron loop (the cron app's retention), keeping each site's newest success and last N jobs",
    async () => {
      const testDb = await createTestDatabase();
      await migrate(testDb.url);
      const database = connect(testDb.url, { max: 2 });
      try {
        // A finished job of `site`, created `ageDays` days ago (+ `order` s, for a definite order per site).
        const job = async (site: string, ageDays: number, status: 'success' | 'failure', order = 0) => {
          const [row] = await database.rows<{ id: string }>(sql`
            insert into jobs(url, site_key, status, created_at, started_at, finished_at)
            values (${site}, ${site}, ${status}::job_status,
              now() - make_interval(days => ${ageDays}) + make_interval(secs => ${order}),
              now() - make_interval(days => ${ageDays}) + make_interval(secs => ${order}),
              now() - make_interval(days => ${ageDays}) + make_interval(secs => ${order + 1}))
            returning id`);
          return row!.id;
        };
        const a = 'https://a.example/';
        // Site a: an old success (its current result), then eight old failures; keep = 3.
        const aSuccess = await job(a, 90, 'success');
        const aFailures: string[] = [];
        for (let i = 0; i < 8; i++) aFailures.push(await job(a, 80 - i, 'failure'));
        // Site b: one recent failure (inside the 30 days) and an old success: both stay.
        const bRecent = await job('https://b.example/', 1, 'failure');
        const bSuccess = await job('https://b.example/', 200, 'success');
        const kept = new Set([aSuccess, ...aFailures.slice(-3), bRecent, bSuccess]);

        const port = await freePort();
        const serve = startCli(['serve'], {
          DATABASE_URL: testDb.url,
          PORT: String(port),
          LTX_GENERATOR: 'extractive',
          LTX_RETENTION_DAYS: '30',
          LTX_RETENTION_KEEP_JOBS: '3',
          // Two candidates a batch: the run takes several batches, as a big table would.
          LTX_RETENTION_BATCH: '2',
          LOG_LEVEL: 'info',
        });
        children.push(serve);
        await healthy(serve, `http://127.0.0.1:${port}`);
        const left = async () =>
          new Set((await database.rows<{ id: string }>(sql`select id from jobs`)).map((r) => r.id));
        await waitFor(async () => (await left()).size === kept.size, {
          timeoutMs: 60_000,
          what: `ltx serve pruning to ${kept.size} jobs`,
        });
        expect(await left()).toEqual(kept);
        expect(serve.output()).toContain('retention: deleted finished jobs');
        expect(await serve.stop('SIGTERM')).toMatchObject({ code: 0, signal: null });
      } finally {
        await database.close();
        await testDb.drop();
      }
    },
    JOB_TIMEOUT_MS,
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
