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
