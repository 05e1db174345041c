import type { Logger } from 'pino';
import type { z } from 'zod';
import { readEnv } from './env.js';

/**
 * A start-up step that failed (database unreachable for good, schema not migrated, port taken): one fatal log
 * line with the error's own message (the typed start-up errors say what to do, e.g. "run pnpm db:migrate"),
 * no stack, then cleanup and exit 1. Unknown errors keep their stack in the `err` field.
 */
export async function exitOnStartupError(
  logger: Logger,
  error: unknown,
  cleanup: () => Promise<unknown> = async () => {},
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<void> {
  const fields = (error ?? {}) as { code?: unknown; retryable?: unknown };
  if (error instanceof Error && typeof fields.code === 'string' && fields.retryable === false) {
    logger.fatal({ code: fields.code }, error.message);
  } else {
    logger.fatal(
      { err: error },
      `start-up failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  await cleanup().catch(() => {});
  exit(1);
}

/**
 * An app's environment, read and validated once with `schema` (readEnv); on error one line per bad variable on
 * stderr, each naming it, and exit 1 before any connection is made.
 */
export function readEnvOrExit<S extends z.ZodType>(
  service: string,
  schema: S,
  source: NodeJS.ProcessEnv,
  exit: (code: number) => never = (code) => process.exit(code),
): z.infer<S> {
  const parsed = readEnv(schema, source);
  if ('env' in parsed) return parsed.env;
  for (const line of parsed.errors) process.stderr.write(`${service}: invalid configuration: ${line}\n`);
  return exit(1);
}

/** Awaits a start-up step; when it fails, exitOnStartupError (one fatal line, cleanup, exit 1). */
export async function startupStep<T>(
  logger: Logger,
  step: Promise<T>,
  cleanup?: () => Promise<unknown>,
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<T> {
  try {
    return await step;
  } catch (error) {
    await exitOnStartupError(logger, error, cleanup, exit);
    throw error;
  }
}
