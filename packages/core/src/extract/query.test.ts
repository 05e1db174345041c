import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { CHROME_SELECTORS, type Selection, selectMainContent } from './main-content.js';
import { findAll, removeAll } from './query.js';

const page = `<!doctype html><html><head><title>t</title></head><body>
  <header><nav><a href="/1">one</a><a href="/2">two</a></nav></header>
  <main><h1>Title</h1><p>a <a href="/3">three</a> <button>x</button></p>
    <div class="toc"><a href="/4">four</a><div class="toc"><a href="/5">five</a></div></div>
    <aside hidden><p>gone</p></aside><p>b</p><script>var x</script></main>
  <footer><a href="/6">six</a></footer></body></html>`;

describe('findAll / removeAll', () => {
  it('match what cheerio .find() matches, in document order', () => {
    const $ = cheerio.load(page);
    for (const selector of ['a[href]', 'h1, h2, h3', CHROME_SELECTORS, 'nav, .toc', 'p']) {
      const roots: Selection[] = [$.root(), $('body'), $('main')];
      for (const root of roots) {
        expect(findAll(root.toArray(), selector)).toEqual(root.find(selector).toArray());
      }
    }
  });

  it('searches descendants only, not the root itself', () => {
    const $ = cheerio.load(page);
    expect(findAll($('main').toArray(), 'main')).toEqual([]);
  });

  it('remove leaves the same tree as cheerio .remove(), nested matches included', () => {
    const ours = cheerio.load(page);
    const theirs = cheerio.load(page);
    removeAll(findAll(ours.root().toArray(), CHROME_SELECTORS));
    theirs.root().find(CHROME_SELECTORS).remove();
    expect(ours.html()).toBe(theirs.html());
    // Sibling links are repaired: walking next from the first child visits exactly the children.
    const main = ours('main')[0]!;
    const walked: unknown[] = [];
    for (let node = main.children[0] ?? null; node; node = node.next) walked.push(node);
    expect(walked).toEqual(main.children);
    expect(main.children.every((child, i) => child.prev === (main.children[i - 1] ?? null))).toBe(true);
  });

  it('main content selection is unchanged on a page with 30,000 direct children of body', () => {
    // The shape that made cheerio's .find() quadratic (removeSubsets over every child): it must now finish well
    // inside the test timeout, with every link and the chrome gone.
    const body = Array.from({ length: 30_000 }, (_, i) => `<a href="/p/${i}">P${i}</a><br>`).join('');
    const $ = cheerio.load(
      `<html><body><nav><a href="/n">n</a></nav>${body}<footer>f</footer></body></html>`,
    );
    const main = selectMainContent($);
    expect(findAll(main.toArray(), 'a').length).toBe(30_000);
    expect(findAll(main.toArray(), 'nav, footer')).toEqual([]);
  });
});
