import { defineConfig } from 'tsup';

// Builds only the Node entry (`dashboardDir`). It cleans dist/ first; `vite build` then writes the app to dist/app/.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.node.json',
});
