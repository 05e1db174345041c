import { sql } from 'drizzle-orm';
import type { Database } from '../database.js';

/**
 * The database's clock, in whole milliseconds (what a JS Date holds). Every time that is compared with a
 * column written by PostgreSQL's now() (a default, a lease, a settle) must come from here, never from the
 * process's clock: the two clocks differ, and now() has microseconds a Date cannot hold.
 */
export async function databaseNow(database: Database): Promise<Date> {
  const [row] = await database.rows<{ now: Date | string }>(
    sql`select date_trunc('milliseconds', now()) as now`,
  );
  if (!row) throw new Error('select now() returned no row');
  return row.now instanceof Date ? row.now : new Date(row.now);
}
