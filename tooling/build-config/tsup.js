/**
 * One ESM build for Node 20 with source maps, dist/ cleaned first.
 * @param {import('tsup').Options} [options]
 * @returns {import('tsup').Options}
 */
function nodeBuild(options = {}) {
  return { format: ['esm'], target: 'node20', sourcemap: true, clean: true, ...options };
}

/**
 * A library package: src/index.ts (unless `entry` says otherwise) with its type declarations.
 * @param {import('tsup').Options} [options]
 * @returns {import('tsup').Options}
 */
export function libraryBuild(options = {}) {
  return nodeBuild({ entry: ['src/index.ts'], dts: true, ...options });
}

/**
 * An executable app: src/main.ts (unless `entry` says otherwise), no declarations.
 * @param {import('tsup').Options} [options]
 * @returns {import('tsup').Options}
 */
export function appBuild(options = {}) {
  return nodeBuild({ entry: ['src/main.ts'], ...options });
}
