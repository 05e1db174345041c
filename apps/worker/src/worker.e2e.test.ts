import { validateLlmsTxt } from '@ltx/core';
import { connect, type Database, getJob, migrate, sql } from '@ltx/data-model';
import {
  type Child,
  createTestDatabase,
  type FakeOpenAI,
  llmsTxtFromPrompt,
  type StaticSite,
  startFakeOpenAI,
  startStaticSite,
  startTcpProxy,
  type TestDatabase,
  waitFor,
} from '@ltx/test-kit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnWorker } from '../test/worker-support.js';

// The built worker as real child processes, on a real database, crawling a real loopback site and calling a
// stand-in model through the real openai SDK. Short leases so the fault tests finish quickly.

const page = (title: string, body: string, links: string[]) =>
  `<!doctype html><html lang="en"><head><title>${title} | Acme Docs</title><meta name="description" content="${title} of the Acme toolkit."></head>` +
  `<body><nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`;

const NAV = ['/docs/', '/docs/install/', '/docs/guide/', '/docs/api/'];
const FILES = {
  '/docs/': page('Acme', 'Acme is a toolkit for building widgets quickly.', NAV),
  '/docs/install/': page('Install', 'Install Acme with npm install acme.', NAV),
  '/docs/guide/': page('Guide', 'A guide to widgets, step by step.', NAV),
  '/docs/api/': page('API', 'The API reference for every widget function.', NAV),
};

let testDb: TestDatabase;
let database: Database;
let site: StaticSite;
let llm: FakeOpenAI;
const children: Child[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 5 });
  site = await startStaticSite({ files: FILES });
});

afterAll(async () => {
  await database.close();
  await site.close();
  await testDb.drop();
});

beforeEach(async () => {
  await database.rows(sql`truncate jobs`);
  llm = await startFakeOpenAI();
  llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, title: 'Acme' }));
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
  await llm.close();
});

function worker(extra: Record<string, string> = {}): Child {
  const child = spawnWorker({
    DATABASE_URL: testDb.url,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: llm.baseURL,
    LTX_ALLOW_PRIVATE_HOSTS: 'true',
    WORKER_POLL_INTERVAL_MS: '1000',
    WORKER_LEASE_MS: '2000',
    LOG_LEVEL: 'debug',
    ...extra,
  });
  children.push(child);
  return child;
}

