import { appBuild } from '@ltx/build-config/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(appBuild());
