// Pickup latency of an idle worker process: time from a job's insert (created_at) to its claim (started_at),
// both stamped by PostgreSQL's clock. With LISTEN/NOTIFY (the default) and with LISTEN disabled (poll only),
// WORKER_POLL_INTERVAL_MS=1000 in both. Samples are taken one at a time with random gaps, worker idle.
//   pnpm --filter @ltx/bench exec tsx pickup-latency.ts [samples=40]
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, migrate, sql } from '@ltx/data-model';
import { createTestDatabase, startStaticSite } from '@ltx/test-kit';
import { median, percentile, report, round } from './stats.js';
import { SMALL_SITE, startWorkerProcess } from './worker-process.js';

const SAMPLES = Number(process.argv[2] ?? 40);
const testDb = await createTestDatabase('ltx_bench');
const site = await startStaticSite({ files: SMALL_SITE });
const database = connect(testDb.url, { max: 2 });

async function measure(listen: boolean): Promise<number[]> {
  await database.rows(sql`truncate jobs`);
  const worker = startWorkerProcess({
    DATABASE_URL: testDb.url,
    LTX_GENERATOR: 'extractive',
    LTX_ALLOW_PRIVATE_HOSTS: 'true',
    WORKER_POLL_INTERVAL_MS: '1000',
    WORKER_LISTEN: String(listen),
  });
  await sleep(1500); // started and listening
  const latencies: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250));
      const [job] = await database.rows<{ id: string }>(
        sql`insert into jobs(url) values (${`${site.origin}/docs/`}) returning id`,
      );
      for (;;) {
        const [row] = await database.rows<{ ms: number | null; status: string }>(
          sql`select extract(epoch from started_at - created_at) * 1000 as ms, status from jobs where id = ${job!.id}`,
        );
        if (row?.status === 'success' || row?.status === 'failure') {
          latencies.push(Number(row.ms));
          break;
        }
        await sleep(10);
      }
    }
  } finally {
    await worker.stop();
  }
  return latencies;
}

try {
  await migrate(testDb.url);
  const withListen = await measure(true);
  const pollOnly = await measure(false);
  const summary = (v: number[]) => ({
    p50: round(median(v)),
    p95: round(percentile(v, 95)),
    max: round(Math.max(...v)),
  });
  const figures = {
    samples: SAMPLES,
    pollIntervalMs: 1000,
    listen: summary(withListen),
    pollOnly: summary(pollOnly),
    ratioP50PollOverListen: round(median(pollOnly) / median(withListen), 1),
  };
  report('pickup-latency', figures);
  console.log(
    `pickup latency (insert -> started, idle worker, ${SAMPLES} samples): LISTEN p50 ${figures.listen.p50} ms, p95 ${figures.listen.p95} ms, max ${figures.listen.max} ms; poll only p50 ${figures.pollOnly.p50} ms, p95 ${figures.pollOnly.p95} ms, max ${figures.pollOnly.max} ms; poll/listen p50 = ${figures.ratioP50PollOverListen}x`,
  );
} finally {
  await database.close();
  await site.close();
  await testDb.drop();
}
