import type { Options } from 'tsup';

/** A library package: src/index.ts (unless `entry` says otherwise) with its type declarations. */
export function libraryBuild(options?: Options): Options;
/** An executable app: src/main.ts (unless `entry` says otherwise), no declarations. */
export function appBuild(options?: Options): Options;
