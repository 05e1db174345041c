import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { runUntilSignal } from './lifecycle.js';

function recorder() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    new Writable({
      write: (chunk, _enc, done) => {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  return { logger, messages: () => lines.map((l) => l.msg) };
}

/** A stop() the test finishes by hand. */
function pending() {
  let finish: (error?: Error) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  return { promise, finish };
}

function setup(hardDeadlineMs = 60_000) {
  const target = new EventEmitter();
  const { logger, messages } = recorder();
  const stopping = pending();
  const calls: string[] = [];
  const codes: number[] = [];
  const lifecycle = runUntilSignal({
    logger,
    target,
    hardDeadlineMs,
    exit: (code) => codes.push(code),
    stop: () => {
      calls.push('stop');
      return stopping.promise;
    },
    force: () => {
      calls.push('force');
    },
  });
  return { target, lifecycle, stopping, calls, codes, messages };
}

describe('runUntilSignal', () => {
  it('stops gracefully on the first signal and exits 0 when stop() is done', async () => {
    const { target, lifecycle, stopping, calls, codes } = setup();
    target.emit('SIGTERM', 'SIGTERM');
    expect(calls).toEqual(['stop']);
    expect(codes).toEqual([]);
    stopping.finish();
    expect(await lifecycle.exited).toBe(0);
    expect(codes).toEqual([0]);
    lifecycle.dispose();
  });

  it('forces on the second signal and exits 1 at once on the third', async () => {
    const { target, lifecycle, calls, codes, messages } = setup();
    target.emit('SIGINT', 'SIGINT');
    target.emit('SIGTERM', 'SIGTERM');
    expect(calls).toEqual(['stop', 'force']);
    expect(codes).toEqual([]);
    target.emit('SIGTERM', 'SIGTERM');
    expect(await lifecycle.exited).toBe(1);
    expect(calls).toEqual(['stop', 'force']);
    expect(messages()).toContain('third signal: exiting now');
    lifecycle.dispose();
  });

  it('exits 1 at the second signal when there is nothing to force', async () => {
    const target = new EventEmitter();
    const { logger, messages } = recorder();
    const codes: number[] = [];
    const lifecycle = runUntilSignal({
      logger,
      target,
      hardDeadlineMs: 60_000,
      exit: (code) => codes.push(code),
      stop: () => new Promise(() => {}),
    });
    target.emit('SIGTERM', 'SIGTERM');
    expect(codes).toEqual([]);
    target.emit('SIGTERM', 'SIGTERM');
    expect(await lifecycle.exited).toBe(1);
    expect(messages()).toContain('second signal: exiting now');
    lifecycle.dispose();
  });

  it('exits 1 when stop() fails', async () => {
    const { target, lifecycle, stopping, messages } = setup();
    target.emit('SIGTERM', 'SIGTERM');
    stopping.finish(new Error('close failed'));
    expect(await lifecycle.exited).toBe(1);
    expect(messages()).toContain('shutdown failed');
    lifecycle.dispose();
  });

  it('exits 1 when stop() has not finished by the hard deadline', async () => {
    const { target, lifecycle, codes, messages } = setup(50);
    target.emit('SIGTERM', 'SIGTERM');
    expect(await lifecycle.exited).toBe(1);
    expect(codes).toEqual([1]);
    expect(messages()).toContain('shutdown did not finish within the hard deadline: exiting');
    lifecycle.dispose();
  });

  it('logs an unhandled rejection and keeps running', () => {
    const { target, lifecycle, codes, calls, messages } = setup();
    target.emit('unhandledRejection', new Error('late'), Promise.resolve());
    expect(messages()).toEqual(['unhandled rejection']);
    expect(codes).toEqual([]);
    expect(calls).toEqual([]);
    lifecycle.dispose();
  });

  it('can be started without a signal; a signal then forces', async () => {
    const { target, lifecycle, stopping, calls } = setup();
    lifecycle.shutdown('main loop ended');
    target.emit('SIGTERM', 'SIGTERM');
    expect(calls).toEqual(['stop', 'force']);
    stopping.finish();
    expect(await lifecycle.exited).toBe(0);
    lifecycle.dispose();
  });
});

const fixture = fileURLToPath(new URL('./lifecycle.fixture.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));

/** Runs the fixture with real signals: `steps` gets a way to wait for a log line and to signal the child. */
async function run(
  args: string[],
  steps: (child: { until(msg: string): Promise<void>; signal(s: NodeJS.Signals): void }) => Promise<void>,
): Promise<{ code: number | null; messages: string[] }> {
  const proc = spawn(process.execPath, [fixture, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const messages: string[] = [];
  const waiters: { msg: string; resolve: () => void }[] = [];
  let partial = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    for (let nl = partial.indexOf('\n'); nl >= 0; nl = partial.indexOf('\n')) {
      const msg = String((JSON.parse(partial.slice(0, nl)) as { msg: unknown }).msg);
      partial = partial.slice(nl + 1);
      messages.push(msg);
      for (const w of waiters.filter((w) => w.msg === msg)) w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  try {
    await steps({
      until: (msg) =>
        messages.includes(msg) ? Promise.resolve() : new Promise((resolve) => waiters.push({ msg, resolve })),
      signal: (s) => proc.kill(s),
    });
    return { code: await exited, messages };
  } finally {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}

describe.skipIf(!built)('runUntilSignal in a real process (needs the package built)', () => {
  it('SIGTERM: graceful stop, exit 0', async () => {
    const result = await run(['ok'], async (child) => {
      await child.until('ready');
      child.signal('SIGTERM');
    });
    expect(result.code).toBe(0);
    expect(result.messages).toContain('stopped');
  });

  it('an unhandled rejection is logged and the process stays up until signalled', async () => {
    const result = await run(['reject'], async (child) => {
      await child.until('unhandled rejection');
      await child.until('ready');
      child.signal('SIGINT');
    });
    expect(result).toMatchObject({ code: 0 });
    expect(result.messages.indexOf('unhandled rejection')).toBeLessThan(result.messages.indexOf('stopped'));
  });

  it('a second signal forces; stop() then ends the process', async () => {
    const result = await run(['force'], async (child) => {
      await child.until('ready');
      child.signal('SIGTERM');
      await child.until('signal received: stopping (send the signal again to force)');
      child.signal('SIGTERM');
    });
    expect(result.code).toBe(0);
    expect(result.messages).toEqual(
      expect.arrayContaining(['second signal: forcing shutdown', 'force called']),
    );
  });

  it('a stop that never ends exits 1 at the hard deadline', async () => {
    const result = await run(['hang', '200'], async (child) => {
      await child.until('ready');
      child.signal('SIGTERM');
    });
    expect(result.code).toBe(1);
    expect(result.messages).toContain('shutdown did not finish within the hard deadline: exiting');
  });
});
