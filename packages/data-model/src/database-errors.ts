/**
 * The one place that says what a database error means (the API's 503s, the worker's retries, the start-up
 * wait all ask here).
 *
 * - unavailable: the database is not there right now (a retry later helps): the client's own connection
 *   errors (postgres.js: CONNECTION_CLOSED, CONNECT_TIMEOUT...; Node's socket and DNS errors), the server's
 *   SQLSTATEs for a lost or refused connection (class 08), a shutdown, crash or restart (57P01-57P05) and
 *   insufficient resources (class 53: too many connections, out of memory, disk full).
 * - retryable: unavailable, or a conflict that the same statement may win next time: a serialization failure
 *   or deadlock (class 40) and a statement cancelled by a timeout (57014).
 * - schema out of date: a table or column the code expects is missing (42P01, 42703): `pnpm db:migrate`.
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

const UNAVAILABLE_MESSAGE =
  /connection (terminated|ended|closed)|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i;

function codeUnavailable(code: string): boolean {
  return (
    CLIENT_CODES.has(code) ||
    /^08[0-9A-Z]{3}$/.test(code) ||
    /^57P0[1-5]$/.test(code) ||
    /^53[0-9A-Z]{3}$/.test(code)
  );
}

/** The error and every error it wraps (drizzle keeps the driver's error as `cause`; AggregateError). */
function* chain(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const record = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    yield record;
    queue.push(record.cause);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
}

/** True when `error`, or an error it wraps, says the database is unreachable or cannot serve right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of chain(error)) {
    if (typeof e.code === 'string' && codeUnavailable(e.code)) return true;
    if (e instanceof Error && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** True when the same database write is worth retrying: the database is unavailable, or a conflict (40, 57014). */
export function isRetryableDatabaseError(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  for (const e of chain(error)) {
    if (typeof e.code === 'string' && (/^40[0-9A-Z]{3}$/.test(e.code) || e.code === '57014')) return true;
  }
  return false;
}

/** True when the database lacks a table or column the code uses: its schema is behind (`pnpm db:migrate`). */
export function isSchemaOutOfDate(error: unknown): boolean {
  for (const e of chain(error)) {
    if (e.code === '42P01' || e.code === '42703') return true;
  }
  return false;
}

/** The innermost code and message of a database error, on one line, with no stack. */
export function describeDatabaseError(error: unknown): { code: string; message: string } {
  let code: string | undefined;
  let message: string | undefined;
  for (const e of chain(error)) {
    if (typeof e.code === 'string') code = e.code;
    if (typeof e.message === 'string' && e.message && !/^Failed query:/.test(e.message)) message = e.message;
  }
  if (!message && error instanceof Error) message = error.message.split('\n')[0];
  return { code: code ?? 'unknown', message: (message ?? String(error)).replace(/\s+/g, ' ').trim() };
}

/** `host:port/database` of a PostgreSQL URL, never its user or password. */
export function databaseAddress(url: string): string {
  try {
    const u = new URL(url);
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
    return `${u.hostname || 'localhost'}:${u.port || '5432'}/${database}`;
  } catch {
    return '(an unparsable DATABASE_URL)';
  }
}
