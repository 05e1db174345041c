import { type Logger, silentLogger } from '@ltx/core';
import { type Database, pruneFinishedJobs, type RetentionOptions } from '@ltx/data-model';
import { runTick, type TickOptions, type TickResult } from './tick.js';

export interface SchedulerOptions extends Omit<TickOptions, 'now' | 'signal'> {
  /** Time between the end of one tick and the start of the next (CRON_TICK_MS, default 60 s). */
  tickMs?: number | undefined;
  /** Called after every tick (tests, metrics). */
  onTick?: ((result: TickResult) => void) | undefined;
  /**
   * Retention (LTX_RETENTION_DAYS...): after each tick, delete finished jobs past it in small batches (see
   * pruneFinishedJobs). Unset: nothing is deleted.
   */
  retention?: Omit<RetentionOptions, 'signal'> | undefined;
  /** Called after every retention run (tests, metrics). */
  onPrune?: ((result: { deleted: number; batches: number; more: boolean }) => void) | undefined;
}

export interface SchedulerHandle {
  /** Settles when the scheduler has stopped. */
  readonly promise: Promise<void>;
  /** Runs a tick now (or right after the current one) and resolves with its result. */
  tickNow(): Promise<TickResult>;
  /** Stops ticking; aborts in-flight change checks and waits for the current tick to end. */
  stop(): Promise<void>;
}

export const DEFAULT_TICK_MS = 60_000;

/**
 * The cron loop: a tick at start, then one every tickMs after the previous ended (never two at once in a
 * process). A failing tick (database down) is logged and the loop goes on; the next tick retries.
 */
export function startScheduler(database: Database, options: SchedulerOptions = {}): SchedulerHandle {
  const logger: Logger = options.logger ?? silentLogger;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const controller = new AbortController();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeSleep: (() => void) | undefined;
  let current: Promise<TickResult> | undefined;
  const waiters: ((result: Promise<TickResult>) => void)[] = [];

  async function tick(): Promise<TickResult> {
    const started = performance.now();
    try {
      const result = await runTick(database, { ...options, logger, signal: controller.signal });
      logger.debug({ ms: Math.round(performance.now() - started), acted: result.acted }, 'tick done');
      options.onTick?.(result);
      if (options.retention) await prune(options.retention);
      return result;
    } catch (error) {
      if (!stopping) logger.error({ err: error }, 'tick failed; retrying at the next tick');
      throw error;
    }
  }

  // A failed retention run is logged and retried at the next tick; it never fails the tick.
  async function prune(retention: Omit<RetentionOptions, 'signal'>): Promise<void> {
    const started = performance.now();
    try {
      const result = await pruneFinishedJobs(database, { ...retention, signal: controller.signal });
      const ms = Math.round(performance.now() - started);
      if (result.deleted > 0) logger.info({ ...result, ms }, 'retention: deleted finished jobs');
      else logger.debug({ ...result, ms }, 'retention: nothing to delete');
      options.onPrune?.(result);
    } catch (error) {
      if (!stopping) logger.warn({ err: error }, 'retention run failed; retrying at the next tick');
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      current = tick();
      const pending = waiters.splice(0);
      for (const resolve of pending) resolve(current);
      await current.catch(() => undefined);
      current = undefined;
      if (stopping) break;
      if (waiters.length > 0) continue;
      await new Promise<void>((resolve) => {
        wakeSleep = resolve;
        timer = setTimeout(resolve, tickMs);
      });
      wakeSleep = undefined;
    }
  }

  const promise = loop().then(() => logger.info('scheduler stopped'));
  logger.info({ tickMs }, 'scheduler started');

  return {
    promise,
    tickNow() {
      if (stopping) return Promise.reject(new Error('scheduler stopped'));
      return new Promise<Promise<TickResult>>((resolve) => {
        waiters.push(resolve);
        if (!current) {
          if (timer) clearTimeout(timer);
          wakeSleep?.();
        }
      }).then((p) => p);
    },
    async stop() {
      if (!stopping) {
        stopping = true;
        controller.abort();
        if (timer) clearTimeout(timer);
        wakeSleep?.();
        for (const resolve of waiters.splice(0)) resolve(Promise.reject(new Error('scheduler stopped')));
      }
      await promise;
    },
  };
}
