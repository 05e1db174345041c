import { describe, expect, it } from 'vitest';
import { makePage } from '../generate/test-support.js';
import type { CrawledPage } from '../types.js';
import { classifyPage } from './page-kinds.js';

const ROOT = 'https://docs.example.org/';
const prose = 'This page explains the widget in detail. It covers every option with examples for readers.';
const stats = (fields: Partial<NonNullable<CrawledPage['stats']>> = {}) => ({
  textChars: 1000,
  codeChars: 0,
  linkChars: 0,
  links: 0,
  articles: 0,
  ...fields,
});
const page = (path: string, fields: Partial<CrawledPage> = {}) =>
  makePage(`${ROOT}${path}`, { text: prose, paragraphs: [prose, prose], stats: stats(), ...fields });
const kind = (p: CrawledPage, home?: CrawledPage) => classifyPage(p, { basePath: '/', home });

describe('classifyPage', () => {
  it('home, content', () => {
    const home = page('');
    expect(kind(home, home)).toBe('home');
    expect(kind(page('guide/install/'), home)).toBe('content');
  });

  it('generated indexes: genindex, module index, search (a thin one), sitemap pages', () => {
    expect(kind(page('genindex.html', { title: 'Index' }))).toBe('generated-index');
    expect(kind(page('py-modindex.html', { title: 'Python Module Index' }))).toBe('generated-index');
    expect(
      kind(page('search.html', { title: 'Search', text: 'Search', stats: stats({ textChars: 6 }) })),
    ).toBe('generated-index');
    // A real page about searching is content.
    expect(kind(page('search/', { title: 'Search WorldCat', stats: stats({ textChars: 4000 }) }))).toBe(
      'content',
    );
  });

  it('source listings: Sphinx _modules, coverage reports, pages that are all code', () => {
    expect(kind(page('_modules/weac/core.html', { title: 'weac.core' }))).toBe('source-listing');
    expect(kind(page('cov/index.html', { title: 'Coverage report: 93%' }))).toBe('source-listing');
    expect(
      kind(page('x/y.html', { paragraphs: [], stats: stats({ textChars: 9000, codeChars: 8500 }) })),
    ).toBe('source-listing');
  });

  it('listings: tags, categories, archives, pagination, date archives', () => {
    const listing = { paragraphs: [], stats: stats({ linkChars: 600 }) };
    expect(kind(page('tags/example/', { title: 'Tag: example', ...listing }))).toBe('listing');
    expect(kind(page('categories/Foo/Bar/', listing))).toBe('listing');
    expect(kind(page('archives/', { title: 'Writing', ...listing }))).toBe('listing');
    expect(kind(page('page/2/'))).toBe('listing');
    expect(kind(page('2016/11/'))).toBe('listing');
    // A dated post is content.
    expect(kind(page('2016/11/14/hello-world/'))).toBe('content');
  });

  it('redirect and moved stubs, drafts, error pages', () => {
    expect(kind(page('old/', { refresh: `${ROOT}new/` }))).toBe('redirect');
    expect(kind(page('moved/', { title: 'Moved', text: 'This page has moved to the new site.' }))).toBe(
      'redirect',
    );
    expect(kind(page('articles/drafts/idea/'))).toBe('draft');
    expect(kind(page('404.html', { title: 'Page not found' }))).toBe('error');
  });

  it('demo and example pages without prose are secondary; a worked example with prose is content', () => {
    const demo = { text: 'Casey\n\nNext', paragraphs: ['Casey'] };
    expect(kind(page('examples/history/gallery/casey.html', demo))).toBe('example');
    expect(kind(page('demo/canvas.html', { text: 'Click to play', paragraphs: [] }))).toBe('example');
    // Prose explaining the example (two real paragraphs): documentation.
    expect(kind(page('examples/basic-usage/'))).toBe('content');
    // No examples folder: a short page is content, whatever it holds.
    expect(kind(page('guide/casey.html', demo))).toBe('content');
  });

  it('secondary kinds: changelog, news, legal; a History chapter is content', () => {
    expect(kind(page('changelog/', { title: 'Changelog' }))).toBe('changelog');
    expect(kind(page('release-notes/', { title: 'Release notes' }))).toBe('changelog');
    expect(kind(page('blog/2024/launch/', { title: 'We launched' }))).toBe('news');
    expect(kind(page('privacy/', { title: 'Privacy policy' }))).toBe('legal');
    expect(kind(page('history.html', { title: 'Manipulating History for Fun & Profit' }))).toBe('content');
  });

  it('stubs: a near-empty page whose only prose is a placeholder', () => {
    const stub = page('navigation/intro.html', {
      title: 'Navigation',
      headings: ['Navigation'],
      text: 'Navigation\n\nTODO Intro to navigation\n\nBy topic\n\nFAQs',
      paragraphs: ['TODO Intro to navigation'],
      stats: stats({ textChars: 60 }),
    });
    expect(kind(stub)).toBe('stub');
    expect(kind(page('soon/', { title: 'Plugins', text: 'Plugins\n\nComing soon!', paragraphs: [] }))).toBe(
      'stub',
    );
    // A page that says TODO among real prose is content.
    const real = `TODO: add screenshots. ${prose}`;
    expect(kind(page('guide/', { text: real, paragraphs: ['TODO: add screenshots.', prose] }))).toBe(
      'content',
    );
  });

  it("Javadoc's generated pages: frames, the index, trees, deprecated and constant lists", () => {
    for (const path of [
      'api/allclasses-frame.html',
      'api/overview-frame.html',
      'api/pkg/package-frame.html',
      'api/index-all.html',
      'api/overview-tree.html',
      'api/deprecated-list.html',
      'api/constant-values.html',
    ])
      expect(kind(page(path, { title: 'Something (retrofit API)' })), path).toBe('generated-index');
    expect(kind(page('api/overview-summary.html', { title: 'Overview (retrofit API)' }))).toBe('content');
    // The frameset holding them has no text of its own: it forwards to its frames.
    const frameset = page('api/index.html', {
      text: '',
      paragraphs: [],
      stats: stats({ textChars: 0, frames: 3 }),
    });
    expect(kind(frameset)).toBe('redirect');
  });
});
