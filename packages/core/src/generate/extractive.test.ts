import { SKIP_SHARED_REASON, sharedFixture, startStaticSite } from '@ltx/test-kit';
import { describe, expect, it } from 'vitest';
import { crawlSite } from '../crawl/crawler.js';
import { formatIssue, validateLlmsTxt } from '../llmstxt/validate.js';
import { buildExtractive } from './extractive.js';
import { allowedUrlsOf } from './generate.js';
import { makeCrawl, makePage } from './test-support.js';

const ROOT = 'https://acme.dev/';

/** A docs site with folders, secondary pages, utility pages, duplicates and boilerplate descriptions. */
function docsSite() {
  const nav = [
    `${ROOT}docs/guide/install/`,
    `${ROOT}docs/guide/configure/`,
    `${ROOT}docs/api/client/`,
    `${ROOT}docs/api/server/`,
  ];
  const home = makePage(ROOT, {
    title: 'Acme',
    rawTitle: 'Acme',
    description: 'Acme is a toolkit for building widgets.',
    rank: 1,
    depth: 0,
    navLinks: nav,
  });
  const page = (path: string, title: string, extra: Parameters<typeof makePage>[1] = {}) =>
    makePage(`${ROOT}${path}`, { title, rawTitle: `${title} | Acme`, rank: 0.6, ...extra });
  return makeCrawl(
    ROOT,
    [
      home,
      page('docs/guide/install/', 'Install', {
        description: 'How to install Acme on any platform.',
        rank: 0.9,
        inNav: true,
      }),
      page('docs/guide/configure/', 'Configure', {
        description: 'Every configuration option.',
        rank: 0.85,
        inNav: true,
      }),
      page('docs/api/client/', 'Client API', {
        description: 'The client classes and methods.',
        rank: 0.8,
        inNav: true,
      }),
      page('docs/api/server/', 'Server API', {
        description: 'The server classes and methods.',
        rank: 0.75,
        inNav: true,
      }),
      page('about/', 'About [us]', { description: 'Acme is a toolkit for building widgets.' }),
      page('pricing/', 'Pricing', { description: 'Shared footer text.' }),
      page('team/', 'Team', { description: 'Shared footer text.' }),
      page('careers-info/', 'Work with us', { description: 'Shared footer text.' }),
      page('blog/first-post/', 'First post', { description: 'We launched.', rank: 0.3 }),
      page('blog/second-post/', 'Second post', { description: 'We grew.', rank: 0.2 }),
      page('privacy/', 'Privacy Policy', { rank: 0.1 }),
      page('v1.2/docs/install/', 'Install (1.2)', { description: 'Old install guide.', rank: 0.15 }),
      page('search/', 'Search', { rank: 0.4 }),
      page('docs/guide/install-copy/', 'Install', {
        description: 'How to install Acme on any platform.',
        rank: 0.05,
      }),
      page('files/report_(final)/', 'Final report', { description: 'The (final) report.' }),
    ],
    { siteName: 'Acme' },
  );
}

