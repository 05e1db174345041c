import { fileURLToPath } from 'node:url';
import { type Child, spawnNode } from '@ltx/test-kit';

export const WORKER_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** The built worker (apps/worker/dist/main.js) as a child process with exactly `env` (plus PATH). */
export function spawnWorker(env: Record<string, string>): Child {
  return spawnNode(WORKER_MAIN, [], env);
}
