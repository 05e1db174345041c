import { DEFAULT_MODEL, type GenerateResult, LlmError, silentLogger, ValidationFailedError } from '@ltx/core';
import { claim, connect, type Database, enqueue, getJob, type Job, migrate, sql } from '@ltx/data-model';
import { createTestDatabase, type TestDatabase, waitFor } from '@ltx/test-kit';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerConfig } from './config.js';
import { createGenerateHandler, type GenerateContext, type GenerateJob } from './generate-handler.js';
import { serveMetrics } from './metrics.js';
import { startWorker, type WorkerHandle } from './worker.js';

let testDb: TestDatabase;
let database: Database;
const workers: WorkerHandle[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 20 });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop({ force: true })));
  await database.close();
  await testDb.drop();
});

beforeEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop({ force: true })));
  await database.rows(sql`truncate jobs`);
});

const baseConfig: WorkerConfig = {
  concurrency: 4,
  pollIntervalMs: 60_000, // effectively off: these tests rely on LISTEN/NOTIFY and explicit wakes
  leaseMs: 1500,
  shutdownGraceMs: 5000,
  jobTimeoutMs: 30_000,
  listen: true,
  retryBaseMs: 50,
  retryMaxMs: 200,
};

function result(job: Job, extra: Partial<GenerateResult> = {}): GenerateResult {
  return {
    llmsTxt: `# ${new URL(job.url).hostname}\n\n> Test.\n\n## Docs\n\n- [Home](${job.url})\n`,
    generator: 'extractive',
    usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5, calls: 1 },
    pages: { discovered: 1, fetched: 1, inPrompt: 1, linked: 1 },
    attempts: 1,
    unchanged: false,
    contentHash: 'hash',
    warnings: [],
    limitsHit: [],
    skipped: 0,
    durationMs: 1,
    ...extra,
  };
}

/** A handler that waits until released or aborted; tracks concurrency. */
function gatedHandler() {
  let active = 0;
  let maxActive = 0;
  const started: string[] = [];
  let open = false;
  const handler: GenerateJob = async (job, ctx) => {
    active++;
    maxActive = Math.max(maxActive, active);
    started.push(job.id);
    try {
      await waitFor(() => open || ctx.signal.aborted, { timeoutMs: 60_000, intervalMs: 10 });
      if (ctx.signal.aborted) throw ctx.signal.reason;
      ctx.onProgress({ phase: 'done', pagesFound: 1, pagesFetched: 1 });
      return result(job);
    } finally {
      active--;
    }
  };
  return {
    handler,
    started,
    maxActive: () => maxActive,
    release: () => {
      open = true;
    },
  };
}

/** A worker running the generate handler (options, model, previous result) over a stand-in for core. */
function run(config: Partial<WorkerConfig>, generate: GenerateJob): WorkerHandle {
  const handler = createGenerateHandler(database, {}, generate);
  const worker = startWorker(database, { ...baseConfig, ...config }, { handler, logger: silentLogger });
  workers.push(worker);
  return worker;
}

