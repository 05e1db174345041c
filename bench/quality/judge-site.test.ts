import { startStaticSite } from '@ltx/test-kit';
import { describe, expect, it } from 'vitest';
import { judgeLlmsTxt } from './judge-site.js';
import { htmlCandidates, httpPageReader } from './page-reader.js';
import { emptyDescription, summaryOf } from './text-judges.js';

const sidebar = `<nav class="sidebar"><p class="caption">Guide</p><ul>
<li><a href="/site/2.0/intro/">Introduction</a></li><li><a href="/site/2.0/install/">Install</a></li></ul>
<p class="caption">Reference</p><ul><li><a href="/site/2.0/api/">API</a></li></ul></nav>`;
const page = (title: string, body: string, lang = 'en') =>
  `<!doctype html><html lang="${lang}"><head><title>${title} | Site</title></head><body>${sidebar}<main><h1>${title}</h1>${body}</main></body></html>`;
const prose = '<p>Explains what the tool does and how to use it in a project of any size.</p>';

/** A small versioned, bilingual site with junk pages, served over real HTTP. */
async function site() {
  return startStaticSite({
    files: {
      '/site/':
        '<html><head><meta http-equiv="refresh" content="0; url=2.0/"></head><body>Redirecting</body></html>',
      '/site/2.0/': page('Home', prose),
      '/site/2.0/intro/': page('Introduction', prose),
      '/site/2.0/install/': page('Install', prose),
      '/site/2.0/api/': page('API', prose),
      '/site/2.0/genindex.html': page('Index', '<a href="/site/2.0/api/">api</a>'),
      '/site/1.0/intro/': page('Introduction', prose),
      '/site/ja/2.0/intro/': page('はじめに', '<p>日本語の説明です。</p>', 'ja'),
    },
  });
}

