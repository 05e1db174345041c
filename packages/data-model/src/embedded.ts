import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { Database, Drizzle } from './database.js';
import { schema } from './database.js';

/**
 * Embedded PostgreSQL (PGlite, WASM) stored under `dataDir`, or in memory when dataDir is 'memory://'.
 * One process only: PGlite is a single in-process connection.
 */
export async function connectEmbedded(dataDir: string): Promise<Database & { pglite: PGlite }> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
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
