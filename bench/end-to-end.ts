// End to end with a stand-in model of fixed latency: jobs per hour for one worker process at concurrency 1,
// 8 and 32 (crawl of a 5-page loopback site + one model call + validation + store), and the resident memory
// of an idle worker and of one with 32 jobs in flight.
//   pnpm --filter @ltx/bench exec tsx end-to-end.ts [modelLatencyMs=1000]
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, migrate, sql } from '@ltx/data-model';
import { createTestDatabase, llmsTxtFromPrompt, startFakeOpenAI, startStaticSite } from '@ltx/test-kit';
import { median, report, round } from './stats.js';
import { rssMiB, SMALL_SITE, startWorkerProcess } from './worker-process.js';

const LATENCY = Number(process.argv[2] ?? 1000);
const testDb = await createTestDatabase('ltx_bench');
const site = await startStaticSite({ files: SMALL_SITE });
const llm = await startFakeOpenAI();
const database = connect(testDb.url, { max: 2 });

function workerEnv(concurrency: number) {
  return {
    DATABASE_URL: testDb.url,
    OPENAI_API_KEY: 'bench',
    OPENAI_BASE_URL: llm.baseURL,
    LTX_ALLOW_PRIVATE_HOSTS: 'true',
    WORKER_CONCURRENCY: String(concurrency),
  };
}

async function countDone(): Promise<number> {
  const [row] = await database.rows<{ n: string }>(
    sql`select count(*) n from jobs where status in ('success', 'failure')`,
  );
  return Number(row?.n);
}

async function throughput(concurrency: number): Promise<{ jobsPerHour: number; failures: number }> {
  await database.rows(sql`truncate jobs`);
  llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, delayMs: LATENCY }));
  const jobs = Math.max(8, concurrency * 3);
  const worker = startWorkerProcess(workerEnv(concurrency));
  await sleep(1500);
  const t0 = performance.now();
  await database.rows(
    sql`insert into jobs(url) select ${`${site.origin}/docs/`} from generate_series(1, ${jobs})`,
  );
  while ((await countDone()) < jobs) await sleep(25);
  const seconds = (performance.now() - t0) / 1000;
  const [row] = await database.rows<{ n: string }>(sql`select count(*) n from jobs where status = 'failure'`);
  await worker.stop();
  return { jobsPerHour: (jobs / seconds) * 3600, failures: Number(row?.n) };
}

async function memory(): Promise<{ idleMiB: number; busyMiB: number }> {
  await database.rows(sql`truncate jobs`);
  llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, delayMs: 15_000 }));
  const worker = startWorkerProcess(workerEnv(32));
  await sleep(3000);
  const idle: number[] = [];
  for (let i = 0; i < 5; i++) {
    idle.push(rssMiB(worker.proc.pid!));
    await sleep(200);
  }
  const before = llm.requests.length;
  await database.rows(
    sql`insert into jobs(url) select ${`${site.origin}/docs/`} from generate_series(1, 32)`,
  );
  while (llm.requests.length - before < 32) await sleep(50);
  const busy: number[] = [];
  for (let i = 0; i < 5; i++) {
    busy.push(rssMiB(worker.proc.pid!));
    await sleep(200);
  }
  worker.proc.kill('SIGKILL');
  return { idleMiB: round(median(idle)), busyMiB: round(median(busy)) };
}

try {
  await migrate(testDb.url);
  const results: Record<string, { jobsPerHour: number; failures: number }> = {};
  for (const c of [1, 8, 32]) results[`c${c}`] = await throughput(c);
  const mem = await memory();
  const figures = {
    modelLatencyMs: LATENCY,
    jobsPerHour: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(v.jobsPerHour)])),
    failures: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.failures])),
    ratioC8OverC1: round(results.c8!.jobsPerHour / results.c1!.jobsPerHour, 1),
    ratioC32OverC1: round(results.c32!.jobsPerHour / results.c1!.jobsPerHour, 1),
    memory: mem,
  };
  report('end-to-end', figures);
  console.log(
    `end to end, model latency ${LATENCY} ms: ${figures.jobsPerHour.c1} jobs/h at concurrency 1, ${figures.jobsPerHour.c8} at 8 (${figures.ratioC8OverC1}x), ${figures.jobsPerHour.c32} at 32 (${figures.ratioC32OverC1}x); RSS idle ${mem.idleMiB} MiB, 32 in flight ${mem.busyMiB} MiB`,
  );
} finally {
  await database.close();
  await llm.close();
  await site.close();
  await testDb.drop();
}
