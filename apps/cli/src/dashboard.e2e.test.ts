/**
 * The dashboard end to end, in Debian's headless Chromium driven by playwright-core, against the embedded
 * `ltx serve` (what `pnpm start` runs: API + worker + cron on PGlite, no DATABASE_URL) as a child process.
 * The model is the test-kit stand-in over HTTP (the real openai SDK), answering with an llms.txt built from
 * the crawled URLs after a delay; the site is a synthetic docs site on loopback whose pages answer slowly,
 * so the progress can be seen moving. Screenshots go to apps/cli/test-results/dashboard/ (gitignored).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateLlmsTxt } from '@ltx/core';
import {
  type FakeOpenAI,
  freePort,
  llmsTxtFromPrompt,
  type StaticSite,
  startFakeOpenAI,
  startStaticSite,
} from '@ltx/test-kit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  docsSiteFiles,
  HAS_CHROMIUM,
  type ServeProcess,
  startServe,
} from '../test/dashboard-support.js';

const SHOTS = fileURLToPath(new URL('../test-results/dashboard/', import.meta.url));
const TITLE = 'Summit Test Docs';
/** Latency of each page of the fixture site and of each model answer: long enough to see the job move. */
const PAGE_DELAY_MS = 300;
const MODEL_DELAY_MS = 2500;
/** Generous bound for one job on a loaded 2-core CI machine (never a timing assertion; a hang guard). */
const JOB_TIMEOUT_MS = 90_000;

if (!HAS_CHROMIUM) {
  console.warn(
    `dashboard e2e skipped: ${CHROMIUM} is absent. Install Debian's chromium with scripts/install-chromium.sh ` +
      '(CI does), or point LTX_CHROMIUM at a Chromium binary.',
  );
}

interface Observed {
  status: string;
  bar: number;
  phase: string;
  text: string;
}

/** What the job page shows right now: the status badge, the bar's value and phase, the progress sentence. */
async function observe(page: Page): Promise<Observed | null> {
  const badge = page.locator('.job-badge .badge');
  const bar = page.locator('.progress-card progress');
  if ((await badge.count()) === 0 || (await bar.count()) === 0) return null;
  return {
    status: ((await badge.getAttribute('class')) ?? '').replace(/^.*badge-/, ''),
    bar: Number(await bar.getAttribute('value')),
    phase: (await bar.getAttribute('data-phase')) ?? '',
    text: (await page.locator('.progress-text').textContent()) ?? '',
  };
}

/** Watch the job page until the job ends; returns every distinct state seen, in order. */
async function watchJob(page: Page, onFirstActive: () => Promise<void>): Promise<Observed[]> {
  const seen: Observed[] = [];
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  let shot = false;
  for (;;) {
    const now = await observe(page);
    if (now) {
      const last = seen[seen.length - 1];
      if (!last || last.status !== now.status || last.bar !== now.bar || last.text !== now.text)
        seen.push(now);
      if (!shot && ['queued', 'started', 'running'].includes(now.status)) {
        shot = true;
        await onFirstActive();
      }
      if (['success', 'failure', 'cancelled'].includes(now.status)) return seen;
    }
    if (Date.now() > deadline) {
      throw new Error(`the job page did not reach a final state; seen: ${JSON.stringify(seen)}`);
    }
    await page.waitForTimeout(100);
  }
}

