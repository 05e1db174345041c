import { describe, expect, it } from 'vitest';
import {
  databaseAddress,
  describeDatabaseError,
  isDatabaseUnavailable,
  isRetryableDatabaseError,
  isSchemaOutOfDate,
} from './database-errors.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises connection loss, refusal, shutdown and a full server', () => {
    for (const code of [
      'ECONNREFUSED',
      'CONNECTION_CLOSED',
      'CONNECT_TIMEOUT',
      'ENOTFOUND',
      '08006',
      '08001',
      '57P01',
      '57P03',
      '53300',
      '53100',
    ]) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('looks through wrappers: an error cause (drizzle) and an AggregateError (several addresses)', () => {
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: coded('57P01') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED')], 'connect failed'))).toBe(true);
  });

  it('leaves request, programming and conflict errors alone', () => {
    for (const error of [
      coded('23505'),
      coded('42P01'),
      coded('57014'),
      coded('22P02'),
      coded('40P01'),
      new Error('boom'),
      new Error('Failed query', { cause: coded('42703') }),
      undefined,
      'ECONNREFUSED',
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe('isRetryableDatabaseError', () => {
  it('is unavailable, a serialization failure, a deadlock or a cancelled statement', () => {
    for (const code of ['ECONNRESET', '08006', '40001', '40P01', '57014']) {
      expect(isRetryableDatabaseError(new Error('wrapped', { cause: coded(code) })), code).toBe(true);
    }
    for (const error of [coded('22P05'), coded('23505'), new Error('model answered 500'), 'nope']) {
      expect(isRetryableDatabaseError(error)).toBe(false);
    }
  });
});

describe('isSchemaOutOfDate and the descriptions', () => {
  it('sees a missing table or column through a wrapper', () => {
    expect(isSchemaOutOfDate(new Error('Failed query: select', { cause: coded('42P01') }))).toBe(true);
    expect(isSchemaOutOfDate(coded('42703'))).toBe(true);
    expect(isSchemaOutOfDate(coded('23505'))).toBe(false);
  });

  it('describes the innermost error on one line, and an address without the password', () => {
    const wrapped = new Error('Failed query: select * from jobs\nparams: ', {
      cause: coded('42P01', 'relation "jobs" does not exist'),
    });
    expect(describeDatabaseError(wrapped)).toEqual({
      code: '42P01',
      message: 'relation "jobs" does not exist',
    });
    expect(describeDatabaseError(new Error('plain'))).toEqual({ code: 'unknown', message: 'plain' });
    expect(databaseAddress('postgres://u:secret@db.internal:6543/app')).toBe('db.internal:6543/app');
    expect(databaseAddress('postgres://u:secret@db.internal/app')).toBe('db.internal:5432/app');
    expect(databaseAddress('postgres://u:secret@db.internal:6543/app')).not.toContain('secret');
  });
});
