import { resolve } from 'node:path';

/** Where the CLI writes: results on stdout, everything else (progress, notes, errors) on stderr. */
export const out = (text: string): void => {
  process.stdout.write(text);
};
export const note = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

/** A failure the CLI reports as `ltx: <message>` and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Resolves a path the person typed. Under a package script (`pnpm ltx ...`, `pnpm start`) the process runs in
 * apps/cli, so relative paths are taken from where pnpm was invoked (INIT_CWD), as the person meant them.
 */
export function userPath(path: string): string {
  const base = process.env.npm_lifecycle_event && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return resolve(base, path);
}
