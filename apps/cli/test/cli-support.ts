import { fileURLToPath } from 'node:url';
import { type Child, type RunResult, runNode, spawnNode } from '@ltx/test-kit';

export const CLI_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export type { RunResult };
export type Background = Child;

/** Runs `ltx ...args` (node dist/main.js) to completion with exactly `env` (plus PATH). */
export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; stdin?: string; cwd?: string } = {},
): Promise<RunResult> {
  return runNode(CLI_MAIN, args, env, options);
}

/** Starts `ltx ...args` in the background (serve). */
export function startCli(args: string[], env: Record<string, string>): Background {
  return spawnNode(CLI_MAIN, args, env);
}
