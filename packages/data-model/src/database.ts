import { getTableColumns, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Drizzle = PgDatabase<PgQueryResultHKT, Schema>;

export interface Listener {
  unlisten(): Promise<void>;
}

/**
 * One handle over either driver: PostgreSQL through `postgres` (a pool, LISTEN on its own connection) or
 * embedded PGlite (one in-process connection). Queries use `db` (drizzle) or `rows()` for raw SQL.
 */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** Where it is, for logs: `host:port/database` (never the password), or the embedded folder. */
  readonly address?: string;
  readonly db: Drizzle;
  /** Runs raw SQL and returns its rows, the same shape on both drivers. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /**
   * Runs one fixed SQL text with $1..$n parameters as a prepared statement (the queue's hot path: parsed and
   * planned once per connection, no query building per call). Rows come back with snake_case keys.
   */
  exec<T = Record<string, unknown>>(text: string, params: readonly unknown[]): Promise<T[]>;
  /**
   * LISTEN on a channel. `onListen` runs every time the listen is (re-)established, so a caller can claim
   * what it may have missed while the connection was down.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<Listener>;
  /** A cheap round trip (`select 1`); throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Maps a raw snake_case row (from `rows()`) onto a table's TypeScript keys. */
export function mapRow<T extends PgTable>(table: T, row: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    let value = row[column.name];
    if (
      value !== null &&
      value !== undefined &&
      column.columnType === 'PgTimestamp' &&
      !(value instanceof Date)
    ) {
      value = new Date(value as string);
    }
    if (typeof value === 'string' && column.dataType === 'json') value = JSON.parse(value);
    out[key] = value ?? null;
  }
  return out as T['$inferSelect'];
}

export { schema };
