import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { claimDataDir, PIDFILE } from './data-dir.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-datadir-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A live process that is not us, with its pid. */
function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('claimDataDir', () => {
  it('claims a free dir with our pid and releases it', async () => {
    const dir = await tempDir();
    const release = claimDataDir(join(dir, 'data'));
    const pidfile = join(dir, 'data', PIDFILE);
    expect(readFileSync(pidfile, 'utf8')).toBe(`${process.pid}\n`);
    expect(readdirSync(join(dir, 'data'))).toEqual([PIDFILE]); // no temporary file left behind
    release();
    expect(existsSync(pidfile)).toBe(false);
  });

  it('refuses a dir a live process holds, naming it', async () => {
    const dir = await tempDir();
    const holder = sleeper();
    writeFileSync(join(dir, PIDFILE), `${holder.pid}\n`);
    expect(() => claimDataDir(dir)).toThrow(`another ltx serve (pid ${holder.pid}) is using ${dir}`);
    expect(readFileSync(join(dir, PIDFILE), 'utf8')).toBe(`${holder.pid}\n`);
  });

  it('takes over a pid file left by a dead process, or one that names no pid', async () => {
    for (const content of [`${await deadPid()}\n`, '', 'garbage']) {
      const dir = await tempDir();
      writeFileSync(join(dir, PIDFILE), content);
      const release = claimDataDir(dir);
      expect(readFileSync(join(dir, PIDFILE), 'utf8')).toBe(`${process.pid}\n`);
      expect(readdirSync(dir)).toEqual([PIDFILE]);
      release();
    }
  });

  it('never releases a claim that is not its own', async () => {
    const dir = await tempDir();
    const release = claimDataDir(dir);
    const other = sleeper();
    writeFileSync(join(dir, PIDFILE), `${other.pid}\n`); // someone took over (e.g. after deleting ours)
    release();
    expect(readFileSync(join(dir, PIDFILE), 'utf8')).toBe(`${other.pid}\n`);
  });
});

const built = fileURLToPath(new URL('../dist/data-dir.js', import.meta.url));

/**
 * Each child waits for the same instant, claims the dir, reports `won` or `lost`, and a winner holds its claim
 * until its stdin closes.
 */
const RACER = `
const [, module, dir, at] = process.argv;
const { claimDataDir } = await import(module);
while (Date.now() < Number(at)) {}
let result;
try { claimDataDir(dir); result = 'won'; } catch (error) { result = /another ltx serve/.test(error.message) ? 'lost' : 'error ' + error.message; }
process.stdout.write(result + '\\n');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
`;

function race(dir: string, at: number): Promise<string> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RACER, '--', built, dir, String(at)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', () => resolve(out.trim() || 'exited'));
  });
}

describe.skipIf(!existsSync(built))('claimDataDir across processes (needs the CLI built)', () => {
  it('lets exactly one of several simultaneous starts claim a free dir, and one a stale dir', async () => {
    for (const stale of [false, true, false, true, false, true]) {
      const dir = await tempDir();
      if (stale) writeFileSync(join(dir, PIDFILE), `${await deadPid()}\n`);
      // A child that starts late just claims at once: the barrier only makes the race likelier.
      const at = Date.now() + 1000;
      const results = await Promise.all(Array.from({ length: 6 }, () => race(dir, at)));
      expect(results.sort(), `stale: ${stale}`).toEqual(['lost', 'lost', 'lost', 'lost', 'lost', 'won']);
      for (const child of children.splice(0)) child.stdin?.end();
    }
  });
});
