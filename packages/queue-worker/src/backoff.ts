import { exponentialBackoff } from '@ltx/data-model';

/** data-model's exponentialBackoff in milliseconds: the worker's reconnects and polling while the database is down. */
export function backoffMs(
  step: number,
  options: { baseMs: number; maxMs: number; maxExponent?: number | undefined },
): number {
  return exponentialBackoff(step, {
    base: options.baseMs,
    max: options.maxMs,
    maxExponent: options.maxExponent,
  });
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
