import type { Logger } from 'pino';

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
