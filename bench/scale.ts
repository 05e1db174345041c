// Scale by simulation: the same measures on a small jobs table (BASE_ROWS finished jobs: just enough that
// every listing returns full pages of 50, so both sides serialise the same amount) and on one holding ROWS
// finished jobs (generate_series, 20 jobs per site, a short llms.txt each), in the same run, ratio big/small.
// A truly empty table would compare a 50-item answer with an empty one (what the API writes, not what the
// table costs).
//   claim       one queued job inserted, claim() called: the claim statement's latency (client clock, median)
//   pickup      an idle in-process worker (LISTEN, poll 1 s, stub handler): created_at -> started_at, both
//               stamped by PostgreSQL's clock
//   GET /v1/jobs?limit=50 and GET /v1/sites (limit 50): the API's routes in process (createApi().request)
// and EXPLAIN of the listing and claim queries: whether any reads the jobs table sequentially.
//   pnpm --filter @ltx/bench exec tsx scale.ts [rows=1000000] [samples=30]
import { claim, complete, connect, type Database, listSitesQuery, migrate, sql } from '@ltx/data-model';
import { createApi } from '@ltx/http-api';
import { createTestDatabase, waitFor } from '@ltx/test-kit';
import { median, report, round } from './stats.js';
import { startStubWorker, stubResult } from './stub-result.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SAMPLES = Number(process.argv[3] ?? 30);
const PER_SITE = 20;
const BASE_ROWS = 2_000;

