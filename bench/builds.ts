// The builds a benchmark measures: this checkout, and optionally a baseline (another checkout of ltx, built with
// `pnpm install && pnpm build`) named by BENCH_BASELINE, e.g. the commit before a change:
//   git -C /work/main archive <commit> | tar -x -C /tmp/ltx-base && (cd /tmp/ltx-base && pnpm install && pnpm build)
//   BENCH_BASELINE=/tmp/ltx-base pnpm --filter @ltx/bench exec tsx memory.ts
// so that before and after are measured in the same run, on the same machine state.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Build {
  /** 'this' (the checkout the bench runs from) or 'baseline'. */
  name: 'this' | 'baseline';
  root: string;
  /** A built file of the checkout: apps/cli/dist/main.js, packages/core/dist/crawl.js, ... */
  file(path: string): string;
}

function build(name: Build['name'], root: string): Build {
  return {
    name,
    root,
    file(path) {
      const file = join(root, path);
      if (!existsSync(file)) throw new Error(`${file} is missing: build ${root} first (pnpm build)`);
      return file;
    },
  };
}

/** This checkout, then the baseline when BENCH_BASELINE names one. */
export function builds(): Build[] {
  const self = build('this', fileURLToPath(new URL('..', import.meta.url)));
  const baseline = process.env.BENCH_BASELINE;
  return baseline ? [build('baseline', baseline), self] : [self];
}

/**
 * How to run a built executable of a build as its users do: node with the flags its shebang line names
 * (`#!/usr/bin/env -S node --max-semi-space-size=1` in the CLI), then the file.
 */
export function nodeCommand(file: string): string[] {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
  const flags = /^#!\S*env\s+-S\s+node\s+(.*)$/.exec(first)?.[1]?.trim().split(/\s+/) ?? [];
  return [process.execPath, ...flags, file];
}
