// Pickup latency of an idle queue, ltx side by side with graphile-worker, measured the same way: one job at a
// time inserted with a random gap, the time from its insert to its claim, both stamped by PostgreSQL's clock
// (ltx: started_at - created_at; graphile-worker: locked_at - created_at, its claim). Both listen
// (LISTEN/NOTIFY) and poll every second, in the bench process, stub handlers. Runs alternate ltx, graphile.
//   pnpm --filter @ltx/bench exec tsx queue-pickup.ts [samples=40] [rounds=2]
import { connect, migrate, sql } from '@ltx/data-model';
import { createTestDatabase, waitFor } from '@ltx/test-kit';
import { makeWorkerUtils, run as runGraphile } from 'graphile-worker';
import { median, percentile, report, round } from './stats.js';
import { startStubWorker } from './stub-result.js';

const SAMPLES = Number(process.argv[2] ?? 40);
const ROUNDS = Number(process.argv[3] ?? 2);

const gap = () => new Promise((r) => setTimeout(r, 50 + Math.random() * 250));

async function ltxPickup(url: string): Promise<number[]> {
  const database = connect(url, { max: 6 });
  await database.rows(sql`truncate jobs`);
  const worker = startStubWorker(database, 4);
  const out: number[] = [];
  try {
    await new Promise((r) => setTimeout(r, 1000)); // listening
    for (let i = 0; i < SAMPLES; i++) {
      await gap();
      const [job] = await database.rows<{ id: string }>(
        sql`insert into jobs(url) values ('https://pickup.example/') returning id`,
      );
      await waitFor(
        async () => {
          const [row] = await database.rows<{ ms: number | null }>(
            sql`select extract(epoch from started_at - created_at) * 1000 as ms from jobs where id = ${job!.id} and status = 'success'`,
          );
          if (row?.ms === undefined || row.ms === null) return false;
          out.push(Number(row.ms));
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 5 },
      );
    }
  } finally {
    await worker.stop();
    await database.close();
  }
  return out;
}

async function graphilePickup(url: string): Promise<number[]> {
  const utils = await makeWorkerUtils({ connectionString: url });
  await utils.migrate();
  const out: number[] = [];
  const runner = await runGraphile({
    connectionString: url,
    concurrency: 4,
    pollInterval: 1000,
    noHandleSignals: true,
    logger: new (await import('graphile-worker')).Logger(() => () => {}),
    taskList: {
      stub: async (_payload, helpers) => {
        const { rows } = await helpers.query<{ ms: number }>(
          'select extract(epoch from $1::timestamptz - $2::timestamptz) * 1000 as ms',
          [helpers.job.locked_at, helpers.job.created_at],
        );
        out.push(Number(rows[0]?.ms));
      },
    },
  });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < SAMPLES; i++) {
      await gap();
      const before = out.length;
      await utils.addJob('stub', { i });
      await waitFor(() => out.length > before, { timeoutMs: 30_000, intervalMs: 5 });
    }
  } finally {
    await runner.stop();
    await utils.release();
  }
  return out;
}

const testDb = await createTestDatabase('ltx_bench');
try {
  await migrate(testDb.url);
  const ltx: number[] = [];
  const graphile: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    ltx.push(...(await ltxPickup(testDb.url)));
    graphile.push(...(await graphilePickup(testDb.url)));
  }
  const summary = (v: number[]) => ({
    p50: round(median(v), 2),
    p95: round(percentile(v, 95), 2),
    max: round(Math.max(...v), 2),
  });
  const figures = {
    samples: SAMPLES * ROUNDS,
    ltx: summary(ltx),
    graphile: summary(graphile),
    ratioP50LtxOverGraphile: round(median(ltx) / median(graphile), 2),
  };
  report('queue-pickup', figures);
  console.log(
    `queue pickup (insert -> claim, PostgreSQL clock, idle, ${figures.samples} samples each): ltx p50 ${figures.ltx.p50} ms p95 ${figures.ltx.p95} ms; graphile-worker p50 ${figures.graphile.p50} ms p95 ${figures.graphile.p95} ms; ltx/graphile p50 = ${figures.ratioP50LtxOverGraphile}`,
  );
} finally {
  await testDb.drop();
}
