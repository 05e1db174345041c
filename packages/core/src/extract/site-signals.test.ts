import { describe, expect, it } from 'vitest';
import { extractPage, refreshTarget } from './extract-page.js';

const URL_ = 'https://docs.example.org/guide/page.html';

describe('extractPage: site-understanding signals (plain data)', () => {
  it('meta refresh targets, also inside <noscript>; hreflang alternates; rel=next; generator', () => {
    const page = extractPage(
      `<html lang="en"><head><meta name="generator" content="mkdocs-1.6.1">
      <noscript><meta http-equiv="refresh" content="1; url=../1.2/"></noscript>
      <link rel="alternate" hreflang="zh-CN" href="/zh-cn/guide/page.html">
      <link rel="alternate" hreflang="x-default" href="/guide/page.html"></head>
      <body><main><p>Text that is long enough to be a paragraph here.</p><a rel="next prefetch" href="two.html">Next</a></main></body></html>`,
      URL_,
    );
    expect(page.refresh).toBe('https://docs.example.org/1.2/');
    expect(page.alternates).toEqual([
      { lang: 'zh-CN', url: 'https://docs.example.org/zh-cn/guide/page.html' },
      { lang: 'x-default', url: 'https://docs.example.org/guide/page.html' },
    ]);
    expect(page.next).toBe('https://docs.example.org/guide/two.html');
    expect(page.generator).toBe('mkdocs-1.6.1');
    expect(refreshTarget("0;URL='/docs/index.html'", URL_)).toBe('https://docs.example.org/docs/index.html');
    expect(refreshTarget('5', URL_)).toBe(undefined);
    // The record is plain data: it survives structured cloning (a worker thread's postMessage).
    expect(structuredClone(page)).toEqual(page);
  });

  it('lead paragraphs: hard wraps joined; epigraphs, admonitions, tables, lists, images, permalinks and [source] left out', () => {
    const page = extractPage(
      `<main><h1>pkgdown <a class="headerlink" href="#x">¶</a></h1>
      <blockquote><p>An epigraph that is quoted from somebody famous.</p></blockquote>
      <div class="admonition note"><p>Note: this is an admonition, not the lead.</p></div>
      <p><img src="logo.png"> pkgdown is designed to make it quick and easy to build a website for your package. It is an R
      package.</p>
      <table><tr><td><p>A cell that is long enough to count as prose.</p></td></tr></table>
      <p>The second paragraph <a class="viewcode-link" href="x"><span>[source]</span></a> explains more.</p></main>`,
      URL_,
    );
    expect(page.paragraphs).toEqual([
      'pkgdown is designed to make it quick and easy to build a website for your package. It is an R package.',
      'The second paragraph explains more.',
    ]);
    // The plain text joins the source's hard wraps too.
    expect(page.text).toContain('It is an R package.');
  });

  it('content stats: code share, link text share, several <article>s', () => {
    const page = extractPage(
      `<body><article><a href="/a/">A post title here</a></article><article><a href="/b/">B</a></article>
       <main><pre><code>${'x = 1\n'.repeat(50)}</code></pre><p>Short prose line for the page.</p></main></body>`,
      URL_,
    );
    expect(page.stats.articles).toBe(2);
    expect(page.stats.codeChars).toBeGreaterThan(page.stats.textChars * 0.8);
  });
});
