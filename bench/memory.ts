// Memory (issue 13 item 3): resident set of
//   1. an idle worker process (the built apps/worker, connected, listening, nothing to do);
//   2. the same worker with 64 jobs in flight on 64 different 200-page sites (every job crawled its site and
//      waits in the model call; the stand-in model answers after a long delay), and its peak (VmHWM) while
//      the 64 crawls ran;
//   3. `ltx generate --offline` on a 200-page site: peak RSS of the whole process (/usr/bin/time).
// Baselines from the same run: a bare `node` process idling (what any Node process costs) and the CLI's
// start-up alone (`ltx --version`), with ratios. Sites are served by a child process.
//   pnpm --filter @ltx/bench exec tsx memory.ts [jobs=64] [pages=200]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { connect, migrate, sql } from '@ltx/data-model';
import { createTestDatabase, llmsTxtFromPrompt, startFakeOpenAI } from '@ltx/test-kit';
import { median, report, round } from './stats.js';
import { serveSyntheticSites } from './synthetic-site.js';
import { rssMiB, startWorkerProcess } from './worker-process.js';

const JOBS = Number(process.argv[2] ?? 64);
const PAGES = Number(process.argv[3] ?? 200);
const CLI_MAIN = fileURLToPath(new URL('../apps/cli/dist/main.js', import.meta.url));

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Median of 5 RSS samples, 200 ms apart (MiB). */
async function sampleRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    samples.push(rssMiB(pid));
    await sleep(200);
  }
  return median(samples);
}

/** Peak RSS of a command run to completion (MiB), from /usr/bin/time. */
function peakOf(args: string[], env: Record<string, string>): Promise<{ peakMiB: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0)
        return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-1500)}`));
      resolve({ peakMiB: Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1]) / 1024, stderr });
    });
  });
}

/** RSS of a bare node process that only waits (the floor of any Node service), MiB. */
async function bareNodeRss(): Promise<number> {
  const child = spawn(
    process.execPath,
    ['-e', 'process.send ? 0 : 0; setInterval(() => {}, 1000); console.log("up")'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  await sleep(500);
  const rss = await sampleRss(child.pid!);
  child.kill('SIGKILL');
  return rss;
}

async function waitHealthy(port: number, proc: { exitCode: number | null }): Promise<void> {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the worker exited with ${proc.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {}
    await sleep(100);
  }
}

const testDb = await createTestDatabase('ltx_bench_mem');
const sites = await serveSyntheticSites({ pages: PAGES, sites: JOBS });
const llm = await startFakeOpenAI();
const database = connect(testDb.url, { max: 2 });
try {
  await migrate(testDb.url);
  const bare = round(await bareNodeRss());

  // 1 and 2: the worker, idle then with JOBS jobs in flight.
  const origin = new URL(sites.url).origin;
  llm.setFallback(llmsTxtFromPrompt({ origin, delayMs: 600_000 }));
  const port = await freePort();
  const worker = startWorkerProcess({
    DATABASE_URL: testDb.url,
    OPENAI_API_KEY: 'bench',
    OPENAI_BASE_URL: llm.baseURL,
    LTX_ALLOW_PRIVATE_HOSTS: 'true',
    WORKER_CONCURRENCY: String(JOBS),
    WORKER_METRICS_PORT: String(port),
    WORKER_JOB_TIMEOUT_MS: '900000',
  });
  const pid = worker.proc.pid!;
  await waitHealthy(port, worker.proc);
  await sleep(2000); // start-up garbage settles
  const idle = round(await sampleRss(pid));
  const idlePeak = round(statusKiB(pid, 'VmHWM') / 1024);
  const options = JSON.stringify({ maxPages: PAGES, generator: 'llm' });
  await database.rows(
    sql`insert into jobs(url, options) select ${origin} || '/site' || (i - 1) || '/', ${options}::jsonb from generate_series(1, ${JOBS}) i`,
  );
  while (llm.requests.length < JOBS) {
    if (worker.proc.exitCode !== null) throw new Error(`the worker exited with ${worker.proc.exitCode}`);
    const [row] = await database.rows<{ n: string }>(
      sql`select count(*) n from jobs where status = 'failure'`,
    );
    if (Number(row?.n) > 0) {
      const [failed] = await database.rows<{ error: unknown }>(
        sql`select error from jobs where status = 'failure' limit 1`,
      );
      throw new Error(`a job failed: ${JSON.stringify(failed?.error)}`);
    }
    await sleep(200);
  }
  const busy = round(await sampleRss(pid));
  const busyPeak = round(statusKiB(pid, 'VmHWM') / 1024);
  worker.proc.kill('SIGKILL');

  // 3: ltx generate --offline on one of the sites, against the CLI's start-up alone.
  const dir = mkdtempSync(join(tmpdir(), 'ltx-bench-mem-'));
  const cliEnv = { LTX_ALLOW_PRIVATE_HOSTS: 'true', LTX_DATA_DIR: dir };
  const startups: number[] = [];
  const generates: number[] = [];
  try {
    for (let run = 0; run < 3; run += 1) {
      startups.push((await peakOf([process.execPath, CLI_MAIN, '--version'], cliEnv)).peakMiB);
      const gen = await peakOf(
        [
          process.execPath,
          CLI_MAIN,
          'generate',
          `${origin}/site0/`,
          '--offline',
          '--max-pages',
          String(PAGES),
          '-o',
          join(dir, 'llms.txt'),
        ],
        cliEnv,
      );
      if (!new RegExp(`from ${PAGES} pages`).test(gen.stderr))
        throw new Error(`generate did not crawl ${PAGES} pages: ${gen.stderr}`);
      generates.push(gen.peakMiB);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const startup = round(median(startups));
  const generatePeak = round(median(generates));
  const figures = {
    jobs: JOBS,
    pages: PAGES,
    bareNodeMiB: bare,
    workerIdleMiB: idle,
    workerIdlePeakMiB: idlePeak,
    workerBusyMiB: busy,
    workerBusyPeakMiB: busyPeak,
    perJobMiB: round((busy - idle) / JOBS, 2),
    cliStartupPeakMiB: startup,
    generatePeakMiB: generatePeak,
    generatePeakRunsMiB: generates.map((v) => round(v)),
    ratioIdleToBareNode: round(idle / bare, 2),
    ratioGenerateToStartup: round(generatePeak / startup, 2),
  };
  report('memory', figures);
  console.log(
    `memory: bare node ${bare} MiB; worker idle ${idle} MiB (${figures.ratioIdleToBareNode}x bare node); ` +
      `${JOBS} jobs in flight on ${PAGES}-page sites ${busy} MiB (peak ${busyPeak} MiB, ${figures.perJobMiB} MiB per job); ` +
      `ltx generate --offline on ${PAGES} pages peak ${generatePeak} MiB (CLI start-up alone ${startup} MiB, ${figures.ratioGenerateToStartup}x)`,
  );
} finally {
  await database.close();
  await llm.close();
  await sites.stop();
  await testDb.drop();
}
