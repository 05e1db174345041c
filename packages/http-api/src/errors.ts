import { LtxError } from '@ltx/core';
import { describeDatabaseError, isDatabaseUnavailable, isSchemaOutOfDate } from '@ltx/data-model';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';

/** The one error body every API error has: `{ error: { code, message, ...extra } }`. */
export interface ErrorBody {
  error: { code: string; message: string; [extra: string]: unknown };
}

export function errorBody(code: string, message: string, extra: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, ...extra } };
}

/** An error a route throws on purpose; the error handler renders it as-is. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

/** `options.maxPages: Too big: expected number to be <=5000` — one line per issue, with the field path. */
export function describeZodError(
  error: ZodError,
  prefix?: string,
): {
  message: string;
  issues: { path: string; message: string }[];
} {
  const issues = error.issues.map((issue) => {
    const parts = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    const keys = (issue as { keys?: string[] }).keys;
    return {
      path: parts.join('.') || '(root)',
      message: keys?.length
        ? `unknown ${keys.length === 1 ? 'key' : 'keys'} ${keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message,
    };
  });
  return { message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
}

const TARGET_PREFIX: Record<string, string | undefined> = { json: undefined, query: 'query', param: 'path' };

/** zod-openapi's hook: invalid input of any route becomes 400 validation_error naming the field. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target?: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const { message, issues } = describeZodError(
    result.error,
    result.target ? TARGET_PREFIX[result.target] : undefined,
  );
  return c.json(errorBody('validation_error', message, { issues }), 400);
}

/** Status for LtxErrors raised while checking input (the URL policy). */
function ltxStatus(error: LtxError): ContentfulStatusCode {
  switch (error.code) {
    case 'invalid_url':
    case 'blocked_host':
    case 'config_error':
    case 'fetch_failed':
      return 400;
    default:
      return 500;
  }
}

/**
 * The single error handler: every error leaves as `{error:{code,message}}` with a fitting status; a database
 * outage is 503 database_unavailable (with Retry-After), anything unexpected 500 internal.
 */
export function renderError(error: unknown, c: Context, logger: Logger): Response {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(errorBody(error.code, error.message, error.extra), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const malformed = status === 400 && /malformed json/i.test(error.message);
    const code = malformed
      ? 'invalid_json'
      : status === 413
        ? 'payload_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : status === 401
            ? 'unauthorized'
            : status >= 500
              ? 'internal'
              : 'bad_request';
    const message = malformed
      ? 'request body is not valid JSON'
      : status === 415
        ? `unsupported Content-Type ${c.req.header('content-type') ?? '(none)'} for ${c.req.method} ${c.req.path}`
        : error.message || 'bad request';
    return c.json(errorBody(code, message), status);
  }
  if (error instanceof LtxError) {
    const status = ltxStatus(error);
    if (status >= 500) logger.error({ err: error }, 'request failed');
    return c.json(errorBody(error.code, status >= 500 ? 'internal error' : error.message), status);
  }
  if (isSchemaOutOfDate(error)) {
    // The reason stays in the log (it names tables); the client learns what the operator must do.
    logger.error(
      { code: describeDatabaseError(error).code, err: describeDatabaseError(error).message },
      'request failed: the database schema is out of date: run pnpm db:migrate',
    );
    return c.json(
      errorBody(
        'schema_out_of_date',
        'the database schema is out of date; the operator must run pnpm db:migrate',
      ),
      503,
    );
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn(describeDatabaseError(error), 'request failed: database unavailable');
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return c.json(errorBody('database_unavailable', 'the database is unavailable; try again shortly'), 503);
  }
  logger.error({ err: error }, 'request failed');
  return c.json(errorBody('internal', 'internal error'), 500);
}

/** Retry-After of a 503 database_unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
