import { type CoreSettings, DEFAULT_RATE_LIMIT_PER_MINUTE } from '@ltx/contracts';
import { z } from 'zod';

/**
 * Building blocks for the apps' environment schemas. Each app still reads and validates its own environment
 * once, at start; these keep the same variable meaning the same thing in every app.
 */
export const envBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * LTX_ALLOW_PRIVATE_HOSTS: true/false (1/0, yes/no), or a comma-separated list of hosts and host:port pairs to
 * open on purpose (`127.0.0.1:8080,intranet.local,[::1]:3000`): only those, every other loopback or private
 * target stays refused. @ltx/core's SSRF guard applies it.
 */
const ALLOW_ENTRY =
  /^(?:\[[0-9A-Fa-f:.]+\](?::\d{1,5})?|[A-Za-z0-9.-]+(?::\d{1,5})?|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+)$/;
export const allowPrivateHosts = z
  .string()
  .default('false')
  .transform((v, ctx): boolean | string[] => {
    const value = v.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no', ''].includes(value)) return false;
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const port = /:(\d{1,5})$/.exec(entry)?.[1];
      if (
        !ALLOW_ENTRY.test(entry) ||
        (port !== undefined && !entry.includes('::') && (Number(port) < 1 || Number(port) > 65_535))
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `entry ${JSON.stringify(entry)} is not a host or host:port; use true, false or a list such as 127.0.0.1:8080,intranet.local`,
        });
        return z.NEVER;
      }
    }
    return entries;
  });

/** LTX_RENDER: off | auto (default: render pages that need JavaScript when a browser is available) | always. */
export const renderMode = z.enum(['off', 'auto', 'always']).default('auto');

/** A comma-separated list, entries trimmed, empty ones dropped; unset is the empty list. */
export const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );

export const envInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Retention of finished jobs, run by every process that runs the cron loop (the cron app, `ltx serve`): finished
 * jobs older than LTX_RETENTION_DAYS are deleted, except each site's newest success and its
 * LTX_RETENTION_KEEP_JOBS newest jobs. LTX_RETENTION_DAYS=0 turns retention off.
 */
export const retentionEnvShape = {
  LTX_RETENTION_DAYS: envInt(0, 36_500).default(30),
  /** Newest jobs kept per site whatever their age. */
  LTX_RETENTION_KEEP_JOBS: envInt(0, 10_000).default(10),
  /** Jobs read per retention batch (one short statement each); at most 20 batches after each tick. */
  LTX_RETENTION_BATCH: envInt(1, 10_000).default(500),
};

export const postgresUrl = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'is not set: give the PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:5432/postgres'
        : undefined,
  })
  .url('must be a URL, e.g. postgres://postgres@127.0.0.1:5432/postgres')
  .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL');

/** LTX_AUTO_MIGRATE: at start-up, apply pending migrations instead of stopping with "run pnpm db:migrate". */
export const autoMigrate = envBool.default(false);

/** LTX_RATE_LIMIT_PER_MINUTE: API requests per minute per client; 0 = off. */
export const rateLimitPerMinute = envInt(0, 1_000_000).default(DEFAULT_RATE_LIMIT_PER_MINUTE);

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** What every PostgreSQL service (api, worker, cron) reads the same way: its database and its log level. */
export const serviceEnvShape = {
  DATABASE_URL: postgresUrl,
  LTX_AUTO_MIGRATE: autoMigrate,
  LOG_LEVEL: logLevel.default('info'),
};

/**
 * LTX_API_KEYS: comma-separated entries, each `name:key` (a key that sees only its own jobs and schedules),
 * `admin=name:key` (sees and cancels everything) or a bare `key` without a colon (the older form: an admin key). Names are
 * 1-64 of `A-Z a-z 0-9 _ . -`; keys at least 8 characters. Empty means an open API. The entries are parsed
 * into keys by @ltx/http-api (parseApiKeys); this checks their form at start.
 */
