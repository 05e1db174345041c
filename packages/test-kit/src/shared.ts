import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** The repository root (the folder holding pnpm-workspace.yaml). */
export const REPO_ROOT = repoRoot();

/** ../shared beside the repository (CI lays it there), or LTX_SHARED_DIR; undefined when absent. */
export function sharedDir(): string | undefined {
  const dir = process.env.LTX_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');
  return existsSync(dir) ? dir : undefined;
}

/** Absolute path of a shared fixture (`sharedFixture('sites', 'summit-docs')`), or undefined when absent. */
export function sharedFixture(...parts: string[]): string | undefined {
  const dir = sharedDir();
  if (!dir) return undefined;
  const path = join(dir, 'fixtures', ...parts);
  return existsSync(path) ? path : undefined;
}

export const SKIP_SHARED_REASON = 'skipped: ../shared/fixtures is absent (CI lays it beside the clone)';
