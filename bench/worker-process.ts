import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WORKER_MAIN = fileURLToPath(new URL('../apps/worker/dist/main.js', import.meta.url));

/** Starts the built worker (apps/worker/dist/main.js, or `main` of another build) as a real process. */
export function startWorkerProcess(
  env: Record<string, string>,
  main = WORKER_MAIN,
): {
  proc: ChildProcess;
  stop(): Promise<void>;
} {
  // BENCH_WORKER_NODE_ARGS: node flags for the worker process (V8 heap flags, --cpu-prof), space-separated.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, main], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** A small synthetic docs site (5 pages) for end-to-end benchmarks. */
export const SMALL_SITE: Record<string, string> = Object.fromEntries(
  ['', 'install/', 'guide/', 'api/', 'faq/'].map((path) => {
    const nav = ['', 'install/', 'guide/', 'api/', 'faq/']
      .map((p) => `<a href="/docs/${p}">${p || 'home'}</a>`)
      .join(' ');
    const title = path ? path.replace('/', '') : 'Home';
    return [
      `/docs/${path}`,
      `<!doctype html><html><head><title>${title} | Bench Docs</title><meta name="description" content="The ${title} page."></head><body><nav>${nav}</nav><main><h1>${title}</h1><p>${'Some documentation text. '.repeat(40)}</p></main></body></html>`,
    ];
  }),
);
