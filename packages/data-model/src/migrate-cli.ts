import { migrate, migrationsFolder } from './migrate.js';

// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL and exits non-zero on failure.
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:5432/postgres)\n');
  process.exit(2);
}
try {
  await migrate(url);
  process.stdout.write(
    `${JSON.stringify({ level: 'info', msg: 'migrations applied', folder: migrationsFolder })}\n`,
  );
} catch (error) {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
