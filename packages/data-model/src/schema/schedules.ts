import type { ChangeSignals } from '@ltx/contracts';
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** What the cron's cheap change check saw last time (@ltx/contracts ChangeSignals). */
export type { ChangeSignals };

/** Recurring refreshes: the cron enqueues an `update` job for a due site when it changed. */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    url: text('url').notNull(),
    siteKey: text('site_key').notNull(),
    intervalSeconds: integer('interval_seconds').notNull().default(86_400),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull().defaultNow(),
    enabled: boolean('enabled').notNull().default(true),
    model: text('model'),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    lastJobId: uuid('last_job_id'),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    lastEnqueuedAt: timestamp('last_enqueued_at', { withTimezone: true }),
    signals: jsonb('signals').$type<ChangeSignals>(),
    /** Consecutive failures (check or job); drives the backoff. */
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    /** The name of the API key that created it (see jobs.owner); its jobs inherit it. */
    owner: text('owner'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('schedules_site_key_idx').on(t.siteKey),
    index('schedules_due_idx').on(t.nextRunAt).where(sql`${t.enabled}`),
  ],
);

export type Schedule = typeof schedules.$inferSelect;
export type NewSchedule = typeof schedules.$inferInsert;
