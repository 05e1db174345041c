import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exitOnStartupError, readEnvOrExit, startupStep } from './startup.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino(stream) };
}

class TypedStartupError extends Error {
  readonly code = 'schema_out_of_date';
  readonly retryable = false;
}

describe('exitOnStartupError', () => {
  it('logs a typed start-up error as its one-line message, without a stack, cleans up and exits 1', async () => {
    const { lines, logger } = capture();
    const exits: number[] = [];
    let cleaned = false;
    await exitOnStartupError(
      logger,
      new TypedStartupError('the database at h:5432/db has no ltx schema: run pnpm db:migrate'),
      async () => {
        cleaned = true;
      },
      (code) => exits.push(code),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 60,
      code: 'schema_out_of_date',
      msg: 'the database at h:5432/db has no ltx schema: run pnpm db:migrate',
    });
    expect(lines[0]).not.toHaveProperty('err');
    expect(cleaned).toBe(true);
    expect(exits).toEqual([1]);
  });

  it('keeps the stack of an unexpected error, and exits 1 even when cleanup fails', async () => {
    const { lines, logger } = capture();
    const exits: number[] = [];
    await exitOnStartupError(
      logger,
      new Error('surprise'),
      async () => {
        throw new Error('cleanup failed');
      },
      (code) => exits.push(code),
    );
    expect(lines[0]).toMatchObject({
      level: 60,
      msg: 'start-up failed: surprise',
      err: { message: 'surprise' },
    });
    expect(exits).toEqual([1]);
  });
});

describe('readEnvOrExit', () => {
  const schema = z.object({ PORT: z.coerce.number().int() });
  class Exited extends Error {}

  it('returns the parsed environment', () => {
    expect(readEnvOrExit('api', schema, { PORT: '80' })).toEqual({ PORT: 80 });
  });

  it('writes one line per bad variable, naming the service, and exits 1', () => {
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    const exits: number[] = [];
    try {
      expect(() =>
        readEnvOrExit('cron', schema, { PORT: 'eighty' }, (code) => {
          exits.push(code);
          throw new Exited();
        }),
      ).toThrow(Exited);
    } finally {
      process.stderr.write = write;
    }
    expect(exits).toEqual([1]);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^cron: invalid configuration: PORT: /);
  });
});

describe('startupStep', () => {
  it('passes a step through', async () => {
    const { logger } = capture();
    await expect(startupStep(logger, Promise.resolve(7))).resolves.toBe(7);
  });

  it('logs a failed step, cleans up and exits 1', async () => {
    const { lines, logger } = capture();
    const exits: number[] = [];
    let cleaned = false;
    const failing = Promise.reject(new TypedStartupError('run pnpm db:migrate'));
    const step = startupStep(
      logger,
      failing,
      async () => {
        cleaned = true;
      },
      (code) => exits.push(code),
    );
    await expect(step).rejects.toThrow('run pnpm db:migrate');
    expect(lines[0]).toMatchObject({ level: 60, msg: 'run pnpm db:migrate' });
    expect(cleaned).toBe(true);
    expect(exits).toEqual([1]);
  });
});
