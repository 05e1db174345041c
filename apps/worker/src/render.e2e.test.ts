import { connect, type Database, getJob, migrate, sql } from '@ltx/data-model';
import { findChromium } from '@ltx/render';
import {
  type Child,
  createTestDatabase,
  type FakeOpenAI,
  llmsTxtFromPrompt,
  type StaticFile,
  type StaticSite,
  startFakeOpenAI,
  startStaticSite,
  type TestDatabase,
  waitFor,
} from '@ltx/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker } from '../test/worker-support.js';

// Issue 12 end to end: the built worker with its browser (LTX_RENDER=auto, Debian's Chromium), a real database
// and the stand-in model. The job's stored result carries the render counts; with LTX_RENDER=off the job
// succeeds with a warning naming the pages; while pages render slowly the job's heartbeat keeps being written
// (heartbeat_at values compared with each other, all written by PostgreSQL's now()) and it is never swept.

const CHROMIUM = findChromium();
if (!CHROMIUM)
  console.warn('worker render e2e skipped: no Chromium (scripts/install-chromium.sh; .ci/run installs it)');

const LEASE_MS = 2000;

/** A shell page: an empty #root, a bundle that fetches the page's content and links as JSON. */
const shell = (title: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title><script src="/app.js" defer></script></head><body><div id="root"></div></body></html>`;

const APP_JS = `const key = location.pathname.replace(/\\/$/, '').split('/').pop();
fetch('/data/' + key + '.json').then((r) => r.json()).then((d) => {
  if (d.leak) fetch(d.leak).catch(() => {});
  document.getElementById('root').innerHTML = '<nav>' + d.links.map((l) => '<a href="' + l + '">' + l + '</a>').join(' ') +
    '</nav><main><h1>' + d.title + '</h1><p>' + d.text + '</p></main>';
});`;

/** A page that shows its text at once but polls forever: it never settles, each render takes its time cap. */
const busy = (title: string, links: string[]) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><div id="app"></div><script>
  document.getElementById('app').innerHTML = '<nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav><main><h1>${title}</h1><p>The ${title} page keeps polling its server forever, and shows this text from the start.</p></main>';
  setInterval(() => fetch('/poll?' + Math.random()).catch(() => {}), 50);
</script></body></html>`;

let testDb: TestDatabase;
let database: Database;
let site: StaticSite;
let secret: StaticSite;
let llm: FakeOpenAI;
const children: Child[] = [];
// The bundle reads its data file from the last path segment: /docs/ -> docs.json, /docs/install -> install.json.
const SHELL_PAGES = ['docs', 'install', 'guide'];
const BUSY_PAGES = ['/busy/', '/busy/one', '/busy/two', '/busy/three'];

beforeAll(async () => {
  if (!CHROMIUM) return;
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 5 });
  secret = await startStaticSite({ files: { '/secret': 'top secret' } });
  const files: Record<string, StaticFile> = { '/app.js': APP_JS, '/poll': 'ok' };
  const links = ['/docs/', '/docs/install', '/docs/guide'];
  for (const key of SHELL_PAGES) {
    const path = key === 'docs' ? '/docs/' : `/docs/${key}`;
    files[path] = shell('Loading');
    files[`/data/${key}.json`] = JSON.stringify({
      title: key === 'docs' ? 'Acme' : `Acme ${key}`,
      text: `The ${key} page of Acme explains how to ${key} the widget toolkit, with every step spelled out.`,
      links,
      // The guide's script reaches for another loopback port: the guard refuses it, the server sees nothing.
      ...(key === 'guide' ? { leak: `http://127.0.0.1:${secret.port}/secret` } : {}),
    });
  }
  for (const path of BUSY_PAGES) files[path] = busy(path === '/busy/' ? 'Busy' : path.slice(6), BUSY_PAGES);
  site = await startStaticSite({ files });
  llm = await startFakeOpenAI();
  llm.setFallback(llmsTxtFromPrompt({ origin: site.origin, title: 'Acme' }));
}, 60_000);

afterAll(async () => {
  if (!CHROMIUM) return;
  await llm.close();
  await database.close();
  await Promise.all([site.close(), secret.close()]);
  await testDb.drop();
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
  if (CHROMIUM) await database.rows(sql`truncate jobs`);
});