describe('buildExtractive (synthetic sites)', () => {
  it('writes a valid llms.txt: name, summary, folder sections in nav order, Optional last, no utility pages or duplicates', () => {
    const crawl = docsSite();
    const { llmsTxt, plan, linked } = buildExtractive(crawl);
    const validation = validateLlmsTxt(llmsTxt, { allowedUrls: allowedUrlsOf(crawl), strict: true });
    expect(validation.errors.map(formatIssue)).toEqual([]);
    expect(validation.parsed?.title).toBe('Acme');
    expect(validation.parsed?.summary).toBe('Acme is a toolkit for building widgets.');
    expect(validation.parsed?.info).toContain('Key pages of Acme');

    const sections = validation.parsed!.sections.map((s) => [
      s.name,
      s.links.map((l) => l.url.replace(ROOT, '/')),
    ]);
    expect(sections).toEqual([
      // Top-level pages (same rank: URL order); the singleton folder 'files' joins them. The home page is no
      // entry: the H1 and the summary say what it is.
      ['Pages', ['/about/', '/careers-info/', '/files/report_%28final%29/', '/pricing/', '/team/']],
      // /docs/ holds sub-folders of 2+ pages: one section each, in navigation order.
      ['Guide', ['/docs/guide/install/', '/docs/guide/configure/']],
      ['API', ['/docs/api/client/', '/docs/api/server/']],
      // An old version's page (/v1.2/) is left out (issue 9: the current version only), not listed as Optional.
      ['Optional', ['/blog/first-post/', '/blog/second-post/', '/privacy/']],
    ]);
    expect(linked).toBe(12);
    expect(plan.excluded).toEqual([
      { url: `${ROOT}search/`, reason: 'generated-index' },
      { url: `${ROOT}v1.2/docs/install/`, reason: 'old-version' },
      { url: `${ROOT}docs/guide/install-copy/`, reason: 'duplicate' },
    ]);
    // Brackets in titles become parentheses; a URL with parentheses is percent-encoded.
    expect(llmsTxt).toContain('- [About (us)](https://acme.dev/about/)\n');
    // Boilerplate descriptions (same on 3 pages) and the home page's own description are left out; the page's
    // own first sentence takes their place (issue 9: a shared meta description left links undescribed).
    expect(llmsTxt).not.toContain('Shared footer text');
    expect(llmsTxt).toContain(
      '- [Pricing](https://acme.dev/pricing/): This page explains Pricing in detail, with examples and notes for readers.\n',
    );
    expect(llmsTxt).toContain(
      '- [Install](https://acme.dev/docs/guide/install/): How to install Acme on any platform.\n',
    );
  });

  it('makes sections per URL folder, merges singleton folders into the main section and caps the number of sections', () => {
    const pages = [makePage(ROOT, { title: 'Home', rank: 1, description: 'A site with many folders.' })];
    for (let folder = 0; folder < 20; folder++) {
      for (let n = 0; n < 2 + (folder % 3); n++) {
        pages.push(
          makePage(`${ROOT}topic-${folder}/page-${n}/`, {
            title: `Topic ${folder} page ${n}`,
            rank: 0.5 - folder / 100,
          }),
        );
      }
    }
    pages.push(makePage(`${ROOT}lonely/only/`, { title: 'Only child' }));
    const crawl = makeCrawl(ROOT, pages);
    const { llmsTxt, plan } = buildExtractive(crawl);
    expect(validateLlmsTxt(llmsTxt, { allowedUrls: allowedUrlsOf(crawl) }).valid).toBe(true);
    expect(plan.sections.length).toBeLessThanOrEqual(12);
    expect(plan.sections[0]!.name).toBe('Pages');
    expect(plan.sections[0]!.links.map((l) => l.url)).toContain(`${ROOT}lonely/only/`);
    // The kept folder sections are the biggest ones, with humanised names.
    expect(
      plan.sections
        .slice(1)
        .map((s) => s.links.length)
        .every((n) => n >= 3),
    ).toBe(true);
    expect(plan.sections.map((s) => s.name)).toContain('Topic 2');
    // Every page is listed exactly once.
    expect(plan.sections.reduce((sum, s) => sum + s.links.length, 0)).toBe(pages.length);
  });

  it('falls back to the first sentence of the text for descriptions and to an intro page for the summary', () => {
    const crawl = makeCrawl('https://x.org/docs/', [
      makePage('https://x.org/docs/', {
        title: 'X',
        description: 'None',
        text: 'X\n\nGuide\n\nReference',
        rank: 1,
      }),
      makePage('https://x.org/docs/intro/', {
        title: 'Introduction',
        text: 'Introduction\n\nNote\n\nX is a database for time series that runs anywhere. It is fast.',
        rank: 0.8,
      }),
      makePage('https://x.org/docs/guide/', {
        title: 'Guide',
        headings: ['Guide', 'Setup'],
        text: 'Guide\n\nSetup\n\nThis guide walks you through a first project with X. Then more.',
        rank: 0.7,
      }),
    ]);
    const { llmsTxt } = buildExtractive(crawl);
    const parsed = validateLlmsTxt(llmsTxt, { allowedUrls: allowedUrlsOf(crawl) }).parsed!;
    expect(parsed.summary).toBe('X is a database for time series that runs anywhere.');
    expect(llmsTxt).toContain(
      '- [Guide](https://x.org/docs/guide/): This guide walks you through a first project with X.\n',
    );
    // The intro's sentence is the summary already: not repeated as its description.
    expect(llmsTxt).toContain('- [Introduction](https://x.org/docs/intro/)\n');
    expect(llmsTxt).not.toContain('None');
  });

  it('links Markdown twins when asked, and keeps a blog-only site out of Optional', () => {
    const crawl = makeCrawl('https://b.net/blog/', [
      makePage('https://b.net/blog/', {
        title: 'B blog',
        description: 'Notes on things.',
        rank: 1,
        markdownUrl: 'https://b.net/blog/index.html.md',
      }),
      makePage('https://b.net/blog/one/', {
        title: 'One',
        description: 'First.',
        markdownUrl: 'https://b.net/blog/one/index.html.md',
      }),
      makePage('https://b.net/blog/two/', { title: 'Two', description: 'Second.' }),
    ]);
    const twins = buildExtractive(crawl, { linkMarkdownTwins: true });
    expect(twins.llmsTxt).toContain('(https://b.net/blog/one/index.html.md)');
    expect(twins.llmsTxt).toContain('(https://b.net/blog/two/)');
    expect(validateLlmsTxt(twins.llmsTxt, { allowedUrls: allowedUrlsOf(crawl) }).valid).toBe(true);
    // The base path is /blog/, so 'blog' is not a segment of the pages: nothing goes to Optional.
    expect(twins.plan.sections.map((s) => s.name)).toEqual(['Pages']);
  });
});

