/**
 * Whether an error came from the database connection rather than from the job: such errors are retried
 * by the worker (the write is kept and replayed) instead of failing the job.
 */
export function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Connection-level errors from node and from postgres.js.
    if (
      [
        'ECONNREFUSED',
        'ECONNRESET',
        'EPIPE',
        'ETIMEDOUT',
        'ENOTFOUND',
        'EAI_AGAIN',
        'CONNECTION_CLOSED',
        'CONNECTION_ENDED',
        'CONNECTION_DESTROYED',
        'CONNECT_TIMEOUT',
      ].includes(code)
    ) {
      return true;
    }
    // SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention: admin shutdown,
    // pg_terminate_backend), 40 (serialization / deadlock).
    if (/^(08|53|57|40)[0-9A-Z]{3}$/.test(code)) return true;
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause && cause !== error && isDatabaseError(cause)) return true;
  return /connection (terminated|ended|closed)|terminating connection|the database system is (starting up|shutting down)|write CONNECTION_CLOSED/i.test(
    error.message,
  );
}
