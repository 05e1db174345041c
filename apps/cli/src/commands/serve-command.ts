import type { Command } from 'commander';
import type { CliEnv } from '../env.js';

/**
 * `ltx serve`. Its implementation (serve.ts: the API, the queue worker, the cron, the dashboard, the database
 * drivers) is imported when the command runs, so that `ltx generate`, `validate` and `--version` do not load
 * it (issue 13 item 3: the CLI's start-up).
 */
export function registerServe(program: Command, env: () => CliEnv): void {
  program
    .command('serve')
    .description(
      'API + worker + cron in one process (embedded PGlite under LTX_DATA_DIR unless DATABASE_URL)',
    )
    .action(async () => {
      const { runServe } = await import('./serve.js');
      await runServe(env());
    });
}
