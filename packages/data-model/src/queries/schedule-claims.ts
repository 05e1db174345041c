import { type SQL, sql } from 'drizzle-orm';
import { type Database, mapRow } from '../database.js';
import { type Schedule, schedules } from '../schema/schedules.js';
import { databaseNow } from './clock.js';

/** Arbitrary constant naming the cron's advisory lock (one selection at a time across every cron process). */
export const TICK_LOCK_KEY = 7_400_202;

/** A due schedule taken by this tick, with the next run it had before (to give it back unhandled). */
export interface ClaimedSchedule {
  schedule: Schedule;
  dueAt: Date;
}

export interface ClaimInput {
  /**
   * A pretend clock (tests that travel in time). Undefined: the database's now(), the clock that wrote
   * next_run_at, so a schedule due by its own default is due at once.
   */
  now?: Date | undefined;
  limit: number;
  /** How long a claim keeps other ticks off the schedule (at least the tick deadline). */
  leaseSeconds: number;
}

/**
 * The claim: the due, enabled schedules (most overdue first) get next_run_at = now() + max(interval, lease), so
 * no other tick takes them while this one checks them; the tick then settles each one. If the process dies
 * mid-tick, its claims run out like a handled schedule's interval. SKIP LOCKED: a row another transaction is
 * writing is left to it.
 */
function claimStatement(input: ClaimInput): SQL {
  const limit = Math.min(Math.max(input.limit, 1), 10_000);
  return sql`
    with due as (
      select id, next_run_at from schedules
      where enabled and next_run_at <= ${input.now ? sql`${input.now.toISOString()}::timestamptz` : sql`now()`}
      order by next_run_at, id
      limit ${limit}
      for update skip locked
    )
    update schedules s set
      -- Whole milliseconds: the lease read back into a JS Date is exactly the stored value (see release).
      next_run_at = date_trunc('milliseconds',
        now() + make_interval(secs => greatest(s.interval_seconds, ${input.leaseSeconds}))),
      updated_at = now()
    from due
    where s.id = due.id
    returning s.*, due.next_run_at as claim_due_at`;
}

function toClaimed(rows: Record<string, unknown>[]): ClaimedSchedule[] {
  return rows
    .map((row) => {
      const due = row.claim_due_at;
      return { schedule: mapRow(schedules, row), dueAt: due instanceof Date ? due : new Date(String(due)) };
    })
    .sort((a, b) => +a.dueAt - +b.dueAt || a.schedule.id.localeCompare(b.schedule.id));
}

/**
 * Takes this tick's due schedules, and says the tick's clock (`now`: the given one, or the database's at the
 * claim) from which the tick computes next runs. PostgreSQL: in one short transaction under pg_try_advisory_xact_lock, so one
 * cron process at a time settles and claims (`before` runs there, e.g. settling finished jobs); undefined when
 * another process holds the lock. The transaction commits before any change check runs: nothing stays open
 * while the tick talks to sites. PGlite is one in-process database used by one process: no lock, no
 * transaction (it would block the process's other queries), the claim alone.
 */
export async function claimDueSchedules<B>(
  database: Database,
  input: ClaimInput,
  before: () => Promise<B>,
): Promise<{ before: B; claimed: ClaimedSchedule[]; now: Date } | undefined> {
  if (database.kind === 'pglite') {
    const out = await before();
    const now = input.now ?? (await databaseNow(database));
    return { before: out, claimed: toClaimed(await database.rows(claimStatement(input))), now };
  }
  return database.db.transaction(async (tx) => {
    const lock = (await tx.execute(
      sql`select pg_try_advisory_xact_lock(${TICK_LOCK_KEY}) as locked, date_trunc('milliseconds', now()) as now`,
    )) as unknown as { locked: boolean; now: Date | string }[];
    if (lock[0]?.locked !== true) return undefined;
    const out = await before();
    const rows = (await tx.execute(claimStatement(input))) as unknown as Record<string, unknown>[];
    // now() is the transaction's start, the same instant the claim compared with.
    const now = input.now ?? (lock[0].now instanceof Date ? lock[0].now : new Date(lock[0].now));
    return { before: out, claimed: toClaimed([...rows]), now };
  });
}

/**
 * Gives claimed schedules back unhandled (shutdown, or the tick's deadline came before their turn): their
 * next_run_at returns to what it was, so the next tick takes them first. Only a schedule still under this
 * tick's claim is touched (its next_run_at is the lease this tick set).
 */
export async function releaseSchedules(
  database: Database,
  claimed: readonly { schedule: Schedule; dueAt: Date }[],
): Promise<number> {
  if (claimed.length === 0) return 0;
  const values = sql.join(
    claimed.map(
      (c) =>
        sql`(${c.schedule.id}::uuid, ${c.dueAt.toISOString()}::timestamptz, ${c.schedule.nextRunAt.toISOString()}::timestamptz)`,
    ),
    sql`, `,
  );
  const rows = await database.rows(sql`
    update schedules s set next_run_at = v.due_at, updated_at = now()
    from (values ${values}) as v(id, due_at, lease)
    where s.id = v.id and s.next_run_at = v.lease
    returning s.id`);
  return rows.length;
}
