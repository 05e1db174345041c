import { libraryBuild } from '@ltx/build-config/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(libraryBuild());
