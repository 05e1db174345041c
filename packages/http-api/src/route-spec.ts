/** The pieces every /v1 route declaration is written with (@hono/zod-openapi's createRoute and its contents). */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { ErrorSchema } from './schemas.js';

/**
 * createRoute for one tag of the OpenAPI document: the method and path first, then its summary, what the route
 * takes (`request`) and what it answers (`responses`).
 */
export function apiRoute<
  const M extends 'get' | 'post' | 'patch' | 'delete',
  const P extends string,
  const R extends Pick<RouteConfig, 'summary' | 'request' | 'responses'>,
>(tag: string, method: M, path: P, spec: R) {
  return createRoute({ method, path, tags: [tag], ...spec });
}

/** A required JSON request body of `schema`. */
export const jsonBody = <T>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

export const jsonContent = <T>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input (validation_error, invalid_json, invalid_url, blocked_host, invalid_cursor)',
  401: 'missing or invalid API key',
  404: 'not found',
  409: 'conflict (not_ready, already_finished, schedule_exists)',
  413: 'request body too large',
  429: 'rate limited (see Retry-After)',
  503: 'the database is unavailable (database_unavailable; see Retry-After)',
};

/** OpenAPI error responses: every one has the `{error:{code,message}}` shape. */
type ErrorResponse = { content: { 'application/json': { schema: typeof ErrorSchema } }; description: string };

export function errorResponses<const S extends readonly number[]>(...statuses: S) {
  const out: Record<number, ErrorResponse> = {};
  for (const status of [...statuses, 401, 429]) {
    out[status] = {
      content: { 'application/json': { schema: ErrorSchema } },
      description: ERROR_DESCRIPTIONS[status] ?? 'error',
    };
  }
  return out as { [K in S[number] | 401 | 429]: ErrorResponse };
}
