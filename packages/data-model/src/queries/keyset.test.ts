import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './jobs.js';
import { decodeKeyset, encodeKeyset, isTimestamp } from './keyset.js';

describe('keyset cursors', () => {
  it('round-trips a position with a key that contains the separator', () => {
    const position = { at: '2026-11-28 11:56:39.334652+00', key: 'https://a.example/x|y' };
    expect(decodeKeyset(encodeKeyset(position))).toEqual(position);
  });

  it("reads data-model's job cursor (the same shape)", () => {
    const at = '2026-11-28 11:56:39.334652+00';
    const id = '0b8f6a52-4a3c-4c57-9d55-0c2a8e1f4b3e';
    expect(decodeKeyset(encodeCursor({ createdAt: at, id }))).toEqual({ at, key: id });
  });

  it('accepts what PostgreSQL prints, in any time zone', () => {
    for (const text of [
      '2026-11-28 11:56:39.334652+00',
      '2026-11-28 11:56:39+00',
      '2026-11-28 12:56:39.5+01',
      '2026-11-28 17:26:39.334652+05:30',
      '1890-01-01 00:00:00+00:19:32',
      '2024-02-29 23:59:59.999999-08',
      '2026-11-28T11:56:39.334Z',
    ]) {
      expect(isTimestamp(text), text).toBe(true);
    }
  });

  it('refuses what PostgreSQL would not read back, and anything else', () => {
    for (const text of [
      '2026-02-30 10:00:00+00',
      '2025-02-29 10:00:00+00',
      '0000-01-01 00:00:00+00',
      '2026-13-01 00:00:00+00',
      '2026-11-01 24:00:00+00',
      '2026-11-01 10:60:00+00',
      '2026-11-01 10:00:60+00',
      '2026-11-01 1:2:3+00',
      '2026-11-01 10:00:00.1234567+00',
      'yesterday',
      '',
    ]) {
      expect(isTimestamp(text), text).toBe(false);
    }
    expect(decodeKeyset('nope')).toBeUndefined();
    expect(decodeKeyset(encodeKeyset({ at: '2026-11-01 10:00:00+00', key: '' }))).toBeUndefined();
    expect(decodeKeyset(encodeKeyset({ at: '2026-02-30 10:00:00+00', key: 'k' }))).toBeUndefined();
  });

  it('a job cursor names a real time and a uuid, or nothing', () => {
    const id = '6f1c2a9e-4c1b-4f7a-9d2e-0a1b2c3d4e5f';
    expect(decodeCursor(encodeCursor({ createdAt: '2026-11-28 11:56:39.334652+00', id }))).toEqual({
      createdAt: '2026-11-28 11:56:39.334652+00',
      id,
    });
    expect(decodeCursor(encodeCursor({ createdAt: '2026-02-30 00:00:00+00', id }))).toBeUndefined();
    expect(
      decodeCursor(encodeCursor({ createdAt: '2026-11-28 11:56:39+00', id: 'not-a-uuid' })),
    ).toBeUndefined();
  });
});
