// Queue throughput with generation stubbed out: jobs per second for ONE worker at concurrency 10,
// ltx's queue-worker side by side with graphile-worker on the same PostgreSQL, in the same run.
// Runs alternate (ltx, graphile, ltx, graphile, ...) so machine noise hits both; medians and the ratio.
//   pnpm --filter @ltx/bench exec tsx queue-throughput.ts [jobs=2000] [runs=3]
import { connect, migrate, sql } from '@ltx/data-model';
import { createGenerateHandler, startWorker } from '@ltx/queue-worker';
import { createTestDatabase } from '@ltx/test-kit';
import { makeWorkerUtils, run as runGraphile } from 'graphile-worker';
import { median, report, round } from './stats.js';
import { stubResult } from './stub-result.js';

const JOBS = Number(process.argv[2] ?? 2000);
const RUNS = Number(process.argv[3] ?? 3);
const CONCURRENCY = 10;

async function ltxRun(url: string): Promise<number> {
  const database = connect(url, { max: CONCURRENCY + 3 });
  await database.rows(sql`truncate jobs`);
  await database.rows(
    sql`insert into jobs(url) select 'https://example.com/' || g from generate_series(1, ${JOBS}) g`,
  );
  const t0 = performance.now();
  let done = 0;
  const worker = startWorker(
    database,
    {
      concurrency: CONCURRENCY,
      pollIntervalMs: 1000,
      leaseMs: 30_000,
      shutdownGraceMs: 5000,
      jobTimeoutMs: 60_000,
      listen: true,
    },
    {
      handler: createGenerateHandler(database, {}, async () => {
        done++;
        return stubResult;
      }),
    },
  );
  for (;;) {
    const [row] = await database.rows<{ n: string }>(
      sql`select count(*) n from jobs where status = 'success'`,
    );
    if (Number(row?.n) === JOBS) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  await worker.stop();
  await database.close();
  if (done !== JOBS) throw new Error(`ltx ran ${done} handlers for ${JOBS} jobs`);
  return JOBS / seconds;
}

/**
 * Row writes of the jobs table from pg_stat_user_tables: updates, of which HOT (no index entry written),
 * since the last call. Closed connections have flushed their counters; the wait covers the stats
 * collector's flush of the last ones (a bench, not a test).
 */
const counters: Record<string, { upd: number; hot: number; commits: number }> = {};
async function tableWrites(url: string, table: string) {
  await new Promise((r) => setTimeout(r, 1500));
  const database = connect(url, { max: 1 });
  const [row] = await database.rows<{ upd: string; hot: string; indexes: string; commits: string }>(sql`
    select n_tup_upd as upd, n_tup_hot_upd as hot,
      (select count(*) from pg_index i where i.indrelid = t.relid) as indexes,
      (select xact_commit from pg_stat_database where datname = current_database()) as commits
    from pg_stat_user_tables t where relname = ${table} order by n_tup_upd desc limit 1`);
  await database.close();
  const upd = Number(row?.upd ?? 0);
  const hot = Number(row?.hot ?? 0);
  const commits = Number(row?.commits ?? 0);
  const before = counters[table] ?? { upd: 0, hot: 0, commits: 0 };
  counters[table] = { upd, hot, commits };
  const updates = upd - before.upd;
  const hotUpdates = hot - before.hot;
  return {
    updatesPerJob: round(updates / JOBS, 2),
    hotPerJob: round(hotUpdates / JOBS, 2),
    // A non-HOT update writes an entry into every index whose predicate the new row matches; this is the
    // upper bound (every index).
    indexEntriesPerJobAtMost: round(((updates - hotUpdates) / JOBS) * Number(row?.indexes ?? 0), 1),
    indexes: Number(row?.indexes ?? 0),
    // Every transaction of the database in that span (the run's and its polling), per job.
    commitsPerJob: round((commits - before.commits) / JOBS, 2),
  };
}

async function graphileRun(url: string): Promise<number> {
  const utils = await makeWorkerUtils({ connectionString: url });
  await utils.migrate();
  const specs = Array.from({ length: JOBS }, (_, i) => ({
    identifier: 'stub',
    payload: { url: `https://example.com/${i}` },
  }));
  for (let i = 0; i < specs.length; i += 500) await utils.addJobs(specs.slice(i, i + 500));
  let done = 0;
  const t0 = performance.now();
  const runner = await runGraphile({
    connectionString: url,
    concurrency: CONCURRENCY,
    maxPoolSize: CONCURRENCY + 2,
    pollInterval: 1000,
    noHandleSignals: true,
    logger: new (await import('graphile-worker')).Logger(() => () => {}),
    taskList: {
      stub: async () => {
        done++;
      },
    },
  });
  while (done < JOBS) await new Promise((r) => setTimeout(r, 20));
  // Completion is a row delete: wait until the table is empty so both sides measure stored outcomes.
  for (;;) {
    const { rows } = await utils.withPgClient((client) =>
      client.query<{ n: string }>('select count(*) n from graphile_worker.jobs'),
    );
    if (Number(rows[0]?.n) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  await runner.stop();
  await utils.release();
  return JOBS / seconds;
}

const testDb = await createTestDatabase('ltx_bench');
try {
  await migrate(testDb.url);
  const ltx: number[] = [];
  const graphile: number[] = [];
  let ltxWrites: Awaited<ReturnType<typeof tableWrites>> | undefined;
  let graphileWrites: Awaited<ReturnType<typeof tableWrites>> | undefined;
  for (let r = 0; r < RUNS; r++) {
    await tableWrites(testDb.url, 'jobs');
    ltx.push(await ltxRun(testDb.url));
    ltxWrites = await tableWrites(testDb.url, 'jobs');
    await tableWrites(testDb.url, '_private_jobs');
    graphile.push(await graphileRun(testDb.url));
    graphileWrites = await tableWrites(testDb.url, '_private_jobs');
  }
  const figures = {
    jobs: JOBS,
    runs: RUNS,
    concurrency: CONCURRENCY,
    ltxJobsPerSecond: ltx.map((v) => round(v)),
    graphileJobsPerSecond: graphile.map((v) => round(v)),
    ltxMedian: round(median(ltx)),
    graphileMedian: round(median(graphile)),
    ratioLtxOverGraphile: round(median(ltx) / median(graphile), 2),
    // Of the last run of each.
    ltxTableWrites: ltxWrites,
    graphileTableWrites: graphileWrites,
  };
  report('queue-throughput', figures);
  console.log(
    `queue throughput, 1 worker x concurrency ${CONCURRENCY}, ${JOBS} stub jobs: ltx ${figures.ltxMedian} jobs/s, graphile-worker ${figures.graphileMedian} jobs/s (median of ${RUNS}); ratio ltx/graphile = ${figures.ratioLtxOverGraphile}; updates/job ltx ${ltxWrites?.updatesPerJob} (HOT ${ltxWrites?.hotPerJob}), graphile ${graphileWrites?.updatesPerJob} (HOT ${graphileWrites?.hotPerJob})`,
  );
} finally {
  await testDb.drop();
}
