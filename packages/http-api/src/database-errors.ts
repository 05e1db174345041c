/**
 * Errors that mean "the database is not there right now" rather than "this request is wrong": the client's own
 * connection errors (postgres.js: CONNECTION_CLOSED, CONNECT_TIMEOUT...; Node's socket errors) and the server's
 * SQLSTATEs for a lost or refused connection (class 08), a shutdown or restart (57P01-57P05) and a full
 * connection table (53300).
 */
const CLIENT_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const SERVER_CODES = new Set(['53300', '57P01', '57P02', '57P03', '57P04', '57P05']);

function codeUnavailable(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  return CLIENT_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
}

/**
 * True when `error`, or an error it wraps (drizzle's DrizzleQueryError keeps the driver's error as `cause`;
 * a failed multi-address connect is an AggregateError), says the database is unreachable.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const record = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (codeUnavailable(record.code)) return true;
    queue.push(record.cause);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
  return false;
}
