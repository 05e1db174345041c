// `pnpm test`: builds what the tests need and runs every package's tests through turbo (--continue: a failing
// package does not stop the others), then prints one closing line, "N passed, N failed, N skipped", summed from
// each package's vitest JSON report. A package that was planned but wrote no report (its build failed, it
// crashed, it never started) counts as one failure, so a closing line never hides tests that did not run.
// With no DATABASE_URL and nothing answering on 127.0.0.1:5432 (LTX_TEST_PG_PROBE), a throwaway PostgreSQL is
// started for the run and removed afterwards (scripts/test-postgres.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { testDatabase } from './test-postgres.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const turbo = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo');

/** The test tasks turbo would run for these arguments (--affected, --filter, ...), with their folders. */
function plannedPackages() {
  const dry = spawnSync(turbo, ['run', 'test', ...args, '--dry=json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (dry.status !== 0) {
    process.stderr.write(dry.stderr || dry.stdout || 'turbo --dry=json failed\n');
    return undefined;
  }
  const plan = JSON.parse(dry.stdout);
  return plan.tasks
    .filter((t) => t.task === 'test' && t.command && t.command !== '<NONEXISTENT>')
    .map((t) => ({ name: t.package, report: join(root, t.directory, '.vitest', 'report.json') }));
}

function runTurbo(env) {
  return new Promise((resolve) => {
    const child = spawn(turbo, ['run', 'test', '--continue', '--concurrency=1', ...args], {
      cwd: root,
      stdio: 'inherit',
      env,
    });
    const forward = (signal) => {
      interrupted ??= signal;
      child.kill(signal);
    };
    let interrupted;
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('error', (error) => {
      process.stderr.write(`cannot start turbo: ${error.message}\n`);
      resolve({ status: 1, interrupted });
    });
    child.once('exit', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0), interrupted }));
  });
}

function tally(planned) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const missing = [];
  for (const pkg of planned) {
    if (!existsSync(pkg.report)) {
      missing.push(pkg.name);
      continue;
    }
    let json;
    try {
      json = JSON.parse(readFileSync(pkg.report, 'utf8'));
    } catch {
      missing.push(pkg.name);
      continue;
    }
    passed += json.numPassedTests ?? 0;
    failed += json.numFailedTests ?? 0;
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    // A test file that failed to load or crashed in a hook has no failed test of its own: count it.
    for (const file of json.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed').length;
      if (file.status === 'failed' && failedTests === 0) failed++;
    }
  }
  return { passed, failed, skipped, missing };
}

const planned = plannedPackages();
if (!planned) {
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
for (const pkg of planned) rmSync(pkg.report, { force: true });

let database;
try {
  database = await testDatabase();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  console.log(`0 passed, ${planned.length} failed, 0 skipped`);
  process.exit(1);
}

let run;
try {
  run = await runTurbo({ ...process.env, DATABASE_URL: database.url });
} finally {
  await database.stop().catch((error) => {
    process.stderr.write(`stopping the throwaway PostgreSQL failed: ${error.message}\n`);
  });
}

const { passed, failed, skipped, missing } = tally(planned);
if (missing.length > 0) {
  console.log(`did not run or wrote no report (each counted as failed): ${missing.join(', ')}`);
}
if (planned.length === 0) console.log(`no package has tests for: turbo run test ${args.join(' ')}`.trimEnd());
console.log(`${passed} passed, ${failed + missing.length} failed, ${skipped} skipped`);
if (run.interrupted) process.exit(run.interrupted === 'SIGINT' ? 130 : 143);
process.exit(run.status !== 0 || failed + missing.length > 0 ? 1 : 0);
