import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractBreadcrumbs } from './breadcrumbs.js';
import { extractNavBlocks } from './nav-blocks.js';

const BASE = 'https://docs.example.org/guides/install/';
const resolve = (href: string) => new URL(href, BASE).href.replace(/#.*$/, '');
const trail = (html: string) =>
  extractBreadcrumbs(cheerio.load(html), resolve).map(
    (c) => `${c.label}${c.url ? `=${new URL(c.url).pathname}` : ''}`,
  );

describe('extractBreadcrumbs', () => {
  it('reads schema.org BreadcrumbList JSON-LD (also inside @graph), in position order', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebPage', name: 'Install' },
        {
          '@type': 'BreadcrumbList',
          itemListElement: [
            { '@type': 'ListItem', position: 2, name: 'Guides', item: 'https://docs.example.org/guides/' },
            { '@type': 'ListItem', position: 1, name: 'Home', item: { '@id': 'https://docs.example.org/' } },
            { '@type': 'ListItem', position: 3, name: 'Install' },
          ],
        },
      ],
    };
    expect(trail(`<script type="application/ld+json">${JSON.stringify(ld)}</script>`)).toEqual([
      'Home=/',
      'Guides=/guides/',
      'Install',
    ]);
  });

  it('reads microdata and breadcrumb markup (aria-labelled nav, .breadcrumbs, text separators)', () => {
    expect(
      trail(`<ol itemscope itemtype="https://schema.org/BreadcrumbList">
        <li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
          <a itemprop="item" href="/"><span itemprop="name">Home</span></a></li>
        <li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
          <a itemprop="item" href="/guides/"><span itemprop="name">Guides</span></a></li></ol>`),
    ).toEqual(['Home=/', 'Guides=/guides/']);
    expect(
      trail(`<nav aria-label="Breadcrumbs"><ul class="breadcrumbs">
        <li class="breadcrumbs__item"><a href="/">Docs</a></li>
        <li class="breadcrumbs__item"><a href="../">Guides</a></li>
        <li class="breadcrumbs__item breadcrumbs__item--active"><span>Install</span></li></ul></nav>`),
    ).toEqual(['Docs=/', 'Guides=/guides/', 'Install']);
    expect(
      trail(
        `<div class="breadcrumb"><a href="/">Home</a> › <a href="/guides/">Guides</a> › <span>Install</span></div>`,
      ),
    ).toEqual(['Home=/', 'Guides=/guides/', 'Install']);
    expect(trail('<nav><a href="/a/">A</a></nav>')).toEqual([]);
  });

  it('a breadcrumb trail is not a navigation block (nor part of one)', () => {
    const $ = cheerio.load(`<header><a href="/">Home</a><a href="/blog/">Blog</a>
      <nav aria-label="breadcrumb"><ol class="breadcrumb"><li><a href="/guides/">Guides</a></li></ol></nav></header>
      <nav class="breadcrumbs"><a href="/x/">X</a></nav>`);
    const blocks = extractNavBlocks($, resolve);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.items.map((item) => item.label)).toEqual(['Home', 'Blog']);
  });
});
