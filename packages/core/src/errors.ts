/**
 * Typed errors. Every error that leaves @ltx/core is an LtxError: it carries a stable machine-readable
 * `code` (stored on the job as `error_code`) and says whether trying again later can help (`retryable`).
 * `retryAfterMs` is set when the cause told us how long to wait (HTTP Retry-After on a 429 or 503).
 */
export type ErrorCode =
  | 'invalid_url'
  | 'blocked_host'
  | 'fetch_failed'
  | 'http_error'
  | 'too_many_redirects'
  | 'too_large'
  | 'not_html'
  | 'robots_disallowed'
  | 'page_too_heavy'
  | 'empty_site'
  | 'timeout'
  | 'aborted'
  | 'llm_rate_limited'
  | 'llm_unavailable'
  | 'llm_auth'
  | 'llm_bad_request'
  | 'llm_error'
  | 'validation_failed'
  | 'config_error'
  | 'worker_lost'
  | 'cancelled'
  | 'internal';

export interface LtxErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  retryAfterMs?: number;
  details?: Record<string, unknown>;
}

export class LtxError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: LtxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      details: this.details,
    };
  }
}

/** The URL is malformed, not http(s), too long, or otherwise unusable. Never retryable. */
export class InvalidUrlError extends LtxError {
  constructor(message: string, options: LtxErrorOptions = {}) {
    super('invalid_url', message, { ...options, retryable: false });
  }
}

/** The SSRF guard refused a host (private, loopback, link-local, metadata). Never retryable. */
export class BlockedHostError extends LtxError {
  constructor(message: string, options: LtxErrorOptions = {}) {
    super('blocked_host', message, { ...options, retryable: false });
  }
}

/** Fetching a URL failed: network error, HTTP status, redirects, size, content type. */
export class FetchError extends LtxError {
  readonly url: string;
  readonly status: number | undefined;
  constructor(
    code: Extract<
      ErrorCode,
      'fetch_failed' | 'http_error' | 'too_many_redirects' | 'too_large' | 'not_html' | 'robots_disallowed'
    >,
    url: string,
    message: string,
    options: LtxErrorOptions & { status?: number } = {},
  ) {
    super(code, message, options);
    this.url = url;
    this.status = options.status;
  }
}

/** The start page could not be fetched or the crawl found no usable HTML page at all. */
export class EmptySiteError extends LtxError {
  constructor(message: string, options: LtxErrorOptions = {}) {
    super('empty_site', message, options);
  }
}

/** A time limit ran out (per request or per job). Retryable: the site may be faster later. */
export class TimeoutError extends LtxError {
  constructor(message: string, options: LtxErrorOptions = {}) {
    super('timeout', message, { retryable: true, ...options });
  }
}

/**
 * Parsing and extracting one page took longer than its CPU budget (pageCpuBudgetMs): its thread was stopped.
 * Not retryable: the same page costs the same next time. The crawler skips such a page (reason 'cpu_budget');
 * only a start page over budget fails the job.
 */
export class PageBudgetError extends LtxError {
  readonly url: string;
  constructor(url: string, budgetMs: number, elapsedMs: number) {
    super(
      'page_too_heavy',
      `parsing and extracting ${url} took over its budget of ${budgetMs} ms (pageCpuBudgetMs; stopped after ${elapsedMs} ms): the page is too heavy`,
      { retryable: false, details: { url, budgetMs, elapsedMs } },
    );
    this.url = url;
  }
}

/** The caller's AbortSignal fired (shutdown, cancel). The caller decides what it means. */
export class AbortedError extends LtxError {
  constructor(message = 'aborted', options: LtxErrorOptions = {}) {
    super('aborted', message, { retryable: true, ...options });
  }
}

/** The model API failed. 429/5xx/network are retryable; 401/403/400/404 are not. */
export class LlmError extends LtxError {
  readonly status: number | undefined;
  constructor(
    code: Extract<
      ErrorCode,
      'llm_rate_limited' | 'llm_unavailable' | 'llm_auth' | 'llm_bad_request' | 'llm_error'
    >,
    message: string,
    options: LtxErrorOptions & { status?: number } = {},
  ) {
    super(code, message, options);
    this.status = options.status;
  }
}

/** Every attempt's answer failed llms.txt validation; `issues` holds the last attempt's errors. */
export class ValidationFailedError extends LtxError {
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[], options: LtxErrorOptions = {}) {
    super('validation_failed', message, {
      ...options,
      retryable: false,
      details: { ...options.details, issues },
    });
    this.issues = issues;
  }
}

/** A configuration problem (missing API key for the LLM generator, bad option). Never retryable. */
export class ConfigError extends LtxError {
  constructor(message: string, options: LtxErrorOptions = {}) {
    super('config_error', message, { ...options, retryable: false });
  }
}

/** Turns anything thrown into an LtxError; unknown errors are `internal` and not retryable. */
export function toLtxError(error: unknown): LtxError {
  if (error instanceof LtxError) return error;
  if (error instanceof Error) {
    if (error.name === 'AbortError') return new AbortedError(error.message, { cause: error });
    return new LtxError('internal', error.message, { cause: error });
  }
  return new LtxError('internal', String(error));
}

export function isRetryable(error: unknown): boolean {
  return toLtxError(error).retryable;
}
