import {
  type FakeOpenAI,
  SKIP_SHARED_REASON,
  type StaticSite,
  sharedFixture,
  startFakeOpenAI,
  startStaticSite,
} from '@ltx/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crawlSite } from '../crawl/crawler.js';
import {
  AbortedError,
  BlockedHostError,
  ConfigError,
  InvalidUrlError,
  LlmError,
  ValidationFailedError,
} from '../errors.js';
import { normalizeLlmsTxt } from '../llmstxt/normalize.js';
import { formatIssue, validateLlmsTxt } from '../llmstxt/validate.js';
import type { CoreSettings } from '../options.js';
import type { CrawlResult, Progress } from '../types.js';
import { allowedUrlsOf, generate, generateFromCrawl } from './generate.js';

/** A small documentation site served from memory: home, guide, API reference, a changelog. */
const html = (title: string, description: string, body: string) => ({
  body: `<!doctype html><html lang="en"><head><title>${title} | Widgetry</title>
<meta name="description" content="${description}"></head><body>
<nav><a href="/docs/">Home</a> <a href="/docs/guide/install/">Install</a> <a href="/docs/guide/configure/">Configure</a>
<a href="/docs/api/client/">Client</a> <a href="/docs/api/server/">Server</a> <a href="/docs/changelog/">Changelog</a></nav>
<main><h1>${title}</h1>${body}</main><footer>© Widgetry</footer></body></html>`,
  headers: { 'content-type': 'text/html; charset=utf-8' },
});
const FILES = {
  '/docs/': html(
    'Widgetry',
    'Widgetry is a TypeScript library for building widgets.',
    '<p>Start with the install guide.</p>',
  ),
  '/docs/guide/install/': html(
    'Install',
    'Install Widgetry with npm.',
    '<p>Run npm install widgetry and import it.</p>',
  ),
  '/docs/guide/configure/': html(
    'Configure',
    'Every configuration option.',
    '<h2>Options</h2><p>Set the theme and the size.</p>',
  ),
  '/docs/api/client/': html(
    'Client API',
    'The client classes.',
    '<p>The Client class renders widgets in the browser.</p>',
  ),
  '/docs/api/server/': html(
    'Server API',
    'The server classes.',
    '<p>The Server class renders widgets to HTML.</p>',
  ),
  '/docs/changelog/': html('Changelog', 'Release history.', '<p>1.0.0: first release.</p>'),
};

let site: StaticSite;
let fake: FakeOpenAI;
let crawl: CrawlResult;
let settings: CoreSettings;