async function fill(database: Database, rows: number): Promise<void> {
  if (rows === 0) return;
  // Bulk load as a restore would: row triggers off for the load (none applies to finished rows), then
  // VACUUM ANALYZE as autovacuum would after it.
  await database.rows(sql`alter table jobs disable trigger user`);
  await database.rows(sql`
    insert into jobs(url, site_key, status, attempts, created_at, started_at, finished_at, llms_txt, result)
    select s, s, (case when g % 10 = 0 then 'failure' else 'success' end)::job_status, 1, t, t, t + interval '2 seconds',
      '# Site ' || g || E'\\n\\n> A summary.\\n\\n## Docs\\n\\n- [Home](' || s || ')\\n', '{"pages":{"fetched":3}}'::jsonb
    from generate_series(1, ${rows}) g,
      lateral (select 'https://site' || (g % ${Math.max(1, Math.floor(rows / PER_SITE))}) || '.example/' as s,
        now() - interval '1 hour' - make_interval(secs => g) as t) x`);
  await database.rows(sql`alter table jobs enable trigger user`);
  await database.rows(sql`vacuum analyze jobs`);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function measure(url: string, rows: number) {
  const database = connect(url, { max: 8 });
  await fill(database, rows);
  const api = createApi({ database, rateLimit: false });
  const get = async (path: string) => {
    const response = await api.request(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
  };
  const claimMs: number[] = [];
  const jobsMs: number[] = [];
  const sitesMs: number[] = [];
  // Warm the connections and plans once before sampling.
  await get('/v1/jobs?limit=50');
  await get('/v1/sites');
  for (let i = 0; i < SAMPLES; i++) {
    await database.rows(
      sql`insert into jobs(url, site_key) values ('https://claim.example/', 'https://claim.example/')`,
    );
    let claimed: Awaited<ReturnType<typeof claim>> = [];
    claimMs.push(await timed(async () => (claimed = await claim(database, 'bench-claimer', 1))));
    for (const job of claimed)
      await complete(database, job.id, 'bench-claimer', { llmsTxt: stubResult.llmsTxt });
    jobsMs.push(await timed(() => get('/v1/jobs?limit=50')));
    sitesMs.push(await timed(() => get('/v1/sites')));
  }

  const worker = startStubWorker(database, 2);
  const pickupMs: number[] = [];
  try {
    await new Promise((r) => setTimeout(r, 1000)); // listening
    for (let i = 0; i < SAMPLES; i++) {
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 120));
      const [job] = await database.rows<{ id: string }>(
        sql`insert into jobs(url) values ('https://pickup.example/') returning id`,
      );
      let ms = Number.NaN;
      await waitFor(
        async () => {
          const [row] = await database.rows<{ ms: number | null }>(
            sql`select extract(epoch from started_at - created_at) * 1000 as ms from jobs where id = ${job!.id} and status in ('success', 'failure')`,
          );
          if (row?.ms === undefined || row.ms === null) return false;
          ms = Number(row.ms);
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 5 },
      );
      pickupMs.push(ms);
    }
  } finally {
    await worker.stop();
  }

  const plans: Record<string, string[]> = {};
  const explain = async (name: string, query: ReturnType<typeof sql>) => {
    const rowsOut = await database.rows<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
    const text = rowsOut.map((r) => r['QUERY PLAN']);
    plans[name] = text
      .filter((line) => /Scan/.test(line))
      .map((line) => line.trim().replace(/\s+\(cost=.*$/, ''));
  };
  await explain('GET /v1/jobs', sql`select id from jobs order by created_at desc, id desc limit 51`);
  await explain('GET /v1/sites', listSitesQuery({ limit: 50 }));
  await explain(
    'claim',
    sql`select id from jobs where status = 'queued' and run_at <= now() and not cancel_requested order by priority desc, run_at, id limit 10 for update skip locked`,
  );
  await database.close();
  return {
    claimMs: median(claimMs),
    pickupMs: median(pickupMs),
    jobsMs: median(jobsMs),
    sitesMs: median(sitesMs),
    plans,
  };
}

const emptyDb = await createTestDatabase('ltx_bench_empty');
const bigDb = await createTestDatabase('ltx_bench_scale');
try {
  await migrate(emptyDb.url);
  await migrate(bigDb.url);
  const t0 = performance.now();
  const big = await measure(bigDb.url, ROWS);
  const loadSeconds = (performance.now() - t0) / 1000;
  const empty = await measure(emptyDb.url, BASE_ROWS);
  const ratio = (k: 'claimMs' | 'pickupMs' | 'jobsMs' | 'sitesMs') => round(big[k] / empty[k], 2);
  const seqScans = Object.entries(big.plans)
    .filter(([, lines]) => lines.some((l) => /Seq Scan on jobs/.test(l)))
    .map(([name]) => name);
  const figures = {
    rows: ROWS,
    baselineRows: BASE_ROWS,
    samples: SAMPLES,
    empty: {
      claimMs: round(empty.claimMs, 2),
      pickupMs: round(empty.pickupMs),
      jobsMs: round(empty.jobsMs),
      sitesMs: round(empty.sitesMs),
    },
    big: {
      claimMs: round(big.claimMs, 2),
      pickupMs: round(big.pickupMs),
      jobsMs: round(big.jobsMs),
      sitesMs: round(big.sitesMs),
    },
    ratio: {
      claim: ratio('claimMs'),
      pickup: ratio('pickupMs'),
      jobs: ratio('jobsMs'),
      sites: ratio('sitesMs'),
    },
    seqScansOnJobs: seqScans,
    plans: big.plans,
    secondsToLoadAndMeasureBig: round(loadSeconds),
  };
  report('scale', figures);
  console.log(
    `scale, ${ROWS} finished jobs vs ${BASE_ROWS} (medians of ${SAMPLES}): claim ${figures.big.claimMs} vs ${figures.empty.claimMs} ms (${figures.ratio.claim}x), pickup ${figures.big.pickupMs} vs ${figures.empty.pickupMs} ms (${figures.ratio.pickup}x), GET /v1/jobs?limit=50 ${figures.big.jobsMs} vs ${figures.empty.jobsMs} ms (${figures.ratio.jobs}x), GET /v1/sites ${figures.big.sitesMs} vs ${figures.empty.sitesMs} ms (${figures.ratio.sites}x); sequential scans of jobs: ${seqScans.length ? seqScans.join(', ') : 'none'}`,
  );
} finally {
  await emptyDb.drop();
  await bigDb.drop();
}
