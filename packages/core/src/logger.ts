import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** One JSON-lines logger per process; children carry `service` and, for job work, `jobId`. */
export function createLogger(
  options: { level?: string; service?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: options.service ? { service: options.service } : {},
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}

/** A logger that drops everything, for library calls made without one. */
export const silentLogger: Logger = pino({ level: 'silent' });