describe('buildExtractive intro', () => {
  it('names only the sections the file writes (an unlisted home page leaves its own section out)', () => {
    const home = makePage(ROOT, { title: 'Acme', rawTitle: 'Acme', rank: 1, depth: 0 });
    const page = (path: string, title: string, description: string) =>
      makePage(`${ROOT}${path}`, { title, rawTitle: `${title} | Acme`, rank: 0.6, description });
    const crawl = makeCrawl(ROOT, [
      home,
      page('guide/install/', 'Install', 'How to install Acme on any platform.'),
      page('guide/configure/', 'Configure', 'Every configuration option of Acme.'),
      page('api/client/', 'Client API', 'The client classes and methods.'),
      page('api/server/', 'Server API', 'The server classes and methods.'),
    ]);
    const { llmsTxt, plan } = buildExtractive(crawl);
    const written = [...llmsTxt.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    expect(llmsTxt).not.toContain(`](${ROOT})`);
    const named = /grouped as (.+?)\./.exec(plan.info)?.[1] ?? '';
    for (const name of named.split(/, | and /)) expect(written).toContain(name);
  });
});

const fixtureSites = [
  ['summit-docs', '/summit-docs/'],
  ['0atman', '/0atman/'],
] as const;

describe.skipIf(!sharedFixture('sites'))(
  `buildExtractive on the fixture sites (${sharedFixture('sites') ? 'shared fixtures' : SKIP_SHARED_REASON})`,
  () => {
    for (const [name, mount] of fixtureSites) {
      it(`${name}: the extractive llms.txt passes strict validation against the crawl`, async () => {
        const site = await startStaticSite({ root: sharedFixture('sites', name)!, mount });
        try {
          const crawl = await crawlSite(site.url, {}, { settings: { allowPrivateHosts: true } });
          const { llmsTxt, linked } = buildExtractive(crawl);
          const validation = validateLlmsTxt(llmsTxt, { allowedUrls: allowedUrlsOf(crawl), strict: true });
          expect(validation.errors.map(formatIssue)).toEqual([]);
          expect(linked).toBeGreaterThan(0);
          expect(linked).toBeLessThanOrEqual(crawl.pages.length);
          // Every link answers 200 on the site.
          for (const section of validation.parsed!.sections) {
            for (const link of section.links) {
              const response = await fetch(link.url.replace(/%28/g, '(').replace(/%29/g, ')'));
              expect(response.status, link.url).toBe(200);
            }
          }
        } finally {
          await site.close();
        }
      });
    }

    it('summit-docs: sections follow the MkDocs sidebar; the releases page is Optional', async () => {
      const site = await startStaticSite({
        root: sharedFixture('sites', 'summit-docs')!,
        mount: '/summit-docs/',
      });
      try {
        const crawl = await crawlSite(site.url, {}, { settings: { allowPrivateHosts: true } });
        const { plan } = buildExtractive(crawl);
        expect(plan.siteName).toBe('SUMMIT');
        expect(plan.summary).toMatch(
          /^SUMMIT \(Simulator for Urban Driving in Massive Mixed Traffic\) is an open-source simulator/,
        );
        expect(plan.sections.map((s) => s.name)).toEqual([
          // The sidebar's own groups (issue 9), not the URL folders ('Tutorials' holds two sidebar groups).
          'Overview',
          'Getting started',
          'Programming Tutorials',
          'Other Tutorials',
          'References',
          'Optional',
        ]);
        expect(plan.sections.at(-1)!.links.map((l) => new URL(l.url).pathname)).toEqual([
          '/summit-docs/references/releases/',
        ]);
      } finally {
        await site.close();
      }
    });
  },
);
