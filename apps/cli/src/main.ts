#!/usr/bin/env -S node --max-semi-space-size=1
// The node flag above (kept by tsup in dist/main.js; scripts/ltx and the benchmarks read it from there): a young
// generation of 1 MB semi-spaces instead of V8's default 16 MB. A one-shot crawl allocates fast and keeps
// little, so the larger semi-spaces only stayed resident: 200-page ltx generate peak ~190 -> ~130 MiB, measured
// in docs/benchmarks.md (memory). It is read only when the file is run as an executable or through scripts/ltx.
import { LtxError } from '@ltx/core';
import { Command, CommanderError } from 'commander';
import { registerGenerate } from './commands/generate.js';
import { registerJobCommands } from './commands/jobs.js';
import { registerServe } from './commands/serve-command.js';
import { registerValidate } from './commands/validate.js';
import { type CliEnv, readCliEnv } from './env.js';
import { CliError, note } from './output.js';

/** The environment, read and validated once, on first use (so `ltx --help` works whatever it holds). */
let cached: CliEnv | undefined;
function env(): CliEnv {
  if (cached) return cached;
  const parsed = readCliEnv(process.env);
  if ('errors' in parsed) throw new CliError(`invalid configuration:\n  ${parsed.errors.join('\n  ')}`);
  cached = parsed.env;
  return cached;
}

const program = new Command('ltx')
  .description('Turn any website into a spec-valid llms.txt (llmstxt.org)')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerGenerate(program, env);
registerValidate(program, env);
registerServe(program, env);
registerJobCommands(program, env);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (error instanceof CliError) {
    note(`ltx: ${error.message}`);
    process.exit(error.exitCode);
  }
  if (error instanceof LtxError) {
    note(`ltx: error (${error.code}): ${error.message}`);
    if (error.code === 'config_error' && /api key|OPENAI_API_KEY/i.test(error.message)) {
      note('ltx: set OPENAI_API_KEY, or pass --offline to build the file from the crawl alone');
    }
    process.exit(1);
  }
  note(`ltx: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
// A command that finished: exit with the code it set once stdout is flushed, without waiting for idle
// keep-alive sockets of the HTTP clients.
process.stdout.write('', () => process.exit(process.exitCode ?? 0));
