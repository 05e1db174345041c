import type { CoreSettings } from '@ltx/core';
import { z } from 'zod';

/**
 * Building blocks for the apps' environment schemas. Each app still reads and validates its own environment
 * once, at start; these keep the same variable meaning the same thing in every app.
 */
export const envBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Comma-separated Bearer keys; empty means an open API. */
export const apiKeys = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  )
  .refine((keys) => keys.every((k) => k.length >= 8), 'every key must be at least 8 characters');

/** The variables that reach @ltx/core (model, generator, SSRF policy). */
export const coreEnvShape = {
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  LTX_MODEL: z.string().min(1).default('gpt-5-mini'),
  LTX_GENERATOR: z.enum(['llm', 'extractive']).default('llm'),
  LTX_ALLOW_PRIVATE_HOSTS: envBool.default(false),
  /** Comma-separated models a job may name; unset: any. */
  LTX_ALLOWED_MODELS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean),
    ),
};

export interface CoreEnv {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  LTX_MODEL: string;
  LTX_GENERATOR: 'llm' | 'extractive';
  LTX_ALLOW_PRIVATE_HOSTS: boolean;
  LTX_ALLOWED_MODELS?: string[] | undefined;
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
    ...(env.LTX_ALLOWED_MODELS?.length ? { allowedModels: env.LTX_ALLOWED_MODELS } : {}),
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
