// A throwaway PostgreSQL for benchmarks that need server settings the shared server must not be given
// (shared_preload_libraries = pg_stat_statements needs a restart): Debian's own binaries (initdb, postgres)
// on a temporary folder and a free port, with the shared server's durability settings (fsync and
// synchronous_commit on, the defaults), so figures stay comparable. As root PostgreSQL refuses to run, so
// it runs as the `postgres` system user through runuser.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

const BIN = process.env.LTX_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust). */
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Starts the server with `settings` (`-c name=value` each) and waits until it accepts a query. */
export async function startPrivatePostgres(settings: Record<string, string> = {}): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ltx-bench-pg-'));
  const dataDir = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0)
      throw new Error('running as root needs a `postgres` system user for the private server');
    chownSync(dir, Number(id.stdout), Number(gid.stdout));
  }
  const [initCmd, initArgs] = asPostgresUser(join(BIN, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${join(BIN, 'initdb')}): ${init.stderr || init.error?.message}`);
  }
  const port = await freePort();
  const flags = Object.entries({
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    max_connections: '100',
    ...settings,
  }).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const [cmd, args] = asPostgresUser(join(BIN, 'postgres'), ['-D', dataDir, '-p', String(port), ...flags]);
  const output: string[] = [];
  const server: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (d) => output.push(String(d)));
  server.stderr?.on('data', (d) => output.push(String(d)));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      // The postmaster's own pid is the child of runuser; SIGINT to runuser is passed on (fast shutdown).
      server.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Wait for the condition (a query answers), with an overall limit for a server that never comes up.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) {
      await stop();
      throw new Error(`the private PostgreSQL exited at start:\n${output.join('').slice(-2000)}`);
    }
    const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await probe`select 1`;
      await probe.end();
      break;
    } catch (error) {
      await probe.end({ timeout: 1 }).catch(() => {});
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`the private PostgreSQL did not answer in 60 s: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop };
}
