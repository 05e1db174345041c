// Queue throughput with generation stubbed out: jobs per second for ONE worker at concurrency 10,
// ltx's queue-worker side by side with graphile-worker on the same PostgreSQL, in the same run: graphile
// with its defaults, and graphile with its batching on (localQueue + completeJobBatchDelay).
// Runs alternate (ltx, graphile, graphile batched, ltx, ...) so machine noise hits all; medians and ratios.
//   pnpm --filter @ltx/bench exec tsx queue-throughput.ts [jobs=2000] [runs=3] [--private-pg]
// --private-pg: run against a throwaway PostgreSQL 15 (Debian's binaries, private-postgres.ts) started with
// pg_stat_statements preloaded, and print PostgreSQL's per-statement profile of each side's last run.
import { connect, migrate, sql } from '@ltx/data-model';
import { createGenerateHandler, startWorker } from '@ltx/queue-worker';
import { createTestDatabase } from '@ltx/test-kit';
import { makeWorkerUtils, run as runGraphile } from 'graphile-worker';
import { startPrivatePostgres } from './private-postgres.js';
import { profileTable, type RunProfile, statementProfiler } from './statement-profile.js';
import { median, report, round } from './stats.js';
import { stubResult } from './stub-result.js';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const JOBS = Number(positional[0] ?? 2000);
const RUNS = Number(positional[1] ?? 3);
const PRIVATE_PG = flags.includes('--private-pg');
const CONCURRENCY = 10;
/** graphile-worker's batching as its docs suggest starting: a local queue of concurrency + 1, batched completion. */
const GRAPHILE_BATCHED = {
  localQueue: { size: CONCURRENCY + 1 },
  completeJobBatchDelay: Number(process.env.GRAPHILE_COMPLETE_BATCH_DELAY_MS ?? 0),
};

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
  // As for graphile-worker below: wait for the handlers in process, then poll until every outcome is stored,
  // so neither side's measured window carries polling queries while its jobs run.
  while (done < JOBS) await new Promise((r) => setTimeout(r, 20));
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

async function graphileRun(url: string, batched: boolean): Promise<number> {
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
    ...(batched ? { preset: { worker: GRAPHILE_BATCHED } } : {}),
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

const contenders = {
  ltx: { table: 'jobs', run: ltxRun },
  graphile: { table: '_private_jobs', run: (url: string) => graphileRun(url, false) },
  graphileBatched: { table: '_private_jobs', run: (url: string) => graphileRun(url, true) },
} as const;
type Contender = keyof typeof contenders;

const server = PRIVATE_PG
  ? await startPrivatePostgres({
      shared_preload_libraries: 'pg_stat_statements',
      'pg_stat_statements.track': 'top',
      'pg_stat_statements.max': '1000',
    })
  : undefined;
if (server) process.env.DATABASE_URL = server.url;
const testDb = await createTestDatabase('ltx_bench');
try {
  await migrate(testDb.url);
  const profiler = server ? await statementProfiler(testDb.url) : undefined;
  const rates: Record<Contender, number[]> = { ltx: [], graphile: [], graphileBatched: [] };
  const writes: Partial<Record<Contender, Awaited<ReturnType<typeof tableWrites>>>> = {};
  const profiles: Partial<Record<Contender, RunProfile>> = {};
  for (let r = 0; r < RUNS; r++) {
    for (const name of Object.keys(contenders) as Contender[]) {
      const { table, run } = contenders[name];
      await tableWrites(testDb.url, table);
      await profiler?.reset();
      rates[name].push(await run(testDb.url));
      if (profiler) profiles[name] = await profiler.read(JOBS);
      writes[name] = await tableWrites(testDb.url, table);
    }
  }
  await profiler?.close();
  const med = (name: Contender) => median(rates[name]);
  const figures = {
    jobs: JOBS,
    runs: RUNS,
    concurrency: CONCURRENCY,
    server: server ? 'private PostgreSQL 15 with pg_stat_statements' : 'DATABASE_URL / 127.0.0.1:5432',
    graphileBatched: GRAPHILE_BATCHED,
    jobsPerSecond: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.map((x) => round(x))])),
    ltxMedian: round(med('ltx')),
    graphileMedian: round(med('graphile')),
    graphileBatchedMedian: round(med('graphileBatched')),
    ratioLtxOverGraphile: round(med('ltx') / med('graphile'), 2),
    ratioLtxOverGraphileBatched: round(med('ltx') / med('graphileBatched'), 2),
    // Of the last run of each.
    tableWrites: writes,
    profiles,
  };
  report('queue-throughput', figures);
  for (const [name, profile] of Object.entries(profiles)) console.log(`\n${profileTable(name, profile)}`);
  console.log(
    `\nqueue throughput, 1 worker x concurrency ${CONCURRENCY}, ${JOBS} stub jobs (median of ${RUNS}): ltx ${figures.ltxMedian} jobs/s, graphile-worker ${figures.graphileMedian}, graphile-worker batched ${figures.graphileBatchedMedian}; ltx/graphile = ${figures.ratioLtxOverGraphile}, ltx/graphile batched = ${figures.ratioLtxOverGraphileBatched}; updates/job ltx ${writes.ltx?.updatesPerJob} (HOT ${writes.ltx?.hotPerJob}), graphile ${writes.graphile?.updatesPerJob} (HOT ${writes.graphile?.hotPerJob})`,
  );
} finally {
  await testDb.drop();
  await server?.stop();
}