function worker(extra: Record<string, string> = {}): Child {
  const child = spawnWorker({
    DATABASE_URL: testDb.url,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: llm.baseURL,
    // The site's port only: the secret server is another loopback port and stays refused.
    LTX_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${site.port}`,
    LTX_CHROMIUM_PATH: CHROMIUM!,
    WORKER_POLL_INTERVAL_MS: '500',
    WORKER_LEASE_MS: String(LEASE_MS),
    LOG_LEVEL: 'debug',
    ...extra,
  });
  children.push(child);
  return child;
}

const insert = async (url: string, options: Record<string, unknown> = {}) => {
  const [row] = await database.rows<{ id: string }>(
    sql`insert into jobs(url, options) values (${url}, ${JSON.stringify(options)}::jsonb) returning id`,
  );
  return row!.id;
};

const finished = (id: string) =>
  waitFor(async () => ['success', 'failure'].includes((await getJob(database, id))?.status ?? ''), {
    timeoutMs: 150_000,
    intervalMs: 200,
    what: 'the job finished',
  });

interface StoredRender {
  mode: string;
  pagesNeedingJs: number;
  pagesRendered: number;
  notRendered: string[];
  refusedRequests: number;
  refused: { url: string }[];
}

describe.skipIf(!CHROMIUM)('a worker that renders pages that need JavaScript', () => {
  it("stores the render counts in the job's result: pages needing JavaScript, rendered, refused requests", async () => {
    worker({ LTX_RENDER: 'auto' });
    const id = await insert(`${site.origin}/docs/`);
    await finished(id);
    const job = await getJob(database, id);
    expect(job).toMatchObject({ status: 'success', attempts: 1, error: null });
    const render = (job?.result as { render?: StoredRender } | null)?.render;
    expect(render).toMatchObject({ mode: 'auto', pagesNeedingJs: 3, pagesRendered: 3, notRendered: [] });
    expect(render?.refusedRequests).toBeGreaterThanOrEqual(1);
    expect(render?.refused.map((entry) => entry.url)).toContain(`http://127.0.0.1:${secret.port}/secret`);
    expect(secret.requests).toEqual([]);
    // The rendered pages' titles reached the stored file (the stand-in model lists what the prompt shows).
    expect(job?.llmsTxt).toContain(`${site.origin}/docs/install`);
  }, 180_000);

  it('with LTX_RENDER=off the job succeeds with a warning naming the pages that needed JavaScript', async () => {
    const child = worker({ LTX_RENDER: 'off' });
    const id = await insert(`${site.origin}/docs/`);
    await finished(id);
    const job = await getJob(database, id);
    expect(job).toMatchObject({ status: 'success', attempts: 1, error: null });
    const result = job?.result as { warnings?: string[]; render?: StoredRender } | null;
    const warning = result?.warnings?.find((line) => line.includes('needed JavaScript'));
    expect(warning).toMatch(/LTX_RENDER=off/);
    expect(warning).toContain(`${site.origin}/docs/`);
    expect(result?.render).toMatchObject({ mode: 'off', pagesNeedingJs: 1, pagesRendered: 0 });
    expect(result?.render?.notRendered).toEqual([`${site.origin}/docs/`]);
    // A worker with rendering off never starts a browser.
    expect(
      child.logs().some((line) => line.msg === 'rendering pages that need JavaScript in headless Chromium'),
    ).toBe(false);
  }, 180_000);

  it('keeps the heartbeat written while pages render slowly: never swept, heartbeats closer than the lease', async () => {
    const child = worker({ LTX_RENDER: 'auto', LTX_RENDER_CONCURRENCY: '1' });
    // Four pages that never settle, one at a time, 2.5 s each: about five leases of rendering.
    const id = await insert(`${site.origin}/busy/`, { renderTimeoutMs: 2500 });
    const beats: number[] = [];
    await waitFor(
      async () => {
        const [row] = await database.rows<{ status: string; beat: number | null }>(
          sql`select status, (extract(epoch from heartbeat_at) * 1000)::float8 as beat from jobs where id = ${id}`,
        );
        if (row?.status === 'running' && row.beat && beats.at(-1) !== row.beat) beats.push(row.beat);
        return row?.status === 'success' || row?.status === 'failure';
      },
      { timeoutMs: 150_000, intervalMs: 50, what: 'the slow job finished' },
    );
    const job = await getJob(database, id);
    expect(job).toMatchObject({ status: 'success', attempts: 1, error: null });
    expect(child.logs().some((line) => line.msg === 'page rendered' && line.jobId === id)).toBe(true);
    const rendered = (job?.result as { render?: StoredRender } | null)?.render;
    expect(rendered?.pagesRendered).toBe(4);
    // Heartbeats kept coming while the pages rendered (PostgreSQL's clock on both sides of each gap).
    expect(beats.length).toBeGreaterThanOrEqual(5);
    const gaps = beats.slice(1).map((beat, i) => beat - beats[i]!);
    expect(Math.max(...gaps)).toBeLessThan(LEASE_MS);
    // Nobody took the job over: no requeue, no lost lease.
    const trouble = child
      .logs()
      .filter((line) => /requeued|lease lost|no longer owns|abandoned/.test(String(line.msg)));
    expect(trouble).toEqual([]);
  }, 180_000);
});
