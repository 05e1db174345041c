/**
 * `baseMs · 2^step`, capped at `maxMs` (the exponent at `maxExponent`, so huge steps cannot overflow).
 * The one exponential-backoff formula of the worker: retries, database reconnects, polling while down.
 */
export function backoffMs(
  step: number,
  options: { baseMs: number; maxMs: number; maxExponent?: number | undefined },
): number {
  const exponent = Math.min(Math.max(0, step), options.maxExponent ?? 30);
  return Math.min(options.maxMs, options.baseMs * 2 ** exponent);
}

/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at `maxMs`, with ±25 %
 * jitter so that a burst of failures (a 429 storm) does not come back as a burst. A server's Retry-After
 * wins when it asks for longer.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; retryAfterMs?: number | undefined; random?: () => number },
): number {
  const random = options.random ?? Math.random;
  const exponential = backoffMs(attempt - 1, options);
  const jittered = exponential * (0.75 + random() * 0.5);
  return Math.round(Math.min(options.maxMs, Math.max(jittered, options.retryAfterMs ?? 0)));
}
