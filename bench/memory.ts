// Memory (issue 13 item 3): resident set of
//   1. an idle worker process (the built apps/worker, connected, listening, nothing to do);
//   2. the same worker with 64 jobs in flight on 64 different 200-page sites (every job crawled its site and
//      waits in the model call; the stand-in model answers after a long delay), and its peak (VmHWM) while
//      the 64 crawls ran;
//   3. `ltx generate --offline` on a 200-page site: peak RSS of the whole process (/usr/bin/time).
// Baselines from the same run: a bare `node` process idling (what any Node process costs) and the CLI's
// start-up alone (`ltx --version`), with ratios. Sites are served by a child process. With BENCH_BASELINE
// (builds.ts) every measure is taken for the baseline build too, in the same run.
//   pnpm --filter @ltx/bench exec tsx memory.ts [jobs=64] [pages=200]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, migrate, sql } from '@ltx/data-model';
import { createTestDatabase, llmsTxtFromPrompt, startFakeOpenAI } from '@ltx/test-kit';
import { type Build, builds, nodeCommand } from './builds.js';
import { median, report, round } from './stats.js';
import { serveSyntheticSites } from './synthetic-site.js';
import { rssMiB, startWorkerProcess } from './worker-process.js';

const JOBS = Number(process.argv[2] ?? 64);
const PAGES = Number(process.argv[3] ?? 200);

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

interface WorkerFigures {
  /** 2 s after /healthz answered. */
  idleStart: number;
  /** Once the memory reducer has collected the start-up garbage. */
  idle: number;
  idlePeak: number;
  busy: number;
  busyPeak: number;
}

/** 1 and 2: the worker of `build`, idle then with JOBS jobs in flight (each on its own site). */
async function measureWorker(build: Build, testUrl: string, origin: string): Promise<WorkerFigures> {
  const database = connect(testUrl, { max: 2 });
  const port = await freePort();
  const worker = startWorkerProcess(
    {
      DATABASE_URL: testUrl,
      OPENAI_API_KEY: 'bench',
      OPENAI_BASE_URL: llm.baseURL,
      LTX_ALLOW_PRIVATE_HOSTS: 'true',
      WORKER_CONCURRENCY: String(JOBS),
      WORKER_METRICS_PORT: String(port),
      WORKER_JOB_TIMEOUT_MS: '900000',
    },
    build.file('apps/worker/dist/main.js'),
  );
  try {
    const pid = worker.proc.pid!;
    await waitHealthy(port, worker.proc);
    await sleep(2000);
    const idleStart = round(await sampleRss(pid));
    const idlePeak = round(statusKiB(pid, 'VmHWM') / 1024);
    // Start-up garbage (migrations check, module loading) stays in the heap until V8's memory reducer runs
    // (it starts 8 s after the allocation rate drops); an idle worker is measured once it has, or after 30 s.
    const settled = performance.now() + 30_000;
    while (rssMiB(pid) > idleStart * 0.95 && performance.now() < settled) await sleep(500);
    const idle = round(await sampleRss(pid));
    const options = JSON.stringify({ maxPages: PAGES, generator: 'llm' });
    const before = llm.requests.length;
    await database.rows(
      sql`insert into jobs(url, options) select ${origin} || '/site' || (i - 1) || '/', ${options}::jsonb from generate_series(1, ${JOBS}) i`,
    );
    while (llm.requests.length < before + JOBS) {
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
    return { idleStart, idle, idlePeak, busy, busyPeak };
  } finally {
    worker.proc.kill('SIGKILL');
    // The next build's worker starts on an empty queue.
    await database.rows(sql`delete from jobs`);
    await database.close();
  }
}

/** 3: one `ltx generate --offline` of `build` (peak MiB), and its CLI start-up alone (`ltx --version`). */
async function measureCli(build: Build, origin: string, dir: string) {
  // The CLI as `pnpm ltx` runs it: node with the flags of its shebang line.
  const cli = nodeCommand(build.file('apps/cli/dist/main.js'));
  const cliEnv = { LTX_ALLOW_PRIVATE_HOSTS: 'true', LTX_DATA_DIR: dir };
  const startup = (await peakOf([...cli, '--version'], cliEnv)).peakMiB;
  const gen = await peakOf(
    [
      ...cli,
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
  return { startup, generate: gen.peakMiB };
}

const testDb = await createTestDatabase('ltx_bench_mem');
const sites = await serveSyntheticSites({ pages: PAGES, sites: JOBS });
const llm = await startFakeOpenAI();
try {
  await migrate(testDb.url);
  const bare = round(await bareNodeRss());
  const origin = new URL(sites.url).origin;
  llm.setFallback(llmsTxtFromPrompt({ origin, delayMs: 600_000 }));
  const list = builds();
  const workers = new Map<Build, WorkerFigures>();
  for (const build of list) workers.set(build, await measureWorker(build, testDb.url, origin));
  // The CLI runs alternate between builds, three each.
  const cli = new Map(list.map((build) => [build, { startups: [] as number[], generates: [] as number[] }]));
  const dir = mkdtempSync(join(tmpdir(), 'ltx-bench-mem-'));
  try {
    for (let run = 0; run < 3; run += 1) {
      for (const build of list) {
        const { startup, generate } = await measureCli(build, origin, dir);
        cli.get(build)!.startups.push(startup);
        cli.get(build)!.generates.push(generate);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const build of list) {
    const { idleStart, idle, idlePeak, busy, busyPeak } = workers.get(build)!;
    const runs = cli.get(build)!;
    const startup = round(median(runs.startups));
    const generatePeak = round(median(runs.generates));
    const figures = {
      build: build.name,
      root: build.root,
      jobs: JOBS,
      pages: PAGES,
      bareNodeMiB: bare,
      workerIdleAtStartMiB: idleStart,
      workerIdleMiB: idle,
      workerIdlePeakMiB: idlePeak,
      workerBusyMiB: busy,
      workerBusyPeakMiB: busyPeak,
      perJobMiB: round((busy - idle) / JOBS, 2),
      cliStartupPeakMiB: startup,
      generatePeakMiB: generatePeak,
      generatePeakRunsMiB: runs.generates.map((v) => round(v)),
      ratioIdleToBareNode: round(idle / bare, 2),
      ratioGenerateToStartup: round(generatePeak / startup, 2),
    };
    report('memory', figures);
    console.log(
      `memory (${build.name}): bare node ${bare} MiB; worker idle ${idle} MiB (${figures.ratioIdleToBareNode}x bare node; ${idleStart} MiB 2 s after start); ` +
        `${JOBS} jobs in flight on ${PAGES}-page sites ${busy} MiB (peak ${busyPeak} MiB, ${figures.perJobMiB} MiB per job); ` +
        `ltx generate --offline on ${PAGES} pages peak ${generatePeak} MiB (CLI start-up alone ${startup} MiB, ${figures.ratioGenerateToStartup}x)`,
    );
  }
} finally {
  await sites.stop();
  await testDb.drop();
  // The stand-in model still holds the killed worker's 64 delayed answers (timers of delayMs): do not wait.
  void llm.close();
}
process.exit(0);