const API_KEY_ENTRY = /^(?:(?:admin=)?[A-Za-z0-9][A-Za-z0-9_.-]{0,63}:\S{8,}|[^\s:]{8,})$/;
export const apiKeys = commaList.refine(
  (keys) => keys.every((k) => API_KEY_ENTRY.test(k)),
  'every entry must be key, name:key or admin=name:key (names: letters, digits, _ . -; keys at least 8 characters; a bare key has no colon)',
);

/** The variables that reach @ltx/core (model, generator, SSRF policy). */
export const coreEnvShape = {
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  LTX_MODEL: z.string().min(1).default('gpt-5-mini'),
  LTX_GENERATOR: z.enum(['llm', 'extractive']).default('llm'),
  LTX_ALLOW_PRIVATE_HOSTS: allowPrivateHosts,
  /** Comma-separated ports a site may use besides 80 and 443 (@ltx/core port-policy). */
  LTX_ALLOWED_PORTS: commaList
    .refine((ports) => ports.every((p) => /^\d{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535), {
      message: 'must be comma-separated port numbers from 1 to 65535',
    })
    .transform((ports) => ports.map(Number)),
  /** Pages that need JavaScript: off, auto (default; when a browser is there), always (@ltx/render). */
  LTX_RENDER: renderMode,
  /** The Chromium binary for rendering; default Debian's /usr/bin/chromium. */
  LTX_CHROMIUM_PATH: z.string().min(1).optional(),
  /** Pages rendering at once in this process (every job shares the one browser). */
  LTX_RENDER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** The browser's memory cap (RSS of its processes, MB): over it between jobs, the browser is restarted; 0 = none. */
  LTX_RENDER_MAX_RSS_MB: z.coerce.number().int().min(0).max(1_000_000).default(2048),
  /** Comma-separated models a job may name; unset: any. */
  LTX_ALLOWED_MODELS: commaList,
};

/**
 * The seed's rule, for every process that runs jobs: no key, no model calls. Returns the problem with
 * OPENAI_API_KEY (the message names the way out), or undefined when the environment can run its jobs.
 * The extractive generator needs no model, hence no key.
 */
export function openAiKeyProblem(env: Pick<CoreEnv, 'LTX_GENERATOR' | 'OPENAI_API_KEY'>): string | undefined {
  return env.LTX_GENERATOR === 'llm' && !env.OPENAI_API_KEY
    ? 'is required (set it, or LTX_GENERATOR=extractive to build files without a model)'
    : undefined;
}

export interface CoreEnv {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  LTX_MODEL: string;
  LTX_GENERATOR: 'llm' | 'extractive';
  LTX_ALLOW_PRIVATE_HOSTS: boolean | string[];
  LTX_ALLOWED_PORTS?: number[] | undefined;
  LTX_ALLOWED_MODELS?: string[] | undefined;
  LTX_RENDER?: 'off' | 'auto' | 'always' | undefined;
}

export function coreSettingsFrom(
  env: CoreEnv,
  overrides: { generator?: 'llm' | 'extractive' } = {},
): CoreSettings {
  return {
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    defaultModel: env.LTX_MODEL,
    defaultGenerator: overrides.generator ?? env.LTX_GENERATOR,
    allowPrivateHosts: env.LTX_ALLOW_PRIVATE_HOSTS,
    ...(env.LTX_ALLOWED_PORTS?.length ? { allowedPorts: env.LTX_ALLOWED_PORTS } : {}),
    ...(env.LTX_ALLOWED_MODELS?.length ? { allowedModels: env.LTX_ALLOWED_MODELS } : {}),
    ...(env.LTX_RENDER ? { renderMode: env.LTX_RENDER } : {}),
  };
}

/**
 * Parses `source` with `schema`. Empty strings count as unset (`FOO=` in a compose file). On error, one line
 * per bad variable, each naming it.
 */
export function readEnv<S extends z.ZodType>(
  schema: S,
  source: NodeJS.ProcessEnv,
): { env: z.infer<S> } | { errors: string[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return { env: result.data };
  return {
    errors: result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
  };
}
