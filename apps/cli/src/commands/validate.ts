import { readFile } from 'node:fs/promises';
import { type Issue, validateLlmsTxt } from '@ltx/core';
import { fetchText } from '@ltx/core/crawl';
import type { Command } from 'commander';
import { type CliEnv, coreSettings } from '../env.js';
import { CliError, note, out, userPath } from '../output.js';

export interface ValidateFlags {
  strict?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** Reads a file, stdin ('-') or an http(s) URL (through core's SSRF-guarded fetch). */
async function load(source: string, env: CliEnv): Promise<string> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  if (/^https?:\/\//i.test(source)) {
    const response = await fetchText(source, {
      settings: coreSettings(env),
      accept: 'text/markdown,text/plain;q=0.9,*/*;q=0.5',
      maxBytes: 10_000_000,
    });
    return response.text;
  }
  try {
    return await readFile(userPath(source), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read ${source}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`,
    );
  }
}

const where = (source: string, issue: Issue) =>
  issue.line === undefined ? source : `${source}:${issue.line}`;

export function registerValidate(program: Command, env: () => CliEnv): void {
  program
    .command('validate')
    .description('check an llms.txt against the spec; exit 1 when it is invalid')
    .argument('<file|url>', "a file, an http(s) URL, or '-' for stdin")
    .option('--strict', 'treat warnings as errors')
    .option('--json', 'print the verdict as JSON on stdout')
    .option('-q, --quiet', 'print nothing; only the exit code tells')
    .action(async (source: string, flags: ValidateFlags) => {
      const text = await load(source, env());
      const verdict = validateLlmsTxt(text, { strict: Boolean(flags.strict) });
      if (flags.json) {
        out(
          `${JSON.stringify({ valid: verdict.valid, errors: verdict.errors, warnings: verdict.warnings }, null, 2)}\n`,
        );
      } else if (!flags.quiet) {
        for (const issue of verdict.errors)
          out(`${where(source, issue)}: error [${issue.rule}] ${issue.message}\n`);
        for (const issue of verdict.warnings)
          out(`${where(source, issue)}: warning [${issue.rule}] ${issue.message}\n`);
        note(
          `ltx: ${source} is ${verdict.valid ? 'valid' : 'INVALID'} (${verdict.errors.length} error${verdict.errors.length === 1 ? '' : 's'}, ${verdict.warnings.length} warning${verdict.warnings.length === 1 ? '' : 's'})`,
        );
      }
      if (!verdict.valid) process.exitCode = 1;
    });
}
