/**
 * `base · 2^step`, capped at `max` (the exponent at `maxExponent`, so a long run of failures cannot overflow).
 * The one exponential-backoff formula of ltx: a failing schedule's next check here, and in the worker its retries,
 * database reconnects and polling while the database is down. Units are the caller's.
 */
export function exponentialBackoff(
  step: number,
  options: { base: number; max: number; maxExponent?: number | undefined },
): number {
  const exponent = Math.min(Math.max(0, step), options.maxExponent ?? 30);
  return Math.min(options.max, options.base * 2 ** exponent);
}
