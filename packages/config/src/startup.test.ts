import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { exitOnStartupError } from './startup.js';

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
