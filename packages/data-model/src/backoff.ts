import { type SQL, sql } from 'drizzle-orm';

/**
 * `base · factor^step` (factor 2 unless said), capped at `max` (the exponent at `maxExponent`, so a long run of
 * failures cannot overflow). The one exponential-backoff formula of ltx: a failing schedule's next check here,
 * waiting for the database at start-up, the driver's reconnects, and in the worker its retries and polling while
 * the database is down. Units are the caller's.
 */
export function exponentialBackoff(
  step: number,
  options: { base: number; max: number; factor?: number | undefined; maxExponent?: number | undefined },
): number {
  const exponent = Math.min(Math.max(0, step), options.maxExponent ?? 30);
  return Math.min(options.max, options.base * (options.factor ?? 2) ** exponent);
}

/** The same formula in SQL, for a statement that computes it per row (a failing schedule's next check). */
export function exponentialBackoffSql(
  step: SQL,
  options: { base: SQL; max: SQL; maxExponent?: number | undefined },
): SQL {
  const exponent = options.maxExponent ?? 30;
  return sql`least(${options.max}, ${options.base} * power(2, least(greatest(0, ${step}), ${exponent})))`;
}
