import { libraryBuild } from '@ltx/build-config/tsup';
import { defineConfig } from 'tsup';

// Builds only the Node entry (`dashboardDir`). It cleans dist/ first; `vite build` then writes the app to dist/app/.
export default defineConfig(libraryBuild({ tsconfig: 'tsconfig.node.json' }));