/** A valid llms.txt built from the crawl's real URLs (never invented). */
function validAnswer(summary = 'Widgetry is a TypeScript library for building widgets.'): string {
  const byPath = (path: string) => crawl.pages.find((page) => new URL(page.url).pathname === path)!;
  const line = (path: string, description: string) =>
    `- [${byPath(path).title}](${byPath(path).url}): ${description}`;
  return [
    '# Widgetry',
    '',
    `> ${summary}`,
    '',
    'The docs cover installation, configuration and the client and server APIs.',
    '',
    '## Guide',
    '',
    line('/docs/guide/install/', 'installing with npm'),
    line('/docs/guide/configure/', 'all options'),
    '',
    '## API',
    '',
    line('/docs/api/client/', 'rendering in the browser'),
    line('/docs/api/server/', 'rendering to HTML'),
    '',
    '## Optional',
    '',
    line('/docs/changelog/', 'release history'),
    '',
  ].join('\n');
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const lastUserMessage = (n: number) => {
  const messages = fake.requests[n]!.messages;
  return messages[messages.length - 1]!.content;
};

beforeAll(async () => {
  site = await startStaticSite({ files: FILES });
  fake = await startFakeOpenAI();
  settings = {
    apiKey: 'sk-test',
    baseURL: fake.baseURL,
    allowPrivateHosts: true,
    defaultModel: 'gpt-5-mini',
  };
  crawl = await crawlSite(`${site.origin}/docs/`, {}, { settings });
  expect(crawl.pages.length).toBe(6);
});
afterAll(async () => {
  await site?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.setFallback({ status: 500, body: { error: { message: 'unscripted request' } } });
});

describe('generate() end to end (real crawl, real openai SDK, stand-in model)', () => {
  it('a valid first answer: one attempt, usage, pages and progress recorded', async () => {
    fake.enqueue({ content: validAnswer(), usage: { prompt_tokens: 1234, completion_tokens: 210 } });
    const progress: Progress[] = [];
    const result = await generate(
      `${site.origin}/docs/`,
      {},
      { settings, onProgress: (p) => progress.push(p) },
    );
    expect(result.llmsTxt).toBe(validAnswer());
    expect(result).toMatchObject({
      generator: 'llm',
      model: 'gpt-5-mini',
      attempts: 1,
      unchanged: false,
      usage: { promptTokens: 1234, completionTokens: 210, totalTokens: 1444, calls: 1 },
      pages: { fetched: 6, inPrompt: 6, linked: 5 },
      contentHash: crawl.contentHash,
    });
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(result.llmsFullTxt).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.model).toBe('gpt-5-mini');
    const phases = progress.map((p) => p.phase);
    expect(phases[0]).toBe('crawling');
    expect(phases.slice(-4)).toEqual(['prompting', 'model', 'validating', 'done']);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', pagesFetched: 6, pagesInPrompt: 6 });
    // The prompt is a digest of the crawl: every page URL, no HTML.
    const prompt = fake.requests[0]!.messages.map((m) => m.content).join('\n');
    for (const page of crawl.pages) expect(prompt).toContain(page.url);
    expect(prompt).not.toContain('<footer>');
  });

  it('the job model wins over the default; a code-fenced answer is accepted after normalisation', async () => {
    fake.enqueue({
      content: `Here is your llms.txt:\n\n\`\`\`markdown\n${validAnswer()}\`\`\`\n\nAnything else?`,
    });
    const result = await generate(`${site.origin}/docs/`, { model: 'gpt-5.2' }, { settings });
    expect(result.attempts).toBe(1);
    expect(result.llmsTxt).toBe(validAnswer());
    expect(fake.requests[0]!.model).toBe('gpt-5.2');
  });

  it('a garbage first answer, then a valid one: 2 attempts, the retry carries the exact errors', async () => {
    const garbage = 'I am sorry, I cannot browse websites.';
    fake.enqueue({ content: garbage }, { content: validAnswer() });
    const result = await generate(`${site.origin}/docs/`, {}, { settings });
    expect(result.attempts).toBe(2);
    expect(result.usage.calls).toBe(2);
    expect(result.llmsTxt).toBe(validAnswer());
    const retry = fake.requests[1]!.messages;
    expect(retry.slice(0, 2)).toEqual(fake.requests[0]!.messages);
    expect(retry[2]).toEqual({ role: 'assistant', content: normalizeLlmsTxt(garbage) });
    const expected = validateLlmsTxt(normalizeLlmsTxt(garbage), { allowedUrls: allowedUrlsOf(crawl) }).errors;
    expect(expected.length).toBeGreaterThan(0);
    for (const issue of expected) expect(lastUserMessage(1)).toContain(`- ${formatIssue(issue)}`);
  });

  it('an unreadable response body counts as an invalid answer and is retried', async () => {
    fake.enqueue({ raw: '<html>502 bad gateway' }, { content: validAnswer() });
    const result = await generate(`${site.origin}/docs/`, {}, { settings });
    expect(result.attempts).toBe(2);
    expect(lastUserMessage(1)).toContain('empty or unreadable');
  });

  it('an answer linking pages by reference ([Title](p3)) gets the pages URLs before validation', async () => {
    // The stand-in reads the references from the prompt's page list, as a model would.
    const byRef = (request: { messages: { content: string }[] }) => {
      const prompt = request.messages.map((m) => m.content).join('\n');
      const refs = [...prompt.matchAll(/^(p\d+) (\S+) \| ([^\n(]+)/gm)].map((m) => ({
        ref: m[1]!,
        url: m[2]!,
        title: m[3]!.trim(),
      }));
      const lines = refs.map((entry) => `- [${entry.title}](${entry.ref}): the ${entry.title} page`);
      return {
        content: [
          '# Widgetry',
          '',
          '> Widgetry builds widgets.',
          '',
          'The docs.',
          '',
          '## Docs',
          '',
          ...lines,
          '',
        ].join('\n'),
      };
    };
    fake.enqueue(byRef);
    const result = await generate(`${site.origin}/docs/`, {}, { settings });
    expect(result.attempts).toBe(1);
    expect(result.llmsTxt).not.toMatch(/\]\(p\d+\)/);
    for (const path of ['/docs/guide/install/', '/docs/api/client/'])
      expect(result.llmsTxt).toContain(`](${site.origin}${path}): `);
    expect(result.pages.linked).toBeGreaterThanOrEqual(5);
    expect(result.pages.kinds).toMatchObject({ home: 1 });
  });

  it('an unknown page reference is rejected like an invented URL, fed back, and the fixed answer accepted', async () => {
    const withUnknown = validAnswer().replace('## Optional', '- [Pricing](p99): plans\n\n## Optional');
    fake.enqueue({ content: withUnknown }, { content: validAnswer() });
    const result = await generate(`${site.origin}/docs/`, {}, { settings });
    expect(result.attempts).toBe(2);
    expect(lastUserMessage(1)).toContain('p99');
    expect(result.llmsTxt).not.toContain('p99');
  });

  it('an invented URL is rejected, fed back, and the fixed answer accepted', async () => {
    const invented = `${site.origin}/docs/pricing/`;
    const withInvented = validAnswer().replace(
      '## Optional',
      `- [Pricing](${invented}): plans\n\n## Optional`,
    );
    fake.enqueue({ content: withInvented }, { content: validAnswer() });
    const result = await generate(`${site.origin}/docs/`, {}, { settings });
    expect(result.attempts).toBe(2);
    expect(lastUserMessage(1)).toContain(
      `${invented} is not a crawled page of the site nor its Markdown twin`,
    );
    expect(result.llmsTxt).not.toContain(invented);
    expect(site.requests).not.toContain('/docs/pricing/');
  });

  it("always invalid: ValidationFailedError with the last answer's issues, after validationAttempts requests", async () => {
    fake.setFallback({ content: '# Widgetry\n\nJust a heading and prose.\n' });
    const error = await failure(generate(`${site.origin}/docs/`, { validationAttempts: 2 }, { settings }));
    expect(error).toBeInstanceOf(ValidationFailedError);
    const expected = validateLlmsTxt('# Widgetry\n\nJust a heading and prose.\n', {
      allowedUrls: allowedUrlsOf(crawl),
    }).errors.map(formatIssue);
    expect((error as ValidationFailedError).issues).toEqual(expected);
    expect((error as ValidationFailedError).issues).toContain(
      "line 3: expected a '> summary' blockquote right after the H1, found 'Just a heading and prose.'",
    );
    expect((error as ValidationFailedError).retryable).toBe(false);
    expect(fake.requests).toHaveLength(2);
  });

  it('a 429 with Retry-After is survived through the SDK retry', async () => {
    fake.enqueue(
      { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'rate limited' } } },
      { content: validAnswer() },
    );
    const result = await generate(`${site.origin}/docs/`, {}, { settings });
    expect(result.attempts).toBe(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('a persistent 429 -> retryable LlmError carrying retryAfterMs for the worker', async () => {
    fake.setFallback({
      status: 429,
      headers: { 'retry-after': '45' },
      body: { error: { message: 'rate limited' } },
    });
    const error = await failure(generate(`${site.origin}/docs/`, {}, { settings }));
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ code: 'llm_rate_limited', retryable: true, retryAfterMs: 45_000 });
  });

  it('500s -> retryable LlmError; 401 -> not retryable', async () => {
    fake.setFallback({
      status: 500,
      headers: { 'retry-after-ms': '5' },
      body: { error: { message: 'boom' } },
    });
    expect(await failure(generate(`${site.origin}/docs/`, {}, { settings }))).toMatchObject({
      code: 'llm_unavailable',
      retryable: true,
    });
    fake.setFallback({ status: 401, body: { error: { message: 'Incorrect API key provided' } } });
    fake.requests.length = 0;
    expect(await failure(generate(`${site.origin}/docs/`, {}, { settings }))).toMatchObject({
      code: 'llm_auth',
      retryable: false,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('missing key with the llm generator -> ConfigError before any fetch or model request', async () => {
    const before = site.requests.length;
    const error = await failure(
      generate(`${site.origin}/docs/`, {}, { settings: { ...settings, apiKey: undefined } }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).retryable).toBe(false);
    expect(site.requests.length).toBe(before);
    expect(fake.requests).toHaveLength(0);
  });

  it('a model outside LTX_ALLOWED_MODELS -> ConfigError before any fetch; an allowed one runs', async () => {
    const before = site.requests.length;
    const allowList = { ...settings, allowedModels: ['gpt-5-mini', 'gpt-5-nano'] };
    const error = await failure(
      generate(`${site.origin}/docs/`, { model: 'gpt-5.2' }, { settings: allowList }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('gpt-5.2');
    expect(site.requests.length).toBe(before);
    expect(fake.requests).toHaveLength(0);
    fake.enqueue({ content: validAnswer() });
    const result = await generate(`${site.origin}/docs/`, { model: 'gpt-5-nano' }, { settings: allowList });
    expect(result.model).toBe('gpt-5-nano');
    expect(fake.requests.at(-1)?.model).toBe('gpt-5-nano');
  });

  it('the extractive generator needs no key and makes no model request; llms-full.txt on request', async () => {
    const noKey = { ...settings, apiKey: undefined };
    const result = await generate(
      `${site.origin}/docs/`,
      { generator: 'extractive', full: true },
      { settings: noKey },
    );
    expect(result).toMatchObject({
      generator: 'extractive',
      attempts: 1,
      usage: { calls: 0 },
      // The home page is not listed (the H1 and summary describe it).
      pages: { inPrompt: 0, linked: 5 },
    });
    expect(
      validateLlmsTxt(result.llmsTxt, { allowedUrls: allowedUrlsOf(crawl), strict: true }).errors,
    ).toEqual([]);
    expect(result.llmsTxt).toMatch(
      /^# Widgetry\n\n> Widgetry is a TypeScript library for building widgets\.\n/,
    );
    expect(result.llmsTxt).toMatch(
      /## Optional\n\n- \[Changelog\]\([^)]+\/docs\/changelog\/\): Release history\.\n$/,
    );
    expect(result.llmsFullTxt).toContain('The Server class renders widgets to HTML.');
    // LTX_GENERATOR=extractive as the default does the same.
    const byDefault = await generate(
      `${site.origin}/docs/`,
      {},
      { settings: { ...noKey, defaultGenerator: 'extractive' } },
    );
    expect(byDefault.llmsTxt).toBe(result.llmsTxt);
    expect(fake.requests).toHaveLength(0);
  });

  it('update job, site unchanged: keeps the previous file without any model request', async () => {
    const previous = { llmsTxt: validAnswer('The previous summary.'), contentHash: crawl.contentHash };
    const result = await generate(
      `${site.origin}/docs/`,
      { kind: 'update' },
      { settings: { ...settings, apiKey: undefined }, previous },
    );
    expect(result).toMatchObject({
      unchanged: true,
      attempts: 0,
      llmsTxt: previous.llmsTxt,
      usage: { calls: 0 },
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('update job, site changed: the model gets the old file and the gone links, and its update is validated', async () => {
    const gone = `${site.origin}/docs/guide/old-page/`;
    const old = validAnswer('The previous summary.').replace(
      '## API',
      `- [Old page](${gone}): removed since\n\n## API`,
    );
    fake.enqueue({ content: validAnswer('The updated summary.') });
    const result = await generate(
      `${site.origin}/docs/`,
      { kind: 'update' },
      { settings, previous: { llmsTxt: old, contentHash: 'stale' } },
    );
    expect(result).toMatchObject({ unchanged: false, attempts: 1 });
    expect(result.llmsTxt).toContain('> The updated summary.');
    const user = fake.requests[0]!.messages[1]!.content;
    expect(user).toContain(`<current_llms_txt>\n${old.trim()}\n</current_llms_txt>`);
    expect(user).toContain(`- ${gone}`);
    expect(user).toContain('Write the updated llms.txt now.');
  });

  it('generateFromCrawl reuses a crawl in hand', async () => {
    fake.enqueue({ content: validAnswer() });
    const result = await generateFromCrawl(crawl, {}, { settings });
    expect(result.attempts).toBe(1);
    expect(result.pages.fetched).toBe(6);
  });

  it('bad URLs and private hosts are refused with typed errors', async () => {
    expect(await failure(generate('ftp://example.com/', {}, { settings }))).toBeInstanceOf(InvalidUrlError);
    expect(
      await failure(
        generate(`${site.origin}/docs/`, {}, { settings: { ...settings, allowPrivateHosts: false } }),
      ),
    ).toBeInstanceOf(BlockedHostError);
  });

  it('the AbortSignal stops a job waiting on the model', async () => {
    fake.enqueue({ content: validAnswer(), delayMs: 5_000 });
    const controller = new AbortController();
    const pending = generate(`${site.origin}/docs/`, {}, { settings, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    expect(await failure(pending)).toBeInstanceOf(AbortedError);
  });
});

describe('generate() on a slow site', () => {
  let slow: StaticSite;
  const PAGES = 12;
  beforeAll(async () => {
    const links = Array.from({ length: PAGES }, (_, i) => `<a href="/p${i}/">Page ${i}</a>`).join(' ');
    const files: Record<string, { body: string; delayMs?: number }> = {
      '/': {
        body: `<html><head><title>Slow</title></head><body><main><h1>Slow</h1><p>${links}</p></main></body></html>`,
      },
    };
    for (let i = 0; i < PAGES; i++) {
      files[`/p${i}/`] = {
        body: `<html><head><title>Page ${i}</title></head><body><main><h1>Page ${i}</h1><p>Text ${i}.</p></main></body></html>`,
        delayMs: 400,
      };
    }
    slow = await startStaticSite({ files });
  });
  afterAll(() => slow?.close());

  it('ends its crawl within its share of jobTimeoutMs and still completes the job before the job timer', async () => {
    const jobTimeoutMs = 3000;
    // The worker's hard timer for the job: it must not fire before generate() returns.
    const jobTimer = AbortSignal.timeout(jobTimeoutMs);
    // The home page is always crawled; the answer links it only (no invented URL).
    fake.enqueue({
      content: `# Slow\n\n> A slow site.\n\nIts pages answer slowly.\n\n## Docs\n\n- [Slow](${slow.origin}/): home\n`,
    });
    const result = await generate(slow.url, { jobTimeoutMs, concurrency: 1 }, { settings, signal: jobTimer });
    expect(jobTimer.aborted).toBe(false);
    expect(result.limitsHit).toContain('jobTimeoutMs');
    expect(result.attempts).toBe(1);
    expect(validateLlmsTxt(result.llmsTxt).valid).toBe(true);
    // Fewer pages than the site has: 12 pages of 400 ms each, one at a time, do not fit in 60% of 3 s.
    expect(result.pages.fetched).toBeGreaterThanOrEqual(1);
    expect(result.pages.fetched).toBeLessThan(PAGES + 1);
  });
});

describe.skipIf(!sharedFixture('sites', 'summit-docs'))(
  `generate() on the summit-docs fixture site (${sharedFixture('sites', 'summit-docs') ? 'shared fixtures' : SKIP_SHARED_REASON})`,
  () => {
    it('invalid first answer, then a valid one built from the crawl: success, every link answers 200', async () => {
      const docs = await startStaticSite({
        root: sharedFixture('sites', 'summit-docs')!,
        mount: '/summit-docs/',
      });
      try {
        const docsCrawl = await crawlSite(docs.url, {}, { settings });
        const links = docsCrawl.pages.map(
          (page) => `- [${page.title}](${page.url}): ${page.headings.slice(1, 3).join(', ') || page.title}`,
        );
        const answer = `# SUMMIT\n\n> A simulator for dense urban traffic.\n\nDocs of the SUMMIT simulator.\n\n## Docs\n\n${links.join('\n')}\n`;
        fake.enqueue({ content: '## Docs\n\nSee the website.' }, { content: answer });
        const result = await generate(docs.url, {}, { settings });
        expect(result.attempts).toBe(2);
        expect(result.pages).toMatchObject({
          fetched: docsCrawl.pages.length,
          inPrompt: docsCrawl.pages.length,
          linked: docsCrawl.pages.length,
        });
        const parsed = validateLlmsTxt(result.llmsTxt).parsed!;
        for (const link of parsed.sections.flatMap((section) => section.links)) {
          expect((await fetch(link.url)).status, link.url).toBe(200);
        }
      } finally {
        await docs.close();
      }
    });
  },
);
