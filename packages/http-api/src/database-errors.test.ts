import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-errors.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises connection loss, refusal, shutdown and a full server', () => {
    for (const code of [
      'ECONNREFUSED',
      'CONNECTION_CLOSED',
      'CONNECT_TIMEOUT',
      '08006',
      '08001',
      '57P01',
      '57P03',
      '53300',
    ]) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
  });

  it('looks through wrappers: an error cause (drizzle) and an AggregateError (several addresses)', () => {
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: coded('57P01') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED')], 'connect failed'))).toBe(true);
  });

  it('leaves request and programming errors alone', () => {
    for (const error of [
      coded('23505'),
      coded('42P01'),
      coded('57014'),
      coded('22P02'),
      new Error('boom'),
      new Error('Failed query', { cause: coded('42703') }),
      undefined,
      'ECONNREFUSED',
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});
