import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateLlmsTxt } from '@ltx/core';
import {
  claim,
  complete,
  connect,
  type Database,
  fail,
  getJob,
  migrate,
  sql,
  updateProgress,
} from '@ltx/data-model';
import {
  createTestDatabase,
  type FakeOpenAI,
  llmsTxtFromPrompt,
  type RunResult,
  runCommand,
  SKIP_SHARED_REASON,
  type StaticSite,
  sharedFixture,
  startFakeOpenAI,
  startStaticSite,
  type TestDatabase,
  waitFor,
} from '@ltx/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../test/cli-support.js';

// The built CLI (apps/cli/dist/main.js) as a child process, with exactly the environment each test gives it.

const page = (title: string, body: string, links: string[]) =>
  `<!doctype html><html lang="en"><head><title>${title} | Gadget Docs</title><meta name="description" content="${title} of the gadget kit."></head>` +
  `<body><nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`;
const NAV = ['/docs/', '/docs/install/', '/docs/usage/', '/docs/faq/'];
const FILES = {
  '/docs/': page('Gadgets', 'Gadgets is a kit for building gadgets.', NAV),
  '/docs/install/': page('Install', 'Install gadgets with npm install gadgets.', NAV),
  '/docs/usage/': page('Usage', 'Use gadgets in three steps.', NAV),
  '/docs/faq/': page('FAQ', 'Questions people ask about gadgets.', NAV),
};

let site: StaticSite;
let model: FakeOpenAI;
let dir: string;
let start: string;
const open = { LTX_ALLOW_PRIVATE_HOSTS: 'true' };

/** `pnpm ltx …` from the repository root, as a person types it (the launcher builds, then runs the CLI). */
function pnpmLtx(args: string[], env: Record<string, string>): Promise<RunResult> {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  return runCommand('pnpm', ['ltx', ...args], { HOME: process.env.HOME ?? '', ...env }, { cwd: root });
}

/** pnpm adds nothing of its own: no `$ command` echo, no ELIFECYCLE / ERR_PNPM lines. */
function expectNoPnpmNoise(stderr: string): void {
  expect(stderr).not.toMatch(/^\$ /m);
  expect(stderr).not.toMatch(/ELIFECYCLE|ERR_PNPM/);
}

beforeAll(async () => {
  site = await startStaticSite({ files: FILES });
  start = `${site.origin}/docs/`;
  model = await startFakeOpenAI();
  model.setFallback(llmsTxtFromPrompt({ origin: site.origin, title: 'Gadgets' }));
  dir = await mkdtemp(join(tmpdir(), 'ltx-cli-'));
});

