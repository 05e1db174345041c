import { Writable } from 'node:stream';
import { createLogger, FetchError, toLtxError } from '@ltx/core';
import { describe, expect, it } from 'vitest';
import { logJobFailure } from './failure-log.js';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createLogger({ level, destination }).child({ jobId: 'j1' }) };
}

describe('logJobFailure', () => {
  it('logs an expected failure (a 404 start URL) as one warn line with its code and no stack', () => {
    const { lines, log } = capture();
    const cause = new Error('inner');
    const error = new FetchError(
      'http_error',
      'https://s.example/docs/',
      'https://s.example/docs/ answered 404',
      {
        cause,
      },
    );
    logJobFailure(log, error, `Job j1 failed: ${error.message}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      jobId: 'j1',
      code: 'http_error',
      msg: `Job j1 failed: ${error.message}`,
    });
    expect(JSON.stringify(lines[0])).not.toContain('stack');
  });

  it('keeps the details at debug, and logs a bug (internal) at error with its stack', () => {
    const { lines, log } = capture('debug');
    logJobFailure(log, new FetchError('http_error', 'u', 'u answered 404'), 'failed', {}, 'info');
    expect(lines.map((l) => l.level)).toEqual([30, 20]);
    expect(lines[1]?.err).toMatchObject({ message: 'u answered 404' });
    const bug = toLtxError(new TypeError('undefined is not a function'));
    logJobFailure(log, bug, 'Job j1 failed: undefined is not a function');
    expect(lines[2]).toMatchObject({ level: 50, code: 'internal' });
    expect(JSON.stringify(lines[2])).toContain('stack');
  });
});
