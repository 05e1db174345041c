// `pnpm test`: builds what the tests need and runs every package's tests through turbo, then prints one
// closing line, "N passed, N failed, N skipped", summed from each package's vitest JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = [];
for (const group of ['packages', 'apps']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, '.vitest', 'report.json');
    rmSync(report, { force: true });
    reports.push(report);
  }
}

const args = ['turbo', 'run', 'test', '--concurrency=1', ...process.argv.slice(2)];
const run = spawnSync('pnpm', args, { stdio: 'inherit', cwd: root });

let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const report of reports) {
  if (!existsSync(report)) continue;
  files++;
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
}
const status = run.status ?? 1;
if (files === 0) console.log('no test report found');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
