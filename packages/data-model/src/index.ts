export { type SQL, sql } from 'drizzle-orm';
export { exponentialBackoff } from './backoff.js';
export { type ConnectOptions, connect } from './connect.js';
export { type Database, type Drizzle, type Listener, mapRow } from './database.js';
// The one classifier of database errors (outage, retryable, schema out of date), all of it public.
export * from './database-errors.js';
export { connectEmbedded } from './embedded.js';
export { migrate, migrateEmbedded, migrationsFolder } from './migrate.js';
export { type DatabaseLogger, DatabaseOutageLog } from './outage-log.js';
export { databaseNow } from './queries/clock.js';
export * from './queries/jobs.js';
export { decodeKeyset, encodeKeyset, isTimestamp, type Keyset, keysetTime } from './queries/keyset.js';
export * from './queries/retention.js';
export * from './queries/schedule-claims.js';
export * from './queries/schedules.js';
export * from './queries/sites.js';
export * from './schema/index.js';
export {
  type JournalEntry,
  readJournal,
  SchemaOutOfDateError,
  type SchemaStatus,
  schemaStatus,
} from './schema-version.js';
export {
  DatabaseStartupError,
  ensureSchema,
  openDatabase,
  prepareDatabase,
  type SchemaOptions,
  type WaitOptions,
  waitForDatabase,
} from './startup.js';
export const JOBS_CHANNEL = 'ltx_jobs';
