import { setTimeout as sleep } from 'node:timers/promises';
import { exponentialBackoff } from './backoff.js';
import { type ConnectOptions, connect } from './connect.js';
import type { Database } from './database.js';
import { databaseAddress, describeDatabaseError, isDatabaseUnavailable } from './database-errors.js';
import { migrate } from './migrate.js';
import { type DatabaseLogger, DatabaseOutageLog } from './outage-log.js';
import { SchemaOutOfDateError, type SchemaStatus, schemaStatus } from './schema-version.js';

/** The database refused us for a reason a retry does not fix (bad password, no such database, ...). */
export class DatabaseStartupError extends Error {
  readonly code = 'database_startup';
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseStartupError';
  }
}

export interface WaitOptions {
  logger: DatabaseLogger;
  /** First retry delay (default 500 ms); it doubles up to maxDelayMs (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Stops waiting (shutdown): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Waits until the database answers, retrying an unreachable one with backoff and logging one line per
 * distinct error (DatabaseOutageLog). An error a retry cannot fix (authentication, no such database) throws
 * a DatabaseStartupError with a one-line message at once.
 */
export async function waitForDatabase(database: Database, url: string, options: WaitOptions): Promise<void> {
  const address = databaseAddress(url);
  const outage = new DatabaseOutageLog(options.logger, address);
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  for (let attempt = 0; ; attempt++) {
    try {
      await database.ping();
      outage.recovered();
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        const { code, message } = describeDatabaseError(error);
        throw new DatabaseStartupError(`cannot use the database at ${address}: ${message} (${code})`, {
          cause: error,
        });
      }
      const retryInMs = exponentialBackoff(attempt, { base, max, maxExponent: 16 });
      outage.failed(error, 'start-up', { retryInMs });
      // node's timer rejects with an AbortError; the caller is promised the signal's own reason.
      await sleep(retryInMs, undefined, { signal: options.signal }).catch((abort: unknown) => {
        throw options.signal?.aborted ? options.signal.reason : abort;
      });
    }
  }
}

export interface SchemaOptions {
  logger: DatabaseLogger;
  /** LTX_AUTO_MIGRATE: apply the pending migrations instead of stopping. */
  autoMigrate: boolean;
}

/**
 * Checks the database's schema version against the committed migrations. Missing or behind: migrates when
 * autoMigrate, else throws SchemaOutOfDateError (its message is the one line to print: it names
 * `pnpm db:migrate`). Ahead (a newer version migrated it): a warning, and the process goes on.
 */
export async function ensureSchema(
  database: Database,
  url: string,
  options: SchemaOptions,
): Promise<SchemaStatus> {
  const address = databaseAddress(url);
  let status = await schemaStatus(database);
  if (status.state === 'missing' || status.state === 'behind') {
    if (!options.autoMigrate) throw new SchemaOutOfDateError(status, address);
    options.logger.info(
      { database: address, pending: status.pending },
      `LTX_AUTO_MIGRATE: applying ${status.pending.length} migration(s)`,
    );
    await migrate(url);
    status = await schemaStatus(database);
    if (status.state === 'missing' || status.state === 'behind')
      throw new SchemaOutOfDateError(status, address);
    options.logger.info({ database: address, applied: status.applied }, 'migrations applied');
  } else if (status.state === 'ahead') {
    options.logger.warn(
      { database: address, applied: status.applied },
      'the database has migrations this version does not know (a newer version migrated it)',
    );
  }
  return status;
}

/** Start-up of every PostgreSQL app: wait for the database (backoff, one line per error), then the schema. */
export async function prepareDatabase(
  database: Database,
  url: string,
  options: WaitOptions & SchemaOptions,
): Promise<SchemaStatus> {
  await waitForDatabase(database, url, options);
  return ensureSchema(database, url, options);
}

/**
 * A PostgreSQL service's database from its environment (DATABASE_URL, LTX_AUTO_MIGRATE: @ltx/config's
 * serviceEnvShape): connects, then prepareDatabase; on failure the pool is closed and the error rethrown.
 */
export async function openDatabase(
  env: { DATABASE_URL: string; LTX_AUTO_MIGRATE: boolean },
  options: ConnectOptions & { logger: DatabaseLogger; signal?: AbortSignal },
): Promise<Database> {
  const { logger, signal, ...connectOptions } = options;
  const database = connect(env.DATABASE_URL, connectOptions);
  try {
    await prepareDatabase(database, env.DATABASE_URL, {
      logger,
      autoMigrate: env.LTX_AUTO_MIGRATE,
      ...(signal ? { signal } : {}),
    });
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
