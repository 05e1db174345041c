import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process exited. */
  atMs: number;
}

export interface Child {
  proc: ChildProcess;
  /** The tail of stdout and stderr together, as written. */
  output(): string;
  /** stderr so far. */
  stderr(): string;
  /** stdout's JSON lines (pino logs), parsed; other lines as { raw }. */
  logs(): Record<string, unknown>[];
  exited: Promise<ExitStatus>;
  /** Sends `signal` if it still runs; SIGKILL after `graceMs` without exit. Resolves on exit. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ExitStatus>;
}

const alive = (proc: ChildProcess) => proc.exitCode === null && proc.signalCode === null;

/**
 * Runs `node <script> ...args` in the background with exactly `env` (plus PATH): nothing leaks in from the
 * test's own environment. Always stop() it in afterAll/afterEach.
 */
export function spawnNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Child {
  const proc = spawnClean(process.execPath, [script, ...args], env, options.cwd, 'ignore');
  let output = '';
  let stderr = '';
  let partial = '';
  const logs: Record<string, unknown>[] = [];
  proc.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-100_000);
    partial += text;
    let newline = partial.indexOf('\n');
    while (newline >= 0) {
      const line = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ raw: line });
      }
      newline = partial.indexOf('\n');
    }
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-100_000);
    stderr += text;
  });
  const exited = new Promise<ExitStatus>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })),
  );
  return {
    proc,
    output: () => output,
    stderr: () => stderr,
    logs: () => logs,
    exited,
    stop: async (signal = 'SIGTERM', graceMs = 15_000) => {
      if (alive(proc)) proc.kill(signal);
      const timer = setTimeout(() => {
        if (alive(proc)) proc.kill('SIGKILL');
      }, graceMs);
      const status = await exited;
      clearTimeout(timer);
      return status;
    },
  };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Killed (and the promise rejected) after this long; default 60 s. */
  timeoutMs?: number;
  /** Written to its standard input, which is then closed (default: nothing). */
  stdin?: string;
  cwd?: string;
}

/** Runs `node <script> ...args` to completion with exactly `env` (plus PATH); killed after `timeoutMs`. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: RunOptions = {},
) {
  return runCommand(process.execPath, [script, ...args], env, options);
}

/** Runs `command ...args` to completion with exactly `env` (plus PATH); killed (and rejected) after `timeoutMs`. */
export function runCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: RunOptions = {},
): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawnClean(command, args, env, options.cwd, 'pipe');
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}

/** A child with exactly `env` plus PATH: nothing leaks in from the test's own environment. */
function spawnClean(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string | undefined,
  stdin: 'ignore' | 'pipe',
) {
  return spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd,
    stdio: [stdin, 'pipe', 'pipe'],
  });
}

/** Polls `url` until it answers 2xx; fails early with the child's output when it exits first. */
export async function waitHealthy(child: Child, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive(child.proc)) throw new Error(`process exited before ${url} answered:\n${child.output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${child.output()}`);
    await sleep(100);
  }
}