describe('judgeLlmsTxt', () => {
  it('counts each defect class of an llms.txt against the served site', async () => {
    const server = await site();
    try {
      const u = (path: string) => `${server.origin}${path}`;
      const llmsTxt = `# Site

> Documentation for Site

## 2

- [Home](${u('/site/')})
- [API](${u('/site/2.0/api/')}): The API reference of the
- [Install](${u('/site/2.0/install/')}): How to install it.
- [Introduction](${u('/site/2.0/intro/')}): ## Introduction
- [Index](${u('/site/2.0/genindex.html')}): Index.
- [Introduction](${u('/site/1.0/intro/')}): The old introduction.
- [はじめに](${u('/site/ja/2.0/intro/')}): 日本語。
`;
      const judgement = await judgeLlmsTxt(
        llmsTxt,
        u('/site/'),
        { origin: server.origin, basePath: '/site/' },
        httpPageReader(),
      );
      expect(judgement.resolvedStart).toBe(u('/site/2.0/'));
      expect(judgement.currentVersions).toEqual(['2.0']);
      expect(judgement.summary.defect).toBe('boilerplate');
      expect(judgement.links).toEqual({ total: 7, main: 7, optional: 0 });
      expect(judgement.undescribed.reasons).toEqual({ none: 1, title: 2 }); // Home; Index, "## Introduction"
      expect(judgement.cut.examples.map((e) => e.title)).toEqual(['API']); // "... of the"
      expect(judgement.markup.kinds).toEqual({ 'heading-mark': 1 });
      expect(judgement.junk.kinds).toEqual({ stub: 1, 'generated-index': 1 });
      expect(judgement.foreign.count).toBe(1);
      expect(judgement.oldVersions.examples.map((e) => e.url)).toEqual([u('/site/1.0/intro/')]);
      expect(judgement.badSections.examples).toEqual([{ title: '2', detail: 'version' }]);
      expect(judgement.duplicates.count).toBe(1);
      // Nav order intro, install, api: the file lists api, install, intro -> both pairs go backwards.
      expect(judgement.nav).toMatchObject({ source: 'start page nav', inNav: 3, pairs: 2, outOfOrder: 2 });
      expect(judgement.nav?.linksMisgrouped).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('judgeLlmsTxt on twins and other hosts', () => {
  it('judges a Markdown twin by its HTML page and another host by its URL alone, without fetching it', async () => {
    const server = await site();
    try {
      const u = (path: string) => `${server.origin}${path}`;
      const llmsTxt = `# Site\n\n> Site is a tool that does things.\n\n## Docs\n\n- [Intro](${u('/site/ja/2.0/intro/index.md')}): Intro.\n- [Elsewhere](http://192.0.2.1/x/): Elsewhere.\n`;
      const started = server.requests.length;
      const judgement = await judgeLlmsTxt(
        llmsTxt,
        u('/site/'),
        { origin: server.origin, basePath: '/site/' },
        httpPageReader(),
      );
      expect(judgement.foreign.count).toBe(1); // judged from the twin's HTML page (lang="ja")
      expect(server.requests.slice(started)).toContain('/site/ja/2.0/intro/');
      expect(judgement.unreadable).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('judgeLlmsTxt on section names', () => {
  it("accepts a slug-like section name that is one of the site's own nav group labels", async () => {
    const nav =
      '<nav><p class="caption">weac.core</p><ul><li><a href="/d/a/">A</a></li><li><a href="/d/b/">B</a></li><li><a href="/d/c/">C</a></li></ul></nav>';
    const html = (t: string) =>
      `<html lang="en"><head><title>${t}</title></head><body>${nav}<main><p>${t} text.</p></main></body></html>`;
    const server = await startStaticSite({
      files: { '/d/': html('Home'), '/d/a/': html('A'), '/d/b/': html('B'), '/d/c/': html('C') },
    });
    try {
      const u = (path: string) => `${server.origin}${path}`;
      const llmsTxt = `# D\n\n> D is a library for things.\n\n## weac.core\n\n- [A](${u('/d/a/')}): A text.\n\n## getting-started\n\n- [B](${u('/d/b/')}): B text.\n`;
      const judgement = await judgeLlmsTxt(
        llmsTxt,
        u('/d/'),
        { origin: server.origin, basePath: '/d/' },
        httpPageReader(),
      );
      expect(judgement.badSections.examples).toEqual([{ title: 'getting-started', detail: 'slug' }]);
    } finally {
      await server.close();
    }
  });
});

describe('emptyDescription', () => {
  it('calls a missing, title-only or widely shared description empty', () => {
    const uses = new Map([
      ['documentation for x', 3],
      ['how to install it', 1],
    ]);
    expect(emptyDescription('', 'Install', uses)).toBe('none');
    expect(emptyDescription('Install.', 'Install', uses)).toBe('title');
    expect(emptyDescription('Documentation for X', 'Install', uses)).toBe('shared');
    expect(emptyDescription('How to install it.', 'Install', uses)).toBeUndefined();
  });
});

describe('summaryOf', () => {
  it('reads the blockquote after the H1, over several lines, with or without details after it', () => {
    expect(summaryOf('# T\n\n> One\n> two.\n\nDetails.\n')).toBe('One two.');
    expect(summaryOf('# T\n> Alone.\n')).toBe('Alone.');
    expect(summaryOf('\uFEFF# T\n\n> After a byte order mark.\n')).toBe('After a byte order mark.');
    expect(summaryOf('# T\n\nNo quote.\n')).toBeNull();
  });
});

describe('htmlCandidates', () => {
  it('maps Markdown twins to the HTML pages they stand for', () => {
    expect(htmlCandidates('http://h/d/a.html.md')).toEqual(['http://h/d/a.html']);
    expect(htmlCandidates('http://h/d/index.md')).toEqual(['http://h/d/']);
    expect(htmlCandidates('http://h/d/a.md')).toEqual(['http://h/d/a.html', 'http://h/d/a/']);
    expect(htmlCandidates('http://h/d/a/')).toEqual([]);
  });
});
