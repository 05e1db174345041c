import { describe, expect, it } from 'vitest';
import { pageFacts, refreshTarget } from './html-facts.js';
import { pageKey, siteNavigation } from './site-nav.js';

const scope = { origin: 'http://127.0.0.1:4000', basePath: '/docs/', production: 'https://example.org/' };
const url = (path: string) => `http://127.0.0.1:4000${path}`;

const sidebar = `<nav class="sidebar">
  <p class="caption">Getting Started</p>
  <ul><li><a href="/docs/intro/">Introduction</a></li><li><a href="/docs/install">Install</a></li></ul>
  <p class="caption">Reference</p>
  <ul><li><a href="/docs/api/">API</a><ul><li><a href="/docs/api/a.html">a</a></li></ul></li></ul>
</nav>`;
const layout = (nav: string, main: string) =>
  `<html lang="en"><head><title>T</title></head><body><header><nav><a href="/docs/">Home</a></nav></header>${nav}<main>${main}</main></body></html>`;

describe('pageKey', () => {
  it('treats x, x/, x.html and x/index.html as one page and maps the production host', () => {
    expect(pageKey(url('/docs/a'), scope)).toBe('/docs/a');
    expect(pageKey(url('/docs/a/'), scope)).toBe('/docs/a');
    expect(pageKey(url('/docs/a.html'), scope)).toBe('/docs/a');
    expect(pageKey(url('/docs/a/index.html#x'), scope)).toBe('/docs/a');
    expect(pageKey(url('/docs/a/index.md'), scope)).toBe('/docs/a');
    expect(pageKey(url('/docs/a.html.md'), scope)).toBe('/docs/a');
    expect(pageKey('https://example.org/a/', scope)).toBe('/docs/a');
    expect(pageKey(url('/docs/'), scope)).toBe('/docs');
    expect(pageKey(url('/other/'), scope)).toBeUndefined();
    expect(pageKey('https://github.com/x', scope)).toBeUndefined();
  });
});

describe('pageFacts', () => {
  it('reads refresh targets, canonical, language and text shares', () => {
    expect(refreshTarget('0; url=/x/')).toBe('/x/');
    expect(refreshTarget("1;URL='next.html'")).toBe('next.html');
    const facts = pageFacts(
      `<html lang="en-US"><head><link rel="canonical" href="https://example.org/a/"><meta http-equiv="Refresh" content="0;url=b/"></head><body><main><h2>Setup¶</h2><p>Some text</p><pre>code here</pre><a href="x">a link</a></main></body></html>`,
      url('/docs/a/'),
    );
    expect(facts.lang).toBe('en-us');
    expect(facts.canonical).toBe('https://example.org/a/');
    expect(facts.refreshTo).toBe(url('/docs/a/b/'));
    expect(facts.codeShare).toBeGreaterThan(0.2);
    expect(facts.linkShare).toBeGreaterThan(0.1);
    expect(facts.headings).toEqual(['Setup']);
    expect(facts.blocks).toEqual(['Setup¶', 'Some text', 'code here', 'a link']);
  });
  it('finds navigation containers with their ordered links and group labels', () => {
    const facts = pageFacts(layout(sidebar, '<p>x</p>'), url('/docs/'));
    const side = facts.navs.find((n) => n.links.length === 4)!;
    expect(side.links.map((l) => [l.url.replace('http://127.0.0.1:4000', ''), l.group])).toEqual([
      ['/docs/intro/', 'Getting Started'],
      ['/docs/install', 'Getting Started'],
      ['/docs/api/', 'Reference'],
      ['/docs/api/a.html', 'Reference'],
    ]);
  });
  it('labels groups of a nested tree by their parent item', () => {
    const tree = `<aside><ul><li><span>Guide</span><ul><li><a href="/docs/g1">G1</a></li><li><a href="/docs/g2">G2</a></li></ul></li><li><a href="/docs/faq">FAQ</a></li></ul></aside>`;
    const facts = pageFacts(layout(tree, ''), url('/docs/'));
    const aside = facts.navs.find((n) => n.how === 'aside')!;
    expect(aside.links.map((l) => l.group)).toEqual(['Guide', 'Guide', '']);
  });
  it('parses a meta refresh inside <noscript> and notes a table of contents frame', () => {
    const facts = pageFacts(
      '<html><head><noscript><meta http-equiv="refresh" content="1; url=1.2/"></noscript></head><body><nav><noscript><iframe src="toc.html"></iframe></noscript></nav></body></html>',
      url('/docs/'),
    );
    expect(facts.refreshTo).toBe(url('/docs/1.2/'));
    expect(facts.navFrames).toEqual([url('/docs/toc.html')]);
  });
});

describe('siteNavigation', () => {
  it("takes the start page's largest navigation container", () => {
    const start = pageFacts(layout(sidebar, ''), url('/docs/'));
    const nav = siteNavigation(start, [], scope)!;
    expect(nav.source).toBe('start page nav');
    expect(nav.entries.map((e) => e.key)).toEqual([
      '/docs/intro',
      '/docs/install',
      '/docs/api',
      '/docs/api/a',
    ]);
  });
  it('falls back to the container repeated across pages, then to a long list on the start page', () => {
    const bare = pageFacts(layout('', '<p>home</p>'), url('/docs/'));
    const other = pageFacts(layout(sidebar, ''), url('/docs/intro/'));
    const other2 = pageFacts(layout(sidebar, ''), url('/docs/install/'));
    expect(siteNavigation(bare, [other, other2], scope)?.source).toBe('common nav');
    const list = pageFacts(
      layout(
        '',
        `<ol>${[1, 2, 3, 4, 5].map((i) => `<li><a href="/docs/ch${i}">Chapter ${i}</a></li>`).join('')}</ol>`,
      ),
      url('/docs/'),
    );
    const nav = siteNavigation(list, [], scope)!;
    expect(nav.source).toBe('start page list');
    expect(nav.entries).toHaveLength(5);
    expect(siteNavigation(bare, [], scope)).toBeUndefined();
  });
});

describe('nav group labels of common generators', () => {
  it('reads a flat list with label items (mdBook part titles), skipping unlinked items of the same kind', () => {
    const toc = `<ol class="chapter"><li class="chapter-item"><a href="/docs/intro.html">Intro</a></li>
      <li class="part-title">Part 1: Guide</li><li class="chapter-item"><a href="/docs/g1.html">G1</a></li>
      <li class="chapter-item"><div>Draft chapter</div></li><li class="chapter-item"><a href="/docs/g2.html">G2</a></li></ol>`;
    const facts = pageFacts(`<html><body><nav>${toc}</nav></body></html>`, url('/docs/'));
    expect(facts.navs[0]!.links.map((l) => l.group)).toEqual(['', 'Part 1: Guide', 'Part 1: Guide']);
  });
  it('reads a label once when a nested nav repeats it (MkDocs Material) and a <details> summary (Starlight)', () => {
    const material = `<nav><ul><li class="nested"><input type="checkbox"><label>Guide</label><nav><label>Guide</label><ul>
      <li><a href="/docs/g1/">G1</a></li></ul></nav></li></ul></nav>`;
    expect(pageFacts(material, url('/docs/')).navs[0]!.links[0]!.group).toBe('Guide');
    const starlight = `<nav><ul><li><details open><summary><span>Book</span></summary><ul>
      <li><a href="/docs/b1/">B1</a></li></ul></details></li></ul></nav>`;
    expect(pageFacts(starlight, url('/docs/')).navs[0]!.links[0]!.group).toBe('Book');
  });
});
