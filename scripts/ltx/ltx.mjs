#!/usr/bin/env node
// `pnpm ltx …` from the repository root (linked as the root's `ltx` bin, so pnpm runs it without a script
// banner or an ELIFECYCLE line). Builds the CLI and what it depends on when needed (turbo: a cache hit when
// nothing changed), quietly — the build's output is shown only when it fails — then runs apps/cli/dist/main.js
// with the same arguments, stdin, stdout and stderr, forwards signals, and exits with the CLI's exit code.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'apps', 'cli', 'dist', 'main.js');
const turbo = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo');

function build() {
  if (!existsSync(turbo)) {
    if (existsSync(main)) return; // an installed copy without dev tools: run what is there
    process.stderr.write(`ltx: ${main} is missing and turbo is not installed: run pnpm install\n`);
    process.exit(1);
  }
  const result = spawnSync(
    turbo,
    ['run', 'build', '--filter=@ltx/cli...', '--output-logs=errors-only', '--log-order=grouped'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status === 0) return;
  process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  process.stderr.write(
    `ltx: building the CLI failed (${result.error?.message ?? `turbo exited ${result.status ?? result.signal}`}); see above\n`,
  );
  process.exit(1);
}

if (process.env.LTX_SKIP_BUILD !== '1') build();

/** The node flags the CLI names in its shebang line (`#!/usr/bin/env -S node --flag ...`). */
function shebangFlags(file) {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\S*env\s+-S\s+node\s+(.*)$/.exec(first);
  return match ? match[1].trim().split(/\s+/) : [];
}

const child = spawn(process.execPath, [...shebangFlags(main), main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const forward = (signal) => child.kill(signal);
for (const signal of forwarded) process.on(signal, forward);
child.once('error', (error) => {
  process.stderr.write(`ltx: cannot start the CLI: ${error.message}\n`);
  process.exit(1);
});
child.once('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, so the shell sees what the CLI saw.
    for (const s of forwarded) process.off(s, forward);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