async function statuses(): Promise<Record<string, number>> {
  const rows = await database.rows<{ status: string; n: string }>(
    sql`select status, count(*) n from jobs group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

describe('startWorker', () => {
  it('runs at most `concurrency` jobs at once and finishes them all, each exactly once', async () => {
    for (let i = 0; i < 10; i++) await enqueue(database, { url: `https://s${i}.example/` });
    const gate = gatedHandler();
    run({ concurrency: 3 }, gate.handler);
    await waitFor(() => gate.started.length === 3, { what: '3 jobs started' });
    expect(await statuses()).toMatchObject({ queued: 7, running: 3 });
    gate.release();
    await waitFor(async () => (await statuses()).success === 10, { what: 'all success' });
    expect(gate.maxActive()).toBe(3);
    expect(new Set(gate.started).size).toBe(10);
    const [row] = await database.rows<{ n: string }>(
      sql`select count(*) n from jobs where attempts <> 1 or llms_txt is null or finished_at is null`,
    );
    expect(Number(row?.n)).toBe(0);
  });

  it('wakes on NOTIFY for a plain SQL insert without waiting for the poll', async () => {
    const gate = gatedHandler();
    gate.release();
    run({}, gate.handler);
    await new Promise((r) => setTimeout(r, 300)); // let LISTEN start
    await database.rows(sql`insert into jobs(url) values ('https://notify.example/')`);
    await waitFor(async () => (await statuses()).success === 1, {
      timeoutMs: 5000,
      what: 'job done via notify (poll is 60 s)',
    });
  });

  it('retries a retryable error with backoff (Retry-After honoured) and fails a permanent one with its code', async () => {
    const transient = await enqueue(database, { url: 'https://transient.example/', maxAttempts: 3 });
    const permanent = await enqueue(database, { url: 'https://permanent.example/' });
    const calls = new Map<string, number>();
    run({}, async (job) => {
      const n = (calls.get(job.id) ?? 0) + 1;
      calls.set(job.id, n);
      if (job.id === permanent.id)
        throw new ValidationFailedError('the answer is not a valid llms.txt', ['line 1: missing H1']);
      if (n < 3)
        throw new LlmError('llm_rate_limited', '429 from the model', { retryable: true, retryAfterMs: 300 });
      return result(job);
    });
    await waitFor(async () => (await getJob(database, transient.id))?.status === 'success', {
      timeoutMs: 10_000,
      what: 'transient success',
    });
    expect(await getJob(database, transient.id)).toMatchObject({
      attempts: 3,
      status: 'success',
      error: null,
    });
    const failed = await getJob(database, permanent.id);
    // It named no model: the failure records the default it ran with, as a success would.
    expect(failed).toMatchObject({
      status: 'failure',
      errorCode: 'validation_failed',
      attempts: 1,
      model: DEFAULT_MODEL,
    });
    expect(failed?.error).toContain('line 1: missing H1');
    expect(calls.get(permanent.id)).toBe(1);
  });

  it('gives up on a retryable error after max_attempts and stores the last error', async () => {
    const job = await enqueue(database, { url: 'https://down.example/', maxAttempts: 2 });
    run({}, async () => {
      throw new LlmError('llm_unavailable', 'model API answered 503', { retryable: true });
    });
    await waitFor(async () => (await getJob(database, job.id))?.status === 'failure', {
      timeoutMs: 10_000,
      what: 'failure',
    });
    const done = await getJob(database, job.id);
    expect(done).toMatchObject({ attempts: 2, errorCode: 'llm_unavailable' });
    expect(done?.error).toContain('gave up after 2 attempts');
  });

  it('aborts a job past its time limit through the AbortSignal and retries it', async () => {
    const job = await enqueue(database, {
      url: 'https://slow.example/',
      maxAttempts: 1,
      options: { jobTimeoutMs: 1000 },
    });
    let sawAbort = false;
    run({}, async (_job, ctx: GenerateContext) => {
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      sawAbort = true;
      throw ctx.signal.reason;
    });
    await waitFor(async () => (await getJob(database, job.id))?.status === 'failure', {
      timeoutMs: 10_000,
      what: 'timeout failure',
    });
    expect(sawAbort).toBe(true);
    expect(await getJob(database, job.id)).toMatchObject({ errorCode: 'timeout' });
  });

  it("hands the handler the effective time limit: the job's own, capped by the worker's", async () => {
    const asked = await enqueue(database, { url: 'https://ask.example/', options: { jobTimeoutMs: 5000 } });
    const greedy = await enqueue(database, {
      url: 'https://greedy.example/',
      options: { jobTimeoutMs: 3_600_000 },
    });
    const plain = await enqueue(database, { url: 'https://plain.example/' });
    const seen = new Map<string, number | undefined>();
    run({ jobTimeoutMs: 60_000 }, async (job, ctx) => {
      seen.set(job.id, ctx.options.jobTimeoutMs);
      return result(job);
    });
    await waitFor(() => seen.size === 3, { what: 'three jobs run' });
    expect(seen.get(asked.id)).toBe(5000);
    expect(seen.get(greedy.id)).toBe(60_000);
    expect(seen.get(plain.id)).toBe(60_000);
  });

  it('cancels a running job at its next heartbeat', async () => {
    const job = await enqueue(database, { url: 'https://cancel.example/' });
    const gate = gatedHandler();
    run({ leaseMs: 600 }, gate.handler);
    await waitFor(() => gate.started.length === 1, { what: 'started' });
    await database.rows(sql`update jobs set cancel_requested = true where id = ${job.id}`);
    await waitFor(async () => (await getJob(database, job.id))?.status === 'cancelled', {
      timeoutMs: 5000,
      what: 'cancelled',
    });
  });

  it('requeues the job of a worker that stopped heartbeating, and the late owner cannot overwrite it', async () => {
    const job = await enqueue(database, { url: 'https://lease.example/' });
    // A "dead" worker: claims and then never heartbeats.
    await claim(database, 'dead-worker', 1);
    const gate = gatedHandler();
    gate.release();
    run({ leaseMs: 500 }, gate.handler);
    await waitFor(async () => (await getJob(database, job.id))?.status === 'success', {
      timeoutMs: 10_000,
      what: 'picked up after the lease',
    });
    expect(await getJob(database, job.id)).toMatchObject({ attempts: 2 });
  });

  it('on stop, drains in-flight jobs within the grace period', async () => {
    await enqueue(database, { url: 'https://drain.example/' });
    const gate = gatedHandler();
    const worker = run({ shutdownGraceMs: 10_000 }, gate.handler);
    await waitFor(() => gate.started.length === 1, { what: 'started' });
    const stopped = worker.stop();
    setTimeout(gate.release, 200);
    await stopped;
    expect(await statuses()).toEqual({ success: 1 });
  });

  it('on stop past the grace period, aborts and requeues jobs without spending an attempt', async () => {
    for (let i = 0; i < 3; i++) await enqueue(database, { url: `https://stuck${i}.example/` });
    const gate = gatedHandler();
    const worker = run({ shutdownGraceMs: 200 }, gate.handler);
    await waitFor(() => gate.started.length === 3, { what: 'started' });
    await worker.stop();
    expect(await statuses()).toEqual({ queued: 3 });
    const [row] = await database.rows<{ n: string }>(
      sql`select count(*) n from jobs where attempts = 0 and locked_by is null`,
    );
    expect(Number(row?.n)).toBe(3);
  });

  it('a stop that lands while a claim is in flight leaves no job started', async () => {
    for (let round = 0; round < 5; round++) {
      await database.rows(sql`truncate jobs`);
      const gate = gatedHandler();
      const worker = run({ shutdownGraceMs: 100 }, gate.handler);
      await database.rows(
        sql`insert into jobs(url) select 'https://race' || g || '.example/' from generate_series(1, 6) g`,
      );
      worker.wake();
      await worker.stop();
      const counts = await statuses();
      expect(counts.started ?? 0).toBe(0);
      expect(counts.running ?? 0).toBe(0);
      expect(counts.queued).toBe(6);
    }
  });

  it('stores invalid job options as a permanent failure', async () => {
    const job = await enqueue(database, { url: 'https://opts.example/', options: { maxPages: -5 } });
    run({}, async (j) => result(j));
    await waitFor(async () => (await getJob(database, job.id))?.status === 'failure', { what: 'failure' });
    expect(await getJob(database, job.id)).toMatchObject({ errorCode: 'config_error' });
  });

  it('serves /healthz and Prometheus /metrics: outcomes, durations, in-flight, queue depth and tokens', async () => {
    const ok = await enqueue(database, { url: 'https://metrics-ok.example/' });
    const bad = await enqueue(database, { url: 'https://metrics-bad.example/' });
    await enqueue(database, { url: 'https://metrics-later.example/', delayMs: 600_000 });
    const worker = run({}, async (job) => {
      if (job.id === bad.id) throw new ValidationFailedError('never valid', ['line 1: no H1']);
      return result(job);
    });
    await waitFor(
      async () =>
        (await getJob(database, ok.id))?.status === 'success' &&
        (await getJob(database, bad.id))?.status === 'failure',
      {
        what: 'both done',
      },
    );
    const server = await serveMetrics(worker.metrics, 0, async () => ({
      ok: worker.healthy(),
      detail: { inFlight: worker.inFlight() },
    }));
    try {
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', inFlight: 0 });
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(text).toMatch(/^ltx_jobs_total\{outcome="success"\} 1$/m);
      expect(text).toMatch(/^ltx_jobs_total\{outcome="failure"\} 1$/m);
      expect(text).toMatch(/^ltx_job_duration_seconds_count\{outcome="success"\} 1$/m);
      expect(text).toMatch(/^ltx_jobs_in_flight 0$/m);
      expect(text).toMatch(/^ltx_queue_jobs\{status="queued"\} 1$/m);
      expect(text).toMatch(/^ltx_model_tokens_total\{type="prompt"\} 3$/m);
      expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
      await worker.stop();
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