async function counts(): Promise<Record<string, number>> {
  const rows = await database.rows<{ status: string; n: string }>(
    sql`select status, count(*) n from jobs group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

const insert = async (url: string, n = 1) =>
  database.rows<{ id: string }>(
    sql`insert into jobs(url) select ${url} from generate_series(1, ${n}) returning id`,
  );

describe('worker process', () => {
  it('exits at once, non-zero, naming OPENAI_API_KEY when it is missing', async () => {
    const child = spawnWorker({ DATABASE_URL: testDb.url });
    children.push(child);
    const { code } = await child.exited;
    expect(code).not.toBe(0);
    expect(child.stderr()).toContain('OPENAI_API_KEY');
  });

  it('names every bad variable at start', async () => {
    const child = spawnWorker({ DATABASE_URL: 'mysql://x', OPENAI_API_KEY: 'k', WORKER_CONCURRENCY: 'many' });
    children.push(child);
    expect((await child.exited).code).toBe(1);
    const stderr = child.stderr();
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).toContain('WORKER_CONCURRENCY');
  });

  it('without DATABASE_URL says so in one line naming the variable, not a raw zod message', async () => {
    const child = spawnWorker({ OPENAI_API_KEY: 'k' });
    children.push(child);
    expect((await child.exited).code).toBe(1);
    expect(child.stderr().trim().split('\n')).toEqual([
      'worker: invalid configuration: DATABASE_URL: is not set: give the PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:5432/postgres',
    ]);
  });

  it('on an unmigrated database stops with one line naming pnpm db:migrate; LTX_AUTO_MIGRATE=true migrates it', async () => {
    const bare = await createTestDatabase();
    try {
      const child = worker({ DATABASE_URL: bare.url });
      expect((await child.exited).code).toBe(1);
      const lines = child.output().trim().split('\n');
      expect(lines.filter((l) => l.includes('"level":60'))).toEqual([
        expect.stringContaining('has no ltx schema: run pnpm db:migrate (or set LTX_AUTO_MIGRATE=true)'),
      ]);
      expect(child.output()).not.toMatch(/\n\s+at /); // no stack trace

      const migrating = worker({ DATABASE_URL: bare.url, LTX_AUTO_MIGRATE: 'true' });
      await waitFor(() => migrating.output().includes('Worker service starting'), {
        timeoutMs: 30_000,
        what: 'the auto-migrating worker to start',
      }).catch((error: Error) => {
        throw new Error(`${error.message}\n${migrating.output()}`);
      });
      expect(migrating.output()).toContain('migrations applied');
      migrating.proc.kill('SIGTERM');
      expect((await migrating.exited).code).toBe(0);
    } finally {
      await bare.drop();
    }
  });

  it('waits for an unreachable database with one line per distinct error naming host and port', async () => {
    const child = worker({ DATABASE_URL: 'postgres://postgres:pw-secret@127.0.0.1:1/ltx' });
    await waitFor(() => (child.output().match(/"retryInMs"/g) ?? []).length >= 3, {
      timeoutMs: 30_000,
      what: 'three connection attempts',
    });
    child.proc.kill('SIGTERM');
    await child.exited;
    const warnings = child
      .output()
      .split('\n')
      .filter((l) => l.includes('"level":40'));
    expect(warnings).toEqual([expect.stringContaining('cannot reach the database at 127.0.0.1:1/ltx')]);
    expect(child.output()).not.toContain('pw-secret');
    expect(child.output().length).toBeLessThan(4000);
  });

  it('takes a row inserted by SQL from queued to success with a valid llms.txt whose links all answer 200', async () => {
    worker();
    const [job] = await insert(`${site.origin}/docs/`);
    await waitFor(async () => (await getJob(database, job!.id))?.status === 'success', {
      timeoutMs: 30_000,
      what: 'success',
    });
    const done = await getJob(database, job!.id);
    expect(done).toMatchObject({ attempts: 1, error: null, siteKey: `${site.origin}/docs/` });
    expect(done?.startedAt).toBeTruthy();
    expect(done?.finishedAt).toBeTruthy();
    expect(done?.usage?.calls).toBeGreaterThanOrEqual(1);
    const verdict = validateLlmsTxt(done!.llmsTxt!);
    expect(verdict.errors).toEqual([]);
    const links = [...done!.llmsTxt!.matchAll(/\]\((http[^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of links) expect((await fetch(link)).status, link).toBe(200);
    // The seed's monitoring lines, with the job id on every job line.
    const jobLines = children[0]!.logs().filter((l) => l.jobId === job!.id);
    expect(jobLines.some((l) => String(l.msg).startsWith(`Processing job ${job!.id}`))).toBe(true);
    expect(jobLines.some((l) => l.msg === `Job ${job!.id} completed successfully`)).toBe(true);
  });

  it('stores a clear error for an invalid URL and keeps going', async () => {
    worker();
    const [bad] = await insert('not a url');
    const [js] = await insert('javascript:alert(1)');
    const [good] = await insert(`${site.origin}/docs/`);
    await waitFor(async () => (await counts()).success === 1 && (await counts()).failure === 2, {
      timeoutMs: 30_000,
      what: 'outcomes',
    });
    for (const id of [bad!.id, js!.id]) {
      const failed = await getJob(database, id);
      expect(failed).toMatchObject({ status: 'failure', errorCode: 'invalid_url', attempts: 1 });
      expect(failed?.error).toBeTruthy();
    }
    expect((await getJob(database, good!.id))?.status).toBe('success');
  });
  it('fails with the validation errors (and the tokens spent) when the model never answers with an llms.txt', async () => {
    llm.setFallback({ content: 'Sorry, I cannot browse websites.' });
    worker();
    const [job] = await insert(`${site.origin}/docs/`);
    await waitFor(async () => (await getJob(database, job!.id))?.status === 'failure', {
      timeoutMs: 30_000,
      what: 'failure',
    });
    const failed = await getJob(database, job!.id);
    expect(failed).toMatchObject({ errorCode: 'validation_failed', attempts: 1 });
    expect(failed?.error).toMatch(/not a valid llms\.txt after 3 attempts/);
    expect(failed?.error).toMatch(/line \d+/);
    expect(failed?.usage?.calls).toBe(3);
    expect(llm.requests).toHaveLength(3);
  });
});

describe('worker fleet under faults', () => {
  it('three workers take 300 queued jobs: all succeed, none attempted twice, one model call each', async () => {
    await insert(`${site.origin}/docs/`, 300);
    for (let i = 0; i < 3; i++) worker({ WORKER_CONCURRENCY: '10', LOG_LEVEL: 'warn' });
    await waitFor(async () => (await counts()).success === 300, {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: '300 successes',
    });
    const [row] = await database.rows<{ twice: string }>(
      sql`select count(*) filter (where attempts <> 1) twice from jobs`,
    );
    expect(Number(row?.twice)).toBe(0);
    expect(llm.requests).toHaveLength(300);
  }, 150_000);

  it('after kill -9 of a worker mid-job, its jobs finish on another worker within the lease', async () => {
    llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, title: 'Acme', delayMs: 4000 }));
    const ids = (await insert(`${site.origin}/docs/`, 3)).map((r) => r.id);
    const victim = worker({ WORKER_CONCURRENCY: '3' });
    await waitFor(() => llm.requests.length === 3, {
      timeoutMs: 20_000,
      what: 'victim asked the model for all 3',
    });
    victim.proc.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();
    llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, title: 'Acme' }));
    worker();
    await waitFor(async () => (await counts()).success === 3, {
      timeoutMs: 60_000,
      what: 'rescued jobs done',
    });
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    for (const id of ids) expect((await getJob(database, id))?.attempts).toBe(2);
  }, 90_000);

  it('SIGTERM with jobs in flight: exits 0 within the grace period, leaving every job queued with its attempt back', async () => {
    llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, delayMs: 60_000 }));
    await insert(`${site.origin}/docs/`, 4);
    const child = worker({ WORKER_CONCURRENCY: '4', WORKER_SHUTDOWN_GRACE_MS: '1000' });
    await waitFor(() => llm.requests.length === 4, { timeoutMs: 20_000, what: 'all 4 in the model call' });
    const sentAt = Date.now();
    child.proc.kill('SIGTERM');
    const { code, atMs } = await child.exited;
    expect(code).toBe(0);
    expect(atMs - sentAt).toBeLessThan(30_000);
    expect(await counts()).toEqual({ queued: 4 });
    const [row] = await database.rows<{ n: string }>(
      sql`select count(*) n from jobs where attempts = 0 and locked_by is null`,
    );
    expect(Number(row?.n)).toBe(4);
  }, 60_000);

  it('survives pg_terminate_backend on all its connections mid-run and still stores every result', async () => {
    llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, delayMs: 1500 }));
    await insert(`${site.origin}/docs/`, 6);
    const child = worker({ WORKER_CONCURRENCY: '6' });
    await waitFor(() => llm.requests.length >= 3, { timeoutMs: 20_000, what: 'jobs in the model call' });
    const killed = await database.rows<{ pid: number }>(
      sql`select pg_terminate_backend(pid) as ok, pid from pg_stat_activity where application_name = 'ltx-worker' and datname = current_database()`,
    );
    expect(killed.length).toBeGreaterThan(0);
    await waitFor(async () => (await counts()).success === 6, {
      timeoutMs: 60_000,
      what: 'all success after the kill',
    });
    expect(child.proc.exitCode).toBeNull();
    // Its LISTEN connection came back too: a new insert is picked up.
    await insert(`${site.origin}/docs/`);
    await waitFor(async () => (await counts()).success === 7, { timeoutMs: 30_000, what: 'post-kill job' });
  }, 90_000);

  it('rides out a database outage longer than its lease: the results it holds are written when the database returns', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(testDb.url).port || 5432) });
    try {
      llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, delayMs: 1500 }));
      await insert(`${site.origin}/docs/`, 4);
      const child = worker({
        DATABASE_URL: proxy.through(testDb.url),
        WORKER_CONCURRENCY: '4',
        WORKER_LEASE_MS: '2000',
      });
      await waitFor(() => llm.requests.length === 4, { timeoutMs: 20_000, what: 'all 4 in the model call' });
      proxy.cut();
      await new Promise((r) => setTimeout(r, 6000)); // three leases without a database
      expect(child.proc.exitCode).toBeNull();
      proxy.restore();
      await waitFor(async () => (await counts()).success === 4, {
        timeoutMs: 60_000,
        what: 'results written after the outage',
      });
      const [row] = await database.rows<{ n: string }>(sql`select count(*) n from jobs where attempts <> 1`);
      expect(Number(row?.n)).toBe(0);
      expect(llm.requests).toHaveLength(4);
      expect(child.proc.exitCode).toBeNull();
    } finally {
      await proxy.close();
    }
  }, 90_000);

  it('rides out a 429 storm: every job ends success, none is lost', async () => {
    const ok = llmsTxtFromPrompt({ origin: site.origin });
    let n = 0;
    llm.setFallback((request) =>
      ++n <= 25
        ? {
            status: 429,
            headers: { 'retry-after': '1' },
            body: { error: { message: 'rate limited', type: 'requests' } },
          }
        : ok(request),
    );
    await insert(`${site.origin}/docs/`, 8);
    worker({ WORKER_CONCURRENCY: '8' });
    await waitFor(async () => (await counts()).success === 8, {
      timeoutMs: 90_000,
      intervalMs: 250,
      what: '8 successes after the storm',
    });
    expect(n).toBeGreaterThan(25);
  }, 120_000);

  it("refuses a paused (zombie) worker's late result after its job was finished elsewhere", async () => {
    llm.setFallback(
      llmsTxtFromPrompt({ origin: site.origin, marker: (_r, k) => `answer ${k}`, delayMs: 3000 }),
    );
    const [job] = await insert(`${site.origin}/docs/`);
    const zombie = worker();
    await waitFor(() => llm.requests.length === 1, { timeoutMs: 20_000, what: 'zombie in the model call' });
    zombie.proc.kill('SIGSTOP');
    llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, marker: () => 'answer from the rescuer' }));
    worker();
    await waitFor(async () => (await getJob(database, job!.id))?.status === 'success', {
      timeoutMs: 30_000,
      what: 'rescued',
    });
    zombie.proc.kill('SIGCONT');
    await waitFor(() => zombie.logs().some((l) => /no longer owns|lease lost/.test(String(l.msg))), {
      timeoutMs: 20_000,
      what: 'zombie refused',
    });
    const done = await getJob(database, job!.id);
    expect(done?.llmsTxt).toContain('answer from the rescuer');
    expect(done?.attempts).toBe(2);
  }, 60_000);
});
