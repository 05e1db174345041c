import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@ltx/core';
import { DatabaseOutageLog, isRetryableDatabaseError } from '@ltx/data-model';
import { backoffMs } from './backoff.js';
import type { WorkerMetrics } from './metrics.js';

/**
 * What one worker knows about its database: consecutive failures and the last success. Every database call of
 * the engine reports here; `persist` retries a write until it lands while the database restarts.
 */
export class DatabaseHealth {
  failures = 0;
  lastOkAt = Date.now();
  /** One short line per distinct database error (no stacks), repeats at debug, one line when it answers again. */
  private readonly outage: DatabaseOutageLog;

  constructor(
    log: Logger,
    address: string,
    private readonly metrics: WorkerMetrics,
    /** Called when the database answers again after failures. */
    private readonly onRecovered: () => void,
    /** False once retries must stop (a forced stop, or past the shutdown's hard deadline). */
    private readonly mayRetry: () => boolean,
  ) {
    this.outage = new DatabaseOutageLog(log, address);
  }

  ok(): void {
    if (this.failures > 0) {
      this.outage.recovered();
      this.failures = 0;
      this.lastOkAt = Date.now();
      this.onRecovered();
      return;
    }
    this.lastOkAt = Date.now();
  }

  error(error: unknown, what: string): void {
    this.failures++;
    this.metrics.dbErrors.inc();
    this.outage.failed(error, what);
  }

  /** Retries a database write until it lands (the database may be restarting); other errors propagate. */
  async persist<T>(what: string, write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await write();
        this.ok();
        return result;
      } catch (error) {
        // During a shutdown the database gets until the hard deadline; then the lease takes over.
        if (!isRetryableDatabaseError(error) || !this.mayRetry()) throw error;
        this.error(error, what);
        await sleep(backoffMs(attempt, { baseMs: 100, maxMs: 5000, maxExponent: 6 }));
      }
    }
  }
}
