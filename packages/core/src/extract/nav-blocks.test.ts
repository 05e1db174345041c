import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractNavBlocks, type NavItem } from './nav-blocks.js';

const BASE = 'https://docs.example.org/';
const blocks = (html: string) =>
  extractNavBlocks(cheerio.load(html), (href) => new URL(href, BASE).href.replace(/#.*$/, ''));
/** 'Label' or 'Label=path', children indented. */
const outline = (items: readonly NavItem[], depth = 0): string[] =>
  items.flatMap((item) => [
    `${'  '.repeat(depth)}${item.label}${item.url ? `=${new URL(item.url).pathname}` : ''}`,
    ...outline(item.children, depth + 1),
  ]);

describe('extractNavBlocks', () => {
  it('a toctree sidebar: captions head their lists, nesting follows the lists', () => {
    const [block] = blocks(`<body><nav class="sidebar current">
      <p class="caption"><span class="caption-text">Getting Started</span></p>
      <ul><li><a href="intro.html">Intro</a><ul><li><a href="install.html">Install</a></li></ul></li></ul>
      <p class="caption">API</p><ul><li><a href="api.html">Reference</a></li></ul></nav></body>`);
    expect(outline(block!.items)).toEqual([
      'Getting Started',
      '  Intro=/intro.html',
      '    Install=/install.html',
      'API',
      '  Reference=/api.html',
    ]);
    // State classes ('current') are not part of the block's identity across pages.
    expect(block!.key).toBe('nav#.sidebar[]');
  });

  it('group labels from headings, <summary> and a list item without a link of its own', () => {
    const [block] = blocks(`<aside>
      <div class="navGroup"><h3>Documentation</h3><ul><li><a href="/quickstart">Quick start</a></li></ul></div>
      <ul><li><details><summary>Book</summary><ul><li><a href="/book/one/">One</a></li></ul></details></li>
      <li><span>Guides</span><ul><li><a href="/guides/a/">A</a></li><li><a href="/guides/b/">B</a></li></ul></li></ul>
    </aside>`);
    expect(outline(block!.items)).toEqual([
      'Documentation',
      '  Quick start=/quickstart',
      'Book',
      '  One=/book/one/',
      'Guides',
      '  A=/guides/a/',
      '  B=/guides/b/',
    ]);
  });

  it('skips on-page anchors and empty labels, keeps only outermost containers', () => {
    const found =
      blocks(`<header><nav><a href="/">Home</a><a href="#top">Top</a><a href="/x/"><i></i></a></nav></header>
      <nav class="toc"><a href="#intro">Intro</a></nav>`);
    expect(found).toHaveLength(1);
    expect(outline(found[0]!.items)).toEqual(['Home=/']);
  });
});
