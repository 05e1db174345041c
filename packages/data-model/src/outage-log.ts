import { describeDatabaseError, isDatabaseUnavailable, isSchemaOutOfDate } from './database-errors.js';

/** What the database helpers log through (a pino logger fits). */
export interface DatabaseLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/**
 * Logs database failures as one short line per distinct error (code and message, no stack; host and port,
 * never the password), the repeats of the same error at debug only, and one line when the database answers
 * again. A wrong port gives one "cannot reach the database at host:port" line, not a page of traces.
 */
export class DatabaseOutageLog {
  private lastKey: string | undefined;
  private count = 0;

  constructor(
    private readonly logger: DatabaseLogger,
    private readonly address: string,
  ) {}

  /** Consecutive failures since the database last answered. */
  get failures(): number {
    return this.count;
  }

  failed(error: unknown, what: string, fields: Record<string, unknown> = {}): void {
    this.count++;
    const { code, message } = describeDatabaseError(error);
    const key = `${code}\u0000${message}`;
    const line = { database: this.address, what, code, failures: this.count, ...fields };
    if (key === this.lastKey) {
      this.logger.debug(line, `database error again during ${what}: ${message}`);
      return;
    }
    this.lastKey = key;
    const text = isDatabaseUnavailable(error)
      ? `cannot reach the database at ${this.address}: ${message} (${code}); retrying`
      : isSchemaOutOfDate(error)
        ? `the database at ${this.address} lacks the ltx schema (${message}): run pnpm db:migrate; retrying`
        : `database error during ${what}: ${message} (${code}); retrying`;
    this.logger.warn(line, text);
  }

  recovered(): void {
    if (this.count > 0) {
      this.logger.info({ database: this.address, failures: this.count }, 'database reachable again');
    }
    this.count = 0;
    this.lastKey = undefined;
  }
}
