export { type SQL, sql } from 'drizzle-orm';
export { type ConnectOptions, connect } from './connect.js';
export { type Database, type Drizzle, type Listener, mapRow } from './database.js';
export { connectEmbedded } from './embedded.js';
export { migrate, migrateEmbedded, migrationsFolder } from './migrate.js';
export * from './queries/jobs.js';
export * from './queries/schedules.js';
export * from './schema/index.js';
export const JOBS_CHANNEL = 'ltx_jobs';