afterAll(async () => {
  await model?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ltx generate', () => {
  it('--offline prints a valid llms.txt on stdout and nothing else there', async () => {
    const result = await runCli(['generate', start, '--offline'], open);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith('# ')).toBe(true);
    const verdict = validateLlmsTxt(result.stdout);
    expect(verdict.errors).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(result.stdout).not.toMatch(/^ltx:/m);
    for (const path of Object.keys(FILES)) expect(result.stdout).toContain(`${site.origin}${path}`);
    // progress and the summary went to stderr (plain lines: stderr is a pipe here, not a terminal)
    expect(result.stderr).toContain('ltx: crawling');
    expect(result.stderr).toMatch(/extractive llms\.txt from 4 pages/);
    expect(result.stderr).not.toContain('\r');
  });

  it('`pnpm ltx generate` from the repository root prints the same llms.txt, and only it, on stdout', async () => {
    const result = await pnpmLtx(['generate', start, '--offline'], open);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith('# ')).toBe(true);
    expect(validateLlmsTxt(result.stdout).valid).toBe(true);
    const direct = await runCli(['generate', start, '--offline', '--quiet'], open);
    expect(result.stdout).toBe(direct.stdout);
    expectNoPnpmNoise(result.stderr);
  });

  it('asks the model through the real openai SDK when a key is set', async () => {
    const before = model.requests.length;
    const result = await runCli(['generate', start, '--quiet', '--model', 'gpt-5-nano'], {
      ...open,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: model.baseURL,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(validateLlmsTxt(result.stdout).valid).toBe(true);
    expect(result.stdout).toContain('# Gadgets');
    expect(model.requests.length).toBeGreaterThan(before);
    expect(model.requests[model.requests.length - 1]?.model).toBe('gpt-5-nano');
  });

  it('writes --out and --full files and leaves stdout empty', async () => {
    const out = join(dir, 'site', 'llms.txt');
    await mkdir(join(dir, 'site'), { recursive: true });
    const result = await runCli(['generate', start, '--offline', '--out', out, '--full'], open);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(validateLlmsTxt(await readFile(out, 'utf8')).valid).toBe(true);
    const full = await readFile(join(dir, 'site', 'llms-full.txt'), 'utf8');
    expect(full).toContain('Install gadgets with npm install gadgets.');
    expect(result.stderr).toContain('llms-full.txt');
  });

  it('fails with a clear message and nothing on stdout', async () => {
    const noKey = await runCli(['generate', start], open);
    expect(noKey.code).toBe(1);
    expect(noKey.stdout).toBe('');
    expect(noKey.stderr).toMatch(/OPENAI_API_KEY|--offline/);

    const js = await runCli(['generate', 'javascript:alert(1)', '--offline'], open);
    expect(js.code).toBe(1);
    expect(js.stderr).toContain('invalid_url');

    const guarded = await runCli(['generate', start, '--offline'], {});
    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toContain('blocked_host');

    const badFlag = await runCli(['generate', start, '--offline', '--max-pages', '0'], open);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--max-pages');

    const badEnv = await runCli(['generate', start, '--offline'], { ...open, LTX_GENERATOR: 'magic' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('LTX_GENERATOR');

    const unknownCommand = await runCli(['frobnicate'], {});
    expect(unknownCommand.code).toBe(2);
  });
});

describe('ltx validate', () => {
  const valid =
    '# Site\n\n> A site.\n\nAbout it.\n\n## Docs\n\n- [Start](https://site.example/start): how to begin\n';
  const invalid = '# Site\n\n> A site.\n\n## Docs\n\n* [Start](https://site.example/start)\n### Deep\n';

  it('exits 0 for a valid file and 1 with file:line errors for an invalid one', async () => {
    const good = join(dir, 'good.txt');
    const bad = join(dir, 'bad.txt');
    await writeFile(good, valid);
    await writeFile(bad, invalid);
    const ok = await runCli(['validate', good], {});
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('is valid');
    const no = await runCli(['validate', bad], {});
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7: error \\[link-bullet\\]`, 'm'),
    );
    expect(no.stderr).toContain('INVALID');
    const json = await runCli(['validate', bad, '--json'], {});
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      errors: expect.arrayContaining([expect.objectContaining({ line: 7 })]),
    });
    expect((await runCli(['validate', join(dir, 'missing.txt')], {})).stderr).toContain('no such file');
  });

  it('reads stdin and URLs (through the SSRF guard)', async () => {
    expect((await runCli(['validate', '-'], {}, { stdin: valid })).code).toBe(0);
    expect((await runCli(['validate', '-', '--quiet'], {}, { stdin: invalid })).code).toBe(1);
    const served = await startStaticSite({ files: { '/llms.txt': valid } });
    try {
      expect((await runCli(['validate', `${served.origin}/llms.txt`], open)).code).toBe(0);
      const blocked = await runCli(['validate', `${served.origin}/llms.txt`], {});
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain('blocked_host');
      // It names the switch, and says fetch: validate crawls nothing.
      expect(blocked.stderr).toContain('LTX_ALLOW_PRIVATE_HOSTS=true');
      expect(blocked.stderr).not.toContain('crawl');
    } finally {
      await served.close();
    }
  });

  const fixtures = sharedFixture('llms-txt');
  it.skipIf(!fixtures)(
    `accepts the published llms.txt examples (${fixtures ? 'shared fixtures' : SKIP_SHARED_REASON})`,
    async () => {
      for (const name of ['llmstxt-org.llms.txt', 'fasthtml.llms.txt', 'spec-sample.llms.txt']) {
        const result = await runCli(['validate', join(fixtures!, name)], {});
        expect(result.code, `${name}\n${result.stdout}`).toBe(0);
      }
    },
  );
});

describe('ltx enqueue and status', () => {
  let testDb: TestDatabase;
  let database: Database;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrate(testDb.url);
    database = connect(testDb.url, { max: 2 });
    env = { DATABASE_URL: testDb.url, ...open };
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await database.rows(sql`truncate jobs`);
  });

  it('enqueues a job once per site and prints its id', async () => {
    const first = await runCli(['enqueue', `${start}#top`, '--kind', 'update', '--max-pages', '7'], env);
    expect(first.code, first.stderr).toBe(0);
    const id = first.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await getJob(database, id)).toMatchObject({
      url: start,
      siteKey: start,
      kind: 'update',
      options: { maxPages: 7 },
      status: 'queued',
    });
    const again = await runCli(['enqueue', start], env);
    expect(again.stdout.trim()).toBe(id);
    expect(again.stderr).toContain('no duplicate');
    const blocked = await runCli(['enqueue', start], { DATABASE_URL: testDb.url });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('blocked_host');
    const noDb = await runCli(['enqueue', start], open);
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toContain('DATABASE_URL');
  });

  it('shows a job, waits for it, prints its llms.txt, and exits 1 for a failed one', async () => {
    const id = (await runCli(['enqueue', start], env)).stdout.trim();
    const queued = await runCli(['status', id], env);
    expect(queued.code).toBe(0);
    expect(queued.stdout).toContain(`${id} queued`);

    const waiting = startCli(['status', id, '--wait', '--print', '--timeout', '60'], env);
    await claim(database, 'test-worker', 1);
    // The worker's progress shows while it waits (stderr is a pipe here: one plain line per phase).
    await updateProgress(database, id, 'test-worker', { phase: 'crawling', pagesFound: 4, pagesFetched: 2 });
    await waitFor(() => waiting.stderr().includes('ltx: crawling, 2/4 pages'), {
      timeoutMs: 20_000,
      what: 'the progress line',
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${waiting.output()}`);
    });
    await complete(database, id, 'test-worker', { llmsTxt: '# Gadgets\n' });
    const done = await waiting.exited;
    expect(done.code, waiting.stderr()).toBe(0);
    expect(waiting.logs()).toEqual([{ raw: '# Gadgets' }]);

    const json = await runCli(['status', id, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ id, status: 'success', hasLlmsTxt: true });

    const other = (await runCli(['enqueue', `${site.origin}/other/`], env)).stdout.trim();
    await claim(database, 'test-worker', 1);
    await fail(database, other, 'test-worker', { error: 'the site answered 500', errorCode: 'http_error' });
    const failed = await runCli(['status', other, '--wait'], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('error (http_error): the site answered 500');

    expect((await runCli(['status', '00000000-0000-0000-0000-000000000000'], env)).code).toBe(1);
    const timeout = await runCli(
      [
        'status',
        (await runCli(['enqueue', `${site.origin}/slow/`], env)).stdout.trim(),
        '--wait',
        '--timeout',
        '1',
      ],
      env,
    );
    expect(timeout.code).toBe(3);

    // The same through `pnpm ltx`: pnpm passes the exit code and the CLI's output through untouched.
    const viaPnpm = await pnpmLtx(
      [
        'status',
        (await runCli(['enqueue', `${site.origin}/slower/`], env)).stdout.trim(),
        '--wait',
        '--timeout',
        '1',
      ],
      env,
    );
    expect(viaPnpm.code, viaPnpm.stderr).toBe(3);
    expect(viaPnpm.stderr).toContain('is still queued after 1 s');
    expectNoPnpmNoise(viaPnpm.stderr);
  });
});
