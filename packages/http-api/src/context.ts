import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CoreSettings } from '@ltx/core';
import type { Database, Job } from '@ltx/data-model';
import type { Logger } from 'pino';
import type { Principal } from './api-keys.js';

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