async function apiError(base: string, url: string): Promise<{ status: number; message: string }> {
  const response = await fetch(`${base}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  const body = (await response.json()) as { error?: { message?: string } };
  return { status: response.status, message: body.error?.message ?? '' };
}

describe.skipIf(!HAS_CHROMIUM)('dashboard in Chromium against the embedded ltx serve', () => {
  let site: StaticSite;
  let model: FakeOpenAI;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'ltx-dashboard-e2e-'));
    site = await startStaticSite({ files: docsSiteFiles(PAGE_DELAY_MS) });
    model = await startFakeOpenAI({
      fallback: llmsTxtFromPrompt({ origin: site.origin, title: TITLE, delayMs: MODEL_DELAY_MS }),
    });
    serve = await startServe({
      PORT: String(await freePort()),
      LTX_DATA_DIR: dataDir,
      LTX_ALLOW_PRIVATE_HOSTS: 'true',
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: model.baseURL,
      LOG_LEVEL: 'warn',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      // Screenshots without half-finished transitions.
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${serve.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        foreignRequests.push(url);
      }
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await model?.close();
    await site?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('serves the dashboard at / and shows the API’s message for a URL it refuses', async () => {
    await page.goto(`${serve.url}/`);
    await expect.poll(() => page.title()).toContain('Generate an llms.txt');
    await page.getByRole('heading', { name: 'Recent jobs' }).waitFor();
    await page.screenshot({ path: join(SHOTS, '01-submit.png'), fullPage: true });

    for (const bad of ['javascript:alert(1)', 'ftp://x']) {
      const expected = await apiError(serve.url, bad);
      expect(expected.status, `the API refuses ${bad}`).toBeGreaterThanOrEqual(400);
      expect(expected.status).toBeLessThan(500);
      expect(expected.message).not.toBe('');

      await page.getByLabel('Site URL').fill(bad);
      await page.getByRole('button', { name: 'Generate llms.txt' }).click();
      const alert = page.locator('.form-error');
      await expect.poll(() => alert.textContent()).toContain(expected.message);
      expect(await page.getByLabel('Site URL').getAttribute('aria-invalid')).toBe('true');
      expect(page.url(), 'no job page for a refused URL').not.toContain('#/jobs/');
    }
    await page.screenshot({ path: join(SHOTS, '02-invalid-url.png'), fullPage: true });

    // Fixing the URL clears the verdict about the old one: no stale "Not accepted", no red border.
    await page.getByLabel('Site URL').fill('docs.example.com/');
    expect(await page.locator('.form-error').isHidden()).toBe(true);
    expect(await page.getByLabel('Site URL').getAttribute('aria-invalid')).toBeNull();

    // The server says what "Server default" means, and the intro says what it does with a site.
    await expect
      .poll(() => page.getByLabel('Generator').locator('option').first().textContent())
      .toBe('Server default (LLM, gpt-5-mini)');
    expect(await page.locator('.lead').textContent()).toContain('asks the model');
  });

  it('assumes https:// for a URL typed without a scheme', async () => {
    await page.goto(`${serve.url}/#/`);
    await page.getByLabel('Site URL').fill('example.com');
    await page.getByRole('button', { name: 'Generate llms.txt' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]+$/);
    const id = page.url().replace(/^.*#\/jobs\//, '');
    const job = (await (await fetch(`${serve.url}/v1/jobs/${id}`)).json()) as { url: string };
    expect(job.url).toBe('https://example.com/');
    // It cannot be reached from here (no internet); it ends, and does not disturb the tests after it.
    await expect
      .poll(
        async () => ((await (await fetch(`${serve.url}/v1/jobs/${id}`)).json()) as { status: string }).status,
        {
          timeout: JOB_TIMEOUT_MS,
        },
      )
      .toMatch(/^(success|failure)$/);
  }, 180_000);

  it('submits a site, shows the progress moving, renders the llms.txt and downloads a valid file', async () => {
    const siteUrl = `${site.origin}/docs/`;
    await page.goto(`${serve.url}/#/`);
    await page.getByLabel('Site URL').fill(siteUrl);
    await page.getByRole('button', { name: 'Generate llms.txt' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]+$/);
    const jobId = decodeURIComponent(page.url().replace(/^.*#\/jobs\//, ''));

    const seen = await watchJob(page, async () => {
      await page.screenshot({ path: join(SHOTS, '03-progress.png'), fullPage: true });
    });
    const final = seen[seen.length - 1]!;
    expect(final.status, `states seen: ${JSON.stringify(seen)}\n${serve.output()}`).toBe('success');
    // The bar moved: at least one state before the end, below 100%, and it never went backwards.
    const active = seen.filter((s) => ['queued', 'started', 'running'].includes(s.status));
    expect(active.length, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(Math.min(...active.map((s) => s.bar))).toBeLessThan(100);
    expect(final.bar).toBe(100);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.bar).toBeGreaterThanOrEqual(seen[i - 1]!.bar);
    // The model was really asked (through the openai SDK, over HTTP).
    expect(model.requests.length).toBeGreaterThan(0);

    // Rendered: the file's H1 and links to the crawled pages.
    const rendered = page.locator('.markdown');
    await rendered.waitFor();
    await expect.poll(() => rendered.locator('.md-h1').textContent()).toBe(TITLE);
    const hrefs = await rendered
      .locator('a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href.startsWith(`${site.origin}/`), href).toBe(true);
    await page.screenshot({ path: join(SHOTS, '04-done-rendered.png'), fullPage: true });

    // Raw: exactly what the API serves.
    const served = await (await fetch(`${serve.url}/v1/jobs/${jobId}/llms.txt`)).text();
    await page.getByRole('tab', { name: 'Raw' }).click();
    await page.locator('pre.raw').waitFor();
    expect(await page.locator('pre.raw').textContent()).toBe(served);
    await page.screenshot({ path: join(SHOTS, '05-done-raw.png'), fullPage: true });

    // Download: the browser saves llms.txt, byte for byte the API's, and it is a valid llms.txt.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download llms.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('llms.txt');
    const file = readFileSync(await download.path(), 'utf8');
    expect(file).toBe(served);
    const verdict = validateLlmsTxt(file);
    expect(verdict.errors, file).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(file.startsWith(`# ${TITLE}\n`)).toBe(true);
    expect(file).toMatch(/^> .+$/m);
    expect(file).toMatch(/^## .+$/m);
  }, 180_000);

  it('runs an extractive job with llms-full.txt from the keyboard alone and downloads both files', async () => {
    await page.goto(`${serve.url}/#/`);
    const modelCalls = model.requests.length;
    /** The focused control: its name, or its text for buttons and summaries. */
    const focused = async () => {
      const el = page.locator(':focus');
      return (await el.getAttribute('name')) ?? (await el.textContent())?.trim() ?? '';
    };
    // Keyboard only, through the form's real controls in tab order.
    await page.getByLabel('Site URL').focus();
    await page.keyboard.type(`${site.origin}/docs/guides/`);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('kind');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('generator');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Generator').inputValue()).toBe('extractive');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('model');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('full');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Also build llms-full.txt (full page text)').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Crawl limits');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Generate llms.txt');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/jobs\/[0-9a-f-]+$/);

    const seen = await watchJob(page, async () => {});
    expect(seen[seen.length - 1]!.status, `${JSON.stringify(seen)}\n${serve.output()}`).toBe('success');
    expect(model.requests.length, 'the extractive generator does not call the model').toBe(modelCalls);
    // No model was asked: the stepper skips Prompt and Model instead of marking them done.
    expect(await page.locator('.steps .step-skipped .step-label').allTextContents()).toEqual([
      'Prompt',
      'Model',
    ]);

    const full = page.getByRole('button', { name: 'Download llms-full.txt' });
    await full.waitFor();
    await full.focus();
    const [fullDownload] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(fullDownload.suggestedFilename()).toBe('llms-full.txt');
    expect(readFileSync(await fullDownload.path(), 'utf8').length).toBeGreaterThan(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download llms.txt' }).click(),
    ]);
    const file = readFileSync(await download.path(), 'utf8');
    expect(validateLlmsTxt(file).errors, file).toEqual([]);
    await page.screenshot({ path: join(SHOTS, '06-extractive-done.png'), fullPage: true });
  }, 180_000);

  it('lists the jobs, manages the site (schedule, one-click refresh), shows the queue, and calls no other host', async () => {
    await page.goto(`${serve.url}/#/jobs`);
    await page.locator('.table tbody tr').first().waitFor();
    expect(await page.locator('.table tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, '07-jobs.png'), fullPage: true });

    await page.goto(`${serve.url}/#/sites`);
    const docs = `${new URL(site.origin).host}/docs/`;
    const siteRow = page.getByRole('row', {
      name: new RegExp(`^${docs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `),
    });
    await siteRow.getByRole('link', { name: 'View' }).waitFor();
    expect(await siteRow.getByRole('link', { name: '1 job' }).count()).toBe(1);

    // A schedule: create it weekly, then pause it.
    await siteRow.getByLabel(`Refresh interval for ${docs}`).selectOption(String(7 * 86_400));
    await siteRow.getByRole('button', { name: `Schedule ${docs}` }).click();
    await expect.poll(() => siteRow.locator('.schedule').textContent()).toContain('every 7 days');
    await siteRow.getByRole('button', { name: `Pause the schedule of ${docs}` }).click();
    await expect.poll(() => siteRow.locator('.schedule').textContent()).toContain('paused');

    // One-click refresh: an update job for the site runs and the row comes back with two jobs.
    await siteRow.getByRole('button', { name: `Refresh ${docs}` }).click();
    await expect
      .poll(() => siteRow.getByRole('link', { name: '2 jobs' }).count(), { timeout: JOB_TIMEOUT_MS })
      .toBe(1);
    await expect
      .poll(() => siteRow.getByRole('button', { name: `Refresh ${docs}` }).isEnabled(), {
        timeout: JOB_TIMEOUT_MS,
      })
      .toBe(true);
    const updates = (await (
      await fetch(`${serve.url}/v1/jobs?url=${encodeURIComponent(`${site.origin}/docs/`)}`)
    ).json()) as {
      jobs: { kind: string; status: string }[];
    };
    expect(updates.jobs.map((j) => `${j.kind}:${j.status}`)).toEqual(['update:success', 'new:success']);
    await page.screenshot({ path: join(SHOTS, '08-sites.png'), fullPage: true });

    await page.goto(`${serve.url}/#/health`);
    await page.locator('.tiles .tile').first().waitFor();
    const done = page.locator('.tile', { hasText: 'Done, last hour' }).locator('.tile-value');
    expect(Number(await done.textContent())).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, '09-queue.png'), fullPage: true });

    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    expect(foreignRequests, 'requests to hosts other than the API').toEqual([]);
  }, 180_000);

  it('keeps the jobs table readable on a phone: every column on screen, short rows, titles not broken mid-word', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      reducedMotion: 'reduce',
    });
    try {
      const small = await phone.newPage();
      await small.goto(`${serve.url}/#/jobs`);
      await small.locator('.table tbody tr').first().waitFor();
      await small.screenshot({ path: join(SHOTS, '12-jobs-phone.png'), fullPage: true });
      // A string, run in the page (this package's TypeScript has no DOM types).
      const layout = (await small.evaluate(`(() => {
        const width = document.documentElement.clientWidth;
        const wrap = document.querySelector('.table-wrap');
        // Every value of every row, with the name of its column (data-label), and where it is drawn.
        const cells = [...document.querySelectorAll('.table tbody td')]
          .filter((td) => getComputedStyle(td).display !== 'none')
          .map((td) => {
            const box = td.getBoundingClientRect();
            return { label: td.getAttribute('data-label'), right: box.right, width: box.width };
          });
        const rows = [...document.querySelectorAll('.table tbody tr')].map(
          (tr) => tr.getBoundingClientRect().height,
        );
        // Titles (URLs) may wrap only at their <wbr> break points, not anywhere inside a word.
        const links = [...document.querySelectorAll('.table tbody .cell-url a')];
        const broken = links.filter((el) => {
          const style = getComputedStyle(el);
          return style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all';
        }).length;
        const breakPoints = links.filter((el) => el.querySelector('wbr')).length;
        return {
          width,
          scrollWidth: document.documentElement.scrollWidth,
          wrapScrolls: wrap.scrollWidth > wrap.clientWidth + 1,
          cells,
          rows,
          broken,
          breakPoints,
        };
      })()`)) as {
        width: number;
        scrollWidth: number;
        wrapScrolls: boolean;
        cells: { label: string | null; right: number; width: number }[];
        rows: number[];
        broken: number;
        breakPoints: number;
      };
      expect(layout.scrollWidth, 'the page itself does not scroll sideways').toBeLessThanOrEqual(
        layout.width,
      );
      expect(layout.wrapScrolls, 'no column is cut off behind a sideways scroll').toBe(false);
      const labels = new Set(layout.cells.map((c) => c.label));
      for (const column of ['Status', 'Site', 'Kind', 'Attempts', 'Created', 'Took', 'Tokens']) {
        expect(labels.has(column), `column ${column} is shown`).toBe(true);
      }
      for (const cell of layout.cells) {
        expect(cell.right, `${cell.label} is on screen`).toBeLessThanOrEqual(layout.width + 1);
        expect(cell.width, `${cell.label} is not squeezed to nothing`).toBeGreaterThan(8);
      }
      for (const height of layout.rows) expect(height, 'no tall empty rows').toBeLessThan(200);
      expect(layout.broken, 'job titles wrap between words').toBe(0);
      expect(layout.breakPoints, 'URLs offer break points at their slashes').toBeGreaterThan(0);
      await small.close();
    } finally {
      await phone.close();
    }
  }, 120_000);
});

