/**
 * Defaults more than one package states: the API applies them, the apps' environment schemas default to them
 * (kept here so that reading the environment does not load the HTTP server).
 */

/** API requests per minute per key (per IP when the API is open): LTX_RATE_LIMIT_PER_MINUTE's default. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
