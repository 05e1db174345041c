import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

export interface RunUntilSignalOptions {
  logger: Logger;
  /**
   * The graceful shutdown, run on the first SIGTERM or SIGINT: stop taking work, finish (or hand back) what is
   * in flight, close servers and connections. The process exits 0 when it resolves, 1 when it rejects.
   */
  stop: () => Promise<void>;
  /**
   * Run on a second signal while stop() is still running: cut the graceful part short (abort jobs in flight,
   * drop open connections). stop() should then settle soon; the process still exits through it. Without a
   * force (nothing to cut short), a second signal exits 1 at once.
   */
  force?: (() => Promise<void> | void) | undefined;
  /** Counted from the first signal: when stop() has not settled by then, the process exits 1. */
  hardDeadlineMs: number;
  /** Default SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[] | undefined;
  /** Where signals and unhandled rejections come from (default `process`; tests pass an emitter). */
  target?: EventEmitter | undefined;
  /** Default process.exit (tests pass a recorder). */
  exit?: ((code: number) => void) | undefined;
}

export interface Lifecycle {
  /** Settles with the exit code, once exit has been called. */
  readonly exited: Promise<number>;
  /** Starts the graceful stop without a signal (e.g. the app's main loop ended by itself). */
  shutdown(reason: string): void;
  /** Removes the listeners (tests; an app keeps them for its life). */
  dispose(): void;
}

/**
 * One shutdown behaviour for every long-running ltx process (api, cron, worker, ltx serve):
 * - first SIGTERM/SIGINT: stop() (graceful); exit 0 when it resolves, 1 when it rejects;
 * - second: force() (stop() still decides when to exit); a third (or a second without force): exit 1 at once;
 * - stop() not settled hardDeadlineMs after the first signal: exit 1 (an orchestrator's SIGKILL is the only
 *   other way out, and it leaves no log line);
 * - an unhandled promise rejection is logged and the process keeps running (a dropped connection surfacing late
 *   must not take a service down; Node's default would exit).
 * Call it once, when the app is up.
 */
export function runUntilSignal(options: RunUntilSignalOptions): Lifecycle {
  const { logger } = options;
  const target: EventEmitter = options.target ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exitProcess = options.exit ?? ((code: number) => process.exit(code));
  let received = 0;
  let deadline: NodeJS.Timeout | undefined;
  let exitCode: number | undefined;
  let resolveExited: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    resolveExited = resolve;
  });

  function exit(code: number): void {
    if (exitCode !== undefined) return;
    exitCode = code;
    if (deadline) clearTimeout(deadline);
    resolveExited(code);
    exitProcess(code);
  }

  function begin(signal: NodeJS.Signals | undefined, reason: string): void {
    logger.info(
      { signal, hardDeadlineMs: options.hardDeadlineMs },
      `${reason}: stopping (send the signal again to force)`,
    );
    deadline = setTimeout(() => {
      logger.fatal(
        { hardDeadlineMs: options.hardDeadlineMs },
        'shutdown did not finish within the hard deadline: exiting',
      );
      exit(1);
    }, options.hardDeadlineMs);
    let stopping: Promise<void>;
    try {
      stopping = options.stop();
    } catch (error) {
      stopping = Promise.reject(error);
    }
    stopping.then(
      () => {
        logger.info('stopped');
        exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  }

  function onSignal(signal: NodeJS.Signals): void {
    received++;
    if (received === 1) {
      begin(signal, 'signal received');
    } else if (received === 2 && options.force) {
      const force = options.force;
      logger.warn({ signal }, 'second signal: forcing shutdown');
      try {
        Promise.resolve(force()).catch((error: unknown) =>
          logger.error({ err: error }, 'forced shutdown failed'),
        );
      } catch (error) {
        logger.error({ err: error }, 'forced shutdown failed');
      }
    } else {
      logger.fatal({ signal }, `${received === 2 ? 'second' : 'third'} signal: exiting now`);
      exit(1);
    }
  }

  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled rejection');
  for (const signal of signals) target.on(signal, onSignal);
  target.on('unhandledRejection', onRejection);

  return {
    exited,
    shutdown(reason) {
      if (received > 0) return;
      received = 1;
      begin(undefined, reason);
    },
    dispose() {
      for (const signal of signals) target.off(signal, onSignal);
      target.off('unhandledRejection', onRejection);
      if (deadline) clearTimeout(deadline);
    },
  };
}
