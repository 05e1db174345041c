import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the built dashboard (index.html and assets/), for the API's `staticDir` option.
 * This module is built to dist/index.js and the app to dist/app/, so the folder sits beside it.
 */
export const dashboardDir: string = join(dirname(fileURLToPath(import.meta.url)), 'app');

/** True when the app has been built (`pnpm --filter @ltx/dashboard build`), i.e. there is something to serve. */
export function dashboardBuilt(dir: string = dashboardDir): boolean {
  return existsSync(join(dir, 'index.html'));
}
