import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CoreSettings } from '@ltx/core';
import type { Database, Job } from '@ltx/data-model';
import type { Logger } from 'pino';
import type { Principal } from './api-keys.js';
import { ErrorSchema } from './schemas.js';

export interface ApiEnv {
  Variables: {
    requestId: string;
    client: string;
    /** Who the request acts as (set by the access middleware on /v1/*). */
    principal: Principal;
  };
}

export type ApiApp = OpenAPIHono<ApiEnv>;

/** The server's defaults as the process that runs jobs knows them (ltx serve); unknown in a bare API. */
export interface ServerInfo {
  generator?: 'llm' | 'extractive' | undefined;
  model?: string | undefined;
  notices?: string[] | undefined;
}

/** What the route modules share. */
export interface RouteDeps {
  database: Database;
  logger: Logger;
  settings: CoreSettings;
  /** Called after a job was inserted (ltx serve wakes its in-process worker). */
  onEnqueued?: ((job: Job) => void) | undefined;
  server?: ServerInfo | undefined;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
