import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/schema and committed; `pnpm db:generate` after a schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  strict: true,
  verbose: true,
});
