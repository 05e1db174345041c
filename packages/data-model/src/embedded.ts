import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { Database, Drizzle } from './database.js';
import { schema } from './database.js';

/**
 * Embedded PostgreSQL (PGlite, WASM) stored under `dataDir`, or in memory when dataDir is 'memory://'.
 * One process only: PGlite is a single in-process connection. PGlite and drizzle's PGlite driver are imported
 * here, on first use: a worker or API on PostgreSQL never loads them (issue 13 item 3, idle memory).
 */
export async function connectEmbedded(dataDir: string): Promise<Database & { pglite: PGlite }> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const [{ PGlite: Embedded }, { drizzle }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
  ]);
  const pglite = await Embedded.create(dataDir);
  const db = drizzle(pglite, { schema }) as unknown as Drizzle;
  return {
    kind: 'pglite',
    address: `embedded PGlite at ${dataDir}`,
    db,
    pglite,
    async rows<T>(query: SQL) {
      const result = (await db.execute(query)) as unknown as { rows: T[] };
      return result.rows;
    },
    async exec<T>(text: string, params: readonly unknown[]) {
      return (await pglite.query<T>(text, [...params])).rows;
    },
    async listen(channel, onNotify, onListen) {
      const unlisten = await pglite.listen(channel, (payload) => onNotify(payload));
      onListen?.();
      return { unlisten };
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await pglite.close();
    },
  };
}
