import { type SQL, sql } from 'drizzle-orm';

/**
 * Keyset cursors: `<timestamp>|<key>` in base64url, where the timestamp is a row's time printed by PostgreSQL
 * at full precision (microseconds: a JS Date keeps milliseconds only and would skip rows sharing one) and the
 * key breaks ties (a job id, a site key).
 */
export interface Keyset {
  at: string;
  key: string;
}

export function encodeKeyset(position: Keyset): string {
  return Buffer.from(`${position.at}|${position.key}`).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one the API could have returned. */
export function decodeKeyset(cursor: string): Keyset | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar < 0) return undefined;
  const at = text.slice(0, bar);
  const key = text.slice(bar + 1);
  return key && isTimestamp(at) ? { at, key } : undefined;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2})(?::?(\d{2}))?)?)?$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A timestamp PostgreSQL prints and reads back (ISO, optional microseconds and offset) with every field in
 * range, so a forged cursor is a 400, never a database cast error (2026-02-30 passes Date.parse; PostgreSQL
 * refuses it).
 */
export function isTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes, offsetSeconds] = m
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  return (
    year! >= 1 &&
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysIn(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    offsetHours! <= 15 &&
    offsetMinutes! <= 59 &&
    offsetSeconds! <= 59
  );
}

/** A timestamptz printed in one fixed form (UTC, microseconds) whatever the session's DateStyle/TimeZone. */
export function keysetTime(column: SQL | SQL.Aliased | unknown): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'`;
}
