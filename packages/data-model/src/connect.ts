import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { exponentialBackoff } from './backoff.js';
import type { Database, Drizzle } from './database.js';
import { schema } from './database.js';
import { databaseAddress } from './database-errors.js';

export interface ConnectOptions {
  /** Pool size (default 10). A worker sizes it to its concurrency plus a few. */
  max?: number;
  /** Seconds to wait for a connection (default 10). */
  connectTimeout?: number;
  /** application_name seen in pg_stat_activity. */
  applicationName?: string;
  /** Longest wait, in seconds, before the driver tries a lost connection again (default 1). */
  reconnectMaxSeconds?: number;
}

/**
 * The driver's reconnect delay: its own growth (3^n / 100 s, with jitter) but capped. Uncapped it reaches 20 s
 * after a few failed connects, so after an outage a client would come back up to 20 s after the database did,
 * later than its peers: a worker would miss a whole lease and have its live jobs swept by one that came back
 * sooner. The callers retry on their own cadence anyway; a reconnect is one cheap TCP connect.
 */
export function reconnectDelaySeconds(retries: number, maxSeconds: number): number {
  return (0.5 + Math.random() / 2) * exponentialBackoff(retries, { base: 0.01, factor: 3, max: maxSeconds });
}

/** Connects to PostgreSQL with the `postgres` driver. Connections open lazily; call ping() to check. */
export function connect(url: string, options: ConnectOptions = {}): Database {
  const client = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: options.connectTimeout ?? 10,
    idle_timeout: 60,
    backoff: (retries: number) => reconnectDelaySeconds(retries, options.reconnectMaxSeconds ?? 1),
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'ltx' },
  });
  const db = drizzle(client, { schema }) as unknown as Drizzle;
  return {
    kind: 'postgres',
    address: databaseAddress(url),
    db,
    async rows<T>(query: SQL) {
      return (await db.execute(query)) as unknown as T[];
    },
    async exec<T>(text: string, params: readonly unknown[]) {
      // postgres.js names and prepares each distinct text once per connection (prepare: true).
      return (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      })) as unknown as T[];
    },
    async listen(channel, onNotify, onListen) {
      // postgres.js keeps LISTEN on a dedicated connection and re-establishes it after a drop,
      // calling onlisten again each time.
      const sub = await client.listen(channel, (payload) => onNotify(payload), onListen);
      return { unlisten: () => sub.unlisten() };
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
