import type { Logger, LtxError } from '@ltx/core';

/**
 * Logs a job's failure (or its transient error) the way its cause deserves. An expected failure — the site
 * answered 404, the host is refused, the model said no: a typed error with a code — is one line at `level`
 * with its code and message and no stack (the message is already in the line's msg; the stack, nested causes
 * included, goes to debug). An unexpected one (`internal`: a bug) is logged at error with its stack.
 */
export function logJobFailure(
  log: Logger,
  error: LtxError,
  message: string,
  fields: Record<string, unknown> = {},
  level: 'warn' | 'info' = 'warn',
): void {
  if (error.code === 'internal') {
    log.error({ err: error, code: error.code, ...fields }, message);
    return;
  }
  log[level]({ code: error.code, ...fields }, message);
  log.debug({ err: error, code: error.code }, 'failure details');
}
