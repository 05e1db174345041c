import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { migrationsFolder } from './migrate.js';

/** One committed migration, as drizzle-kit's journal lists it (`when` is what drizzle records as applied). */
export interface JournalEntry {
  tag: string;
  when: number;
}

export interface SchemaStatus {
  /**
   * current: every committed migration is applied; missing: none is (a fresh database); behind: some are not;
   * ahead: the database has migrations this code does not know (a newer version migrated it).
   */
  state: 'current' | 'missing' | 'behind' | 'ahead';
  /** Committed migrations the database has applied. */
  applied: number;
  /** Committed migrations. */
  expected: number;
  /** Tags of the committed migrations not applied yet. */
  pending: string[];
}

/** The committed migration journal (migrations/meta/_journal.json). */
export function readJournal(folder: string = migrationsFolder): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries.map((e) => ({ tag: e.tag, when: e.when })).sort((a, b) => a.when - b.when);
}

/**
 * Compares the committed journal with what the database has applied. drizzle's migrator records each applied
 * migration in drizzle.__drizzle_migrations with the journal's `when` as created_at, and applies those newer
 * than the newest recorded: so a migration counts as applied when its `when` is at most that newest one.
 */
let committed: JournalEntry[] | undefined;

/** The committed journal, read once per process (a health check asks often). */
function committedJournal(): JournalEntry[] {
  committed ??= readJournal();
  return committed;
}

export async function schemaStatus(
  database: Database,
  journal: JournalEntry[] = committedJournal(),
): Promise<SchemaStatus> {
  const expected = journal.length;
  const [table] = await database.rows<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!table?.present) return { state: 'missing', applied: 0, expected, pending: journal.map((e) => e.tag) };
  const [row] = await database.rows<{ newest: string | number | null }>(
    sql`select max(created_at) as newest from drizzle.__drizzle_migrations`,
  );
  const newest = row?.newest === null || row?.newest === undefined ? undefined : Number(row.newest);
  if (newest === undefined)
    return { state: 'missing', applied: 0, expected, pending: journal.map((e) => e.tag) };
  const pending = journal.filter((e) => e.when > newest).map((e) => e.tag);
  const applied = expected - pending.length;
  const latest = journal[journal.length - 1]?.when ?? 0;
  const state =
    pending.length > 0 ? (applied === 0 ? 'missing' : 'behind') : newest > latest ? 'ahead' : 'current';
  return { state, applied, expected, pending };
}

/** A database whose schema is missing or behind the code's: run `pnpm db:migrate` (or LTX_AUTO_MIGRATE=true). */
export class SchemaOutOfDateError extends Error {
  readonly code = 'schema_out_of_date';
  /** Retrying does not help: the schema has to be migrated first. */
  readonly retryable = false;
  constructor(
    readonly status: SchemaStatus,
    readonly address: string,
  ) {
    super(
      status.state === 'missing'
        ? `the database at ${address} has no ltx schema: run pnpm db:migrate (or set LTX_AUTO_MIGRATE=true)`
        : `the database at ${address} is ${status.pending.length} migration(s) behind (applied ${status.applied} of ${status.expected}; pending ${status.pending.join(', ')}): run pnpm db:migrate (or set LTX_AUTO_MIGRATE=true)`,
    );
    this.name = 'SchemaOutOfDateError';
  }
}
