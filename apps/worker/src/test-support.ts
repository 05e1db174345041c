import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const WORKER_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface WorkerProcess {
  proc: ChildProcess;
  /** Parsed pino lines from stdout. */
  logs: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the built worker (apps/worker/dist/main.js) as a child process with exactly `env` (plus PATH). */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const proc = spawn(process.execPath, [WORKER_MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let buffer = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ raw: line });
      }
      newline = buffer.indexOf('\n');
    }
  });
  proc.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>(
    (resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })),
  );
  return {
    proc,
    logs,
    stderr,
    exited,
    kill: (signal = 'SIGKILL') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}
