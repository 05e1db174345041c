import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { CliError } from './output.js';

/** The pid file that guards a data dir against a second `ltx serve`. */
export const PIDFILE = 'serve.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid a pid file names, or undefined (missing, empty, garbage). */
function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const inUse = (dir: string, pid: number) =>
  new CliError(`another ltx serve (pid ${pid}) is using ${dir}; stop it or set LTX_DATA_DIR elsewhere`);

/**
 * Creates `path` holding our pid, atomically: the pid is written to a file of our own first, then hard-linked
 * to `path`, which fails with EEXIST when it exists. So two starts can never both succeed, and nobody ever
 * sees the file empty (with open(..., 'wx') a second start could read it between the create and the write
 * and take it for a stale one). False when the file exists.
 */
function createPidFile(path: string): boolean {
  const own = `${path}.${process.pid}.tmp`;
  const fd = openSync(own, 'w');
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(own, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(own, { force: true });
  }
}

/**
 * PGlite is one process's database: claims `dir` for this process, or throws a CliError naming the live
 * `ltx serve` that holds it. A pid file left by a dead process (or unreadable) is stale: it is moved aside
 * with an atomic rename (of two starts clearing the same stale file, one wins the rename) and the claim is
 * tried once more. Returns the release, which removes the pid file if it is still ours.
 */
export function claimDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const pidfile = join(dir, PIDFILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createPidFile(pidfile)) {
      return () => {
        if (readPid(pidfile) === process.pid) rmSync(pidfile, { force: true });
      };
    }
    const holder = readPid(pidfile);
    if (holder !== undefined && holder !== process.pid && alive(holder)) throw inUse(dir, holder);
    const aside = `${pidfile}.stale-${process.pid}`;
    try {
      renameSync(pidfile, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // another start cleared it
      throw error;
    }
    const moved = readPid(aside);
    if (moved !== undefined && moved !== holder && moved !== process.pid && alive(moved)) {
      // Between our read and the rename, another start replaced the stale file with its live claim: give it
      // back (unless yet another claim is there now) and stand down.
      try {
        linkSync(aside, pidfile);
      } catch {
        // a newer claim holds the file; ours to drop either way
      }
      rmSync(aside, { force: true });
      throw inUse(dir, moved);
    }
    rmSync(aside, { force: true });
  }
  const holder = readPid(pidfile);
  throw holder !== undefined
    ? inUse(dir, holder)
    : new CliError(`cannot claim ${dir}: ${pidfile} keeps coming back; is another ltx serve starting?`);
}
