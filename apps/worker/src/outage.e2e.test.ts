import { sql } from '@ltx/data-model';
import { type Child, llmsTxtFromPrompt, startTcpProxy, type TcpProxy, waitFor } from '@ltx/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acmeSite, listening, sweptJobIds, useWorkerBed, workerEnv } from '../test/worker-support.js';

// A database outage longer than two leases with jobs in flight across three real worker processes. The
// database is cut away through the test-kit's TCP proxy (every connection dropped, new ones refused), never by
// touching the server itself. Outages do not count against a worker: no live worker's job is swept, every
// result finished during the outage is stored once it returns, and a worker that really died is swept one
// lease after the database returns.

// Long enough that heartbeats on a loaded 2-core machine are never late before the outage begins.
const LEASE_MS = 5000;
/** The outage: longer than two leases. */
const OUTAGE_MS = 2 * LEASE_MS + 1500;

const bed = useWorkerBed({
  site: {
    files: acmeSite({
      '/docs/': ['Acme', 'Acme of Acme, a toolkit for widgets.'],
      '/docs/install/': ['Install', 'Install of Acme, a toolkit for widgets.'],
      '/docs/guide/': ['Guide', 'Guide of Acme, a toolkit for widgets.'],
    }),
  },
  pool: 3,
});
let proxy: TcpProxy;

beforeEach(async () => {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(bed.testDb.url).port || 5432) });
});

afterEach(async () => {
  await bed.fleet.killAll(); // before the proxy goes, as the workers connect through it
  await proxy.close();
});

/** A worker whose every connection goes through the proxy. */
function worker(): Child {
  return bed.fleet.spawn(
    workerEnv(proxy.through(bed.testDb.url), bed.llm, {
      WORKER_CONCURRENCY: '4',
      WORKER_POLL_INTERVAL_MS: '500',
      WORKER_LEASE_MS: String(LEASE_MS),
    }),
  );
}

async function insert(n: number): Promise<string[]> {
  const rows = await bed.database.rows<{ id: string }>(
    sql`insert into jobs(url) select ${`${bed.site.origin}/docs/`} from generate_series(1, ${n}) returning id`,
  );
  return rows.map((r) => r.id);
}

/** Three workers, each listening for jobs, so the twelve jobs spread over all of them. */
async function startFleet(): Promise<Child[]> {
  const fleet = [worker(), worker(), worker()];
  await waitFor(() => fleet.every(listening), {
    timeoutMs: 30_000,
    what: 'three workers listening',
  });
  return fleet;
}

/** Which worker holds each job in flight (locked_by), once all `n` are in flight. */
async function holders(): Promise<Map<string, string>> {
  const rows = await bed.database.rows<{ id: string; locked_by: string }>(
    sql`select id, locked_by from jobs where status in ('started', 'running')`,
  );
  return new Map(rows.map((r) => [r.id, r.locked_by]));
}

const ownerOf = (child: Child, lockedBy: string) => lockedBy.includes(`-${child.proc.pid}-`);

/** Each job's status, attempts and error code. */
async function outcomes() {
  return bed.database.rows<{ id: string; status: string; attempts: number; error_code: string | null }>(
    sql`select id, status, attempts, error_code from jobs order by id`,
  );
}

const swept = sweptJobIds;

/** Every worker has seen the outage (logged a failed database statement). */
const allSawOutage = (fleet: Child[]) =>
  fleet.every((c) => c.logs().some((l) => typeof l.failures === 'number' && typeof l.what === 'string'));

describe('a database outage longer than two leases, three workers', () => {
  it('every job ends exactly once, with exactly one model call per job', async () => {
    // Long enough that every job is in its model call when the database goes, short enough that most
    // finish during the outage and must be stored when it returns.
    bed.llm.setFallback(llmsTxtFromPrompt({ origin: bed.site.origin, title: 'Acme', delayMs: 3000 }));
    const fleet = await startFleet();
    const ids = await insert(12);
    await waitFor(() => bed.llm.requests.length === 12, {
      timeoutMs: 30_000,
      what: 'all 12 in the model call',
    });
    const held = await holders();
    expect(held.size).toBe(12);
    // Jobs in flight across all three workers.
    for (const child of fleet) expect([...held.values()].some((w) => ownerOf(child, w))).toBe(true);

    proxy.cut();
    await waitFor(() => allSawOutage(fleet), { timeoutMs: 20_000, what: 'every worker saw the outage' });
    await new Promise((r) => setTimeout(r, OUTAGE_MS)); // the outage itself: longer than two leases
    proxy.restore();

    await waitFor(async () => (await outcomes()).every((j) => j.status === 'success'), {
      timeoutMs: 60_000,
      what: 'every job stored after the outage',
    });
    const rows = await outcomes();
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
    expect(bed.llm.requests).toHaveLength(12);
    expect(swept(fleet)).toEqual([]);
    for (const child of fleet) {
      expect(child.proc.exitCode).toBeNull();
      expect(child.logs().filter((l) => String(l.msg).startsWith('result discarded'))).toEqual([]);
    }
  }, 120_000);

  it('a worker killed during the outage has its jobs requeued once the database is back, the others none', async () => {
    bed.llm.setFallback(llmsTxtFromPrompt({ origin: bed.site.origin, title: 'Acme', delayMs: 3000 }));
    const fleet = await startFleet();
    const ids = await insert(12);
    await waitFor(() => bed.llm.requests.length === 12, {
      timeoutMs: 30_000,
      what: 'all 12 in the model call',
    });
    const held = await holders();
    expect(held.size).toBe(12);
    const [victim, ...survivors] = fleet as [Child, Child, Child];
    const victimJobs = [...held].filter(([, w]) => ownerOf(victim, w)).map(([id]) => id);
    expect(victimJobs.length).toBeGreaterThan(0);

    proxy.cut();
    await waitFor(() => allSawOutage(fleet), { timeoutMs: 20_000, what: 'every worker saw the outage' });
    victim.proc.kill('SIGKILL');
    await victim.exited;
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    bed.llm.setFallback(llmsTxtFromPrompt({ origin: bed.site.origin, title: 'Acme' }));
    proxy.restore();

    await waitFor(async () => (await outcomes()).every((j) => j.status === 'success'), {
      timeoutMs: 60_000,
      what: "every job stored, the killed worker's on a survivor",
    });
    const rows = await outcomes();
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    // The killed worker's jobs ran twice (its run was lost), every other job once.
    const again = rows.filter((r) => r.attempts === 2).map((r) => r.id);
    expect(again.sort()).toEqual([...victimJobs].sort());
    expect(rows.filter((r) => r.attempts !== 1 && r.attempts !== 2)).toEqual([]);
    expect(bed.llm.requests).toHaveLength(12 + victimJobs.length);
    // Only the dead worker's jobs were swept, each once.
    expect(swept(survivors).sort()).toEqual([...victimJobs].sort());
  }, 120_000);
});
