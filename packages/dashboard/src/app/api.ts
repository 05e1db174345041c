/**
 * The dashboard's only way out: same-origin requests to the ltx API (`/v1/...`). When the API asks for a key
 * (401), the key the person types is kept in sessionStorage for this browser session and sent as a Bearer token.
 */

import type {
  ChangeSignals,
  Health as HealthBody,
  JobDetail,
  JobKind,
  JobProgress,
  JobResult,
  JobStatus,
  JobSummary,
  ScheduleBody,
  ServerInfo,
  Site as SiteBody,
  Stats,
  TokenUsage,
} from '@ltx/contracts';

// The shapes come from @ltx/contracts, the zod schemas the API is built on (a type-only import: nothing of it
// reaches the bundle). The lists below are values the pages need at run time.
/** GET /v1/server: the defaults a job gets when it names none (null: this API does not run jobs itself). */
export type { ChangeSignals, JobKind, JobProgress, JobResult, JobStatus, ServerInfo, Stats };
export type JobUsage = TokenUsage;
export type Schedule = ScheduleBody;

export const JOB_STATUSES = [
  'queued',
  'started',
  'running',
  'success',
  'failure',
  'cancelled',
] as const satisfies readonly JobStatus[];
export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'started', 'running'];

/** Per-job options as the dashboard sends them (the API validates them against core's schema). */
export interface JobOptions {
  generator?: 'llm' | 'extractive';
  model?: string;
  full?: boolean;
  maxPages?: number;
  maxDepth?: number;
  [key: string]: unknown;
}

/** A job as the API returns it: JobSummary in lists, with `result` on GET /v1/jobs/:id. */
export type Job = JobSummary & { result?: JobDetail['result'] };

export interface JobPage {
  jobs: Job[];
  nextCursor: string | null;
}

export type Site = SiteBody;

/** GET /healthz, or what the dashboard makes of a 503 (with its message). */
export type Health = HealthBody & { error?: string };

export interface SubmitRequest {
  url: string;
  kind?: JobKind;
  model?: string;
  options?: JobOptions;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    /** HTTP status; 0 when the API could not be reached. */
    readonly status: number,
    readonly code: string | undefined = undefined,
  ) {
    super(message);
  }
}

/** The API wants a key (none stored, or the stored one was refused). */
export class AuthRequiredError extends ApiError {}

const KEY_STORAGE = 'ltx.apiKey';

export function getApiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function setApiKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage can be off (private mode); the key then lasts until the page reloads.
  }
  memoryKey = key;
}

let memoryKey: string | null = null;

function currentKey(): string | null {
  return getApiKey() ?? memoryKey;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal | undefined;
  accept?: string;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  const key = currentKey();
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('Cannot reach the ltx API. Is the server running?', 0, 'network');
  }
  if (response.ok) return response;
  const { message, code } = await readError(response);
  if (response.status === 401) throw new AuthRequiredError(message, 401, code);
  throw new ApiError(message, response.status, code);
}

async function readError(response: Response): Promise<{ message: string; code: string | undefined }> {
  const fallback = `${response.status} ${response.statusText || 'error'}`.trim();
  let text = '';
  try {
    text = await response.text();
  } catch {
    return { message: fallback, code: undefined };
  }
  try {
    const parsed = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown } | string;
      message?: unknown;
    };
    if (parsed && typeof parsed.error === 'object' && parsed.error) {
      const message = typeof parsed.error.message === 'string' ? parsed.error.message : fallback;
      const code = typeof parsed.error.code === 'string' ? parsed.error.code : undefined;
      return { message, code };
    }
    if (typeof parsed.error === 'string') return { message: parsed.error, code: undefined };
    if (typeof parsed.message === 'string') return { message: parsed.message, code: undefined };
  } catch {
    // not JSON
  }
  return { message: text.trim().slice(0, 300) || fallback, code: undefined };
}

async function json<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Some endpoints wrap their object (`{job: {...}}`), some do not: accept both. */
function unwrap<T>(value: unknown, key: string): T {
  if (value && typeof value === 'object' && key in value) return (value as Record<string, T>)[key] as T;
  return value as T;
}

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  async submit(request: SubmitRequest, signal?: AbortSignal): Promise<{ job: Job; created: boolean }> {
    const response = await send('/v1/jobs', { method: 'POST', body: request, signal });
    const job = unwrap<Job>(await response.json(), 'job');
    return { job, created: response.status === 201 || response.status === 202 };
  },

  async job(id: string, signal?: AbortSignal): Promise<Job> {
    return unwrap<Job>(await json(`/v1/jobs/${encodeURIComponent(id)}`, { signal }), 'job');
  },

  async jobs(
    filters: {
      status?: string | undefined;
      url?: string | undefined;
      limit?: number;
      cursor?: string | undefined;
    },
    signal?: AbortSignal,
  ): Promise<JobPage> {
    const page = await json<Partial<JobPage>>(`/v1/jobs${query(filters)}`, { signal });
    return { jobs: page.jobs ?? [], nextCursor: page.nextCursor ?? null };
  },

  async cancel(id: string): Promise<Job> {
    return unwrap<Job>(await json(`/v1/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }), 'job');
  },

  /** The job's llms.txt (or llms-full.txt); null when the job has none (404/409). */
  async file(id: string, name: 'llms.txt' | 'llms-full.txt', signal?: AbortSignal): Promise<string | null> {
    try {
      const response = await send(`/v1/jobs/${encodeURIComponent(id)}/${name}`, {
        signal,
        accept: 'text/markdown, text/plain',
      });
      return await response.text();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return null;
      throw error;
    }
  },

  /** Known sites, most recently active first (keyset paging like the jobs list). */
  async sites(
    page: { limit?: number; cursor?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<{ sites: Site[]; nextCursor: string | null }> {
    const value = await json<{ sites?: Site[]; nextCursor?: string | null }>(`/v1/sites${query(page)}`, {
      signal,
    });
    return { sites: value.sites ?? [], nextCursor: value.nextCursor ?? null };
  },

  async schedules(signal?: AbortSignal): Promise<Schedule[]> {
    const value = await json<unknown>('/v1/schedules', { signal });
    return (Array.isArray(value) ? value : unwrap<Schedule[]>(value, 'schedules')) ?? [];
  },

  async createSchedule(body: {
    url: string;
    intervalSeconds: number;
    enabled?: boolean;
    model?: string;
    options?: JobOptions;
  }): Promise<Schedule> {
    return unwrap<Schedule>(await json('/v1/schedules', { method: 'POST', body }), 'schedule');
  },

  async updateSchedule(id: string, body: { intervalSeconds?: number; enabled?: boolean }): Promise<Schedule> {
    return unwrap<Schedule>(
      await json(`/v1/schedules/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
      'schedule',
    );
  },

  async runSchedule(id: string): Promise<Job | undefined> {
    return unwrap<Job | undefined>(
      await json(`/v1/schedules/${encodeURIComponent(id)}/run`, { method: 'POST' }),
      'job',
    );
  },

  async server(signal?: AbortSignal): Promise<ServerInfo> {
    return json<ServerInfo>('/v1/server', { signal });
  },

  async stats(signal?: AbortSignal): Promise<Stats> {
    return json<Stats>('/v1/stats', { signal });
  },

  /** GET /healthz: 200 when the database answers, 503 (still with a body) when it does not. */
  async health(signal?: AbortSignal): Promise<Health> {
    try {
      return await json<Health>('/healthz', { signal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 503)
        return { ok: false, database: 'unreachable', error: error.message };
      throw error;
    }
  },
};