describe.skipIf(!HAS_CHROMIUM)('dashboard with API keys on (LTX_API_KEYS)', () => {
  const KEY = 'e2e-dashboard-key';
  let serve: ServeProcess;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'ltx-dashboard-keys-'));
    serve = await startServe({
      PORT: String(await freePort()),
      LTX_DATA_DIR: dataDir,
      LTX_API_KEYS: KEY,
      LTX_GENERATOR: 'extractive',
      LOG_LEVEL: 'warn',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('asks for a key on 401, refuses a wrong one, and keeps the right one for the browser session', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const keyField = page.getByRole('textbox', { name: 'API key' });

    await page.goto(`${serve.url}/`);
    await page.getByRole('heading', { name: 'This ltx server needs an API key' }).waitFor();
    // The key field takes focus, so a keyboard user can type the key at once.
    await expect.poll(() => page.locator(':focus').getAttribute('id')).toMatch(/^api-key/);

    await keyField.fill('not-the-key');
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.getByRole('heading', { name: 'That API key was refused' }).waitFor();
    await page.screenshot({ path: join(SHOTS, '10-api-key-refused.png'), fullPage: true });

    await keyField.fill(KEY);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.getByText('No jobs yet.', { exact: false }).waitFor();
    expect(await keyField.count(), 'the key form is gone').toBe(0);

    // Authenticated requests reach the API: a refused URL gets the API's own message, not the key form.
    await page.getByLabel('Site URL').fill('ftp://x');
    await page.getByRole('button', { name: 'Generate llms.txt' }).click();
    await expect.poll(() => page.locator('.form-error').textContent()).toContain('only http and https');

    // Kept for the session: a reload does not ask again; a new context (a new browser session) does.
    await page.reload();
    await page.getByRole('heading', { name: 'Recent jobs' }).waitFor();
    await page.getByText('No jobs yet.', { exact: false }).waitFor();
    expect(await keyField.count()).toBe(0);
    expect(await page.evaluate("sessionStorage.getItem('ltx.apiKey')")).toBe(KEY);
    await page.screenshot({ path: join(SHOTS, '11-api-key-accepted.png'), fullPage: true });

    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(`${serve.url}/#/jobs`);
    await fresh.getByRole('heading', { name: 'This ltx server needs an API key' }).waitFor();
    await context.close();
  }, 120_000);
});
