import { describe, expect, it } from 'vitest';
import { type PageFacts, pageFacts } from './html-facts.js';
import {
  currentVersions,
  isForeignLanguage,
  isOtherVersion,
  junkKind,
  localeOf,
  pageLanguage,
  pathLocale,
  versionSegment,
} from './page-judges.js';

const base = 'http://127.0.0.1:4000/site/';
const at = (path: string) => new URL(path, base).href;
const page = (html: string, url = at('page/')): PageFacts => pageFacts(html, url);
const prose = `<p>${'This page explains how the library works and what it is for. '.repeat(10)}</p>`;
const article = (body: string, head = '', lang = 'en') =>
  `<!doctype html><html lang="${lang}"><head><title>A page | Site</title>${head}</head><body><main>${body}</main></body></html>`;

describe('junkKind', () => {
  it('lets content pages through', () => {
    expect(junkKind(at('guide/start/'), page(article(`<h1>Start</h1>${prose}`)), '/site/')).toBeUndefined();
    // A post whose slug is "tags" is a post, not a tag listing.
    expect(
      junkKind(at('2013/12/24/tags/'), page(article(`<h1>Tags</h1>${prose}<a href="/t/a">a</a>`)), '/site/'),
    ).toBeUndefined();
    expect(
      junkKind(at('guide/tag-plugins/'), page(article(`<h1>Tag Plugins</h1>${prose}`)), '/site/'),
    ).toBeUndefined();
    expect(
      junkKind(at('guide/errors/'), page(article(`<h1>Error handling</h1>${prose}`)), '/site/'),
    ).toBeUndefined();
    // A page titled "Index" that has prose is not a generated index.
    const titledIndex = page(article(`<h1>Index</h1>${prose}`).replace('A page', 'Index'));
    expect(junkKind(at('index.html'), titledIndex, '/site/')).toBeUndefined();
  });
  it('finds generated indexes by URL and by title', () => {
    expect(junkKind(at('genindex.html'), undefined, '/site/')).toBe('generated-index');
    expect(junkKind(at('py-modindex.html'), undefined, '/site/')).toBe('generated-index');
    expect(junkKind(at('search/'), undefined, '/site/')).toBe('generated-index');
    expect(junkKind(at('sitemap.html'), undefined, '/site/')).toBe('generated-index');
    const index = page(article(`<h1>Index</h1><a href="a">a</a>`).replace('A page', 'Index'));
    expect(junkKind(at('terms.html'), index, '/site/')).toBe('generated-index');
  });
  it('finds source listings by folder, heading and code share', () => {
    expect(junkKind(at('_modules/pkg/mod.html'), undefined, '/site/')).toBe('source-listing');
    expect(
      junkKind(at('x.html'), page(article('<h1>Source code for pkg.mod</h1><pre>x = 1</pre>')), '/site/'),
    ).toBe('source-listing');
    const code = page(article(`<pre>${'def f(x):\n    return x\n'.repeat(200)}</pre>`));
    expect(junkKind(at('y.html'), code, '/site/')).toBe('source-listing');
  });
  it('finds tag, category, archive and pagination listings', () => {
    const links = page(article(`<h1>Tag: foo</h1>${'<a href="/p">A post title</a> '.repeat(10)}`));
    expect(junkKind(at('tags/foo/'), links, '/site/')).toBe('listing');
    expect(junkKind(at('categories/Foo/Bar/'), undefined, '/site/')).toBe('listing');
    expect(junkKind(at('archives/2014/05/'), undefined, '/site/')).toBe('listing');
    expect(junkKind(at('page/2/'), undefined, '/site/')).toBe('listing');
    expect(junkKind(at('blog/?page=3'), undefined, '/site/')).toBe('listing');
    expect(
      junkKind(
        at('writing/'),
        page(
          article(`<h1>Archives</h1>${'<a href="/p">Post</a> '.repeat(10)}`).replace('A page', 'Archives'),
        ),
        '/site/',
      ),
    ).toBe('listing');
  });
  it('finds redirect and moved stubs, drafts and error pages', () => {
    const refresh = page(
      '<html><head><title>Redirecting</title><noscript><meta http-equiv="refresh" content="1; url=1.2/"></noscript></head><body>Redirecting to <a href="1.2/">1.2/</a>...</body></html>',
      base,
    );
    expect(refresh.refreshTo).toBe(at('1.2/'));
    expect(junkKind(base, refresh, '/site/')).toBe('stub');
    expect(
      junkKind(
        at('old/'),
        page(article('<p>This page has moved to <a href="/new">the new site</a>.</p>')),
        '/site/',
      ),
    ).toBe('stub');
    expect(junkKind(at('drafts/idea/'), page(article(prose)), '/site/')).toBe('draft');
    const noindex = '<meta name="robots" content="noindex">';
    expect(junkKind(at('print.html'), page(article(prose, noindex)), '/site/')).toBe('noindex');
    expect(junkKind(at('missing/'), page(article('<h1>404</h1><p>Page not found</p>')), '/site/')).toBe(
      'error-page',
    );
  });
});

describe('languages', () => {
  it('reads locales from tags and path segments, not from ordinary folders', () => {
    expect(localeOf('zh-CN')).toBe('zh-cn');
    expect(localeOf('pt_BR')).toBe('pt-br');
    expect(localeOf('js')).toBeUndefined();
    expect(localeOf('api')).toBeUndefined();
    expect(pathLocale(at('zh-cn/book/x/'), '/site/')).toBe('zh-cn');
    expect(pathLocale(at('book/x/'), '/site/')).toBeUndefined();
    expect(pathLocale(at('ml/models/'), '/site/')).toBeUndefined();
    expect(pathLocale(at('it/'), '/site/')).toBeUndefined();
    expect(pageLanguage(at('x/'), page(article(prose, '', 'ja')), '/site/')).toBe('ja');
  });
  it('flags a page in another language than the start page, by lang or by locale folder', () => {
    const start = { language: 'en', pathLocale: undefined };
    expect(isForeignLanguage(at('zh-cn/a/'), page(article(prose, '', 'zh-CN')), start, '/site/')).toBe(true);
    expect(isForeignLanguage(at('ja/a/'), undefined, start, '/site/')).toBe(true);
    expect(isForeignLanguage(at('a/'), page(article(prose, '', 'en-US')), start, '/site/')).toBe(false);
    expect(isForeignLanguage(at('en/a/'), page(article(prose, '', 'en')), start, '/site/')).toBe(false);
    // The declared language wins over a folder name.
    expect(isForeignLanguage(at('ml/a/'), page(article(prose, '', 'en')), start, '/site/')).toBe(false);
    // A start page with no language: only a locale folder tells.
    expect(
      isForeignLanguage(
        at('a/'),
        page(article(prose, '', 'fr')),
        { language: undefined, pathLocale: undefined },
        '/site/',
      ),
    ).toBe(false);
    expect(
      isForeignLanguage(
        at('zh-tw/a/'),
        page(article(prose, '', 'zh-TW')),
        { language: 'zh-cn', pathLocale: 'zh-cn' },
        '/site/',
      ),
    ).toBe(true);
  });
});

describe('versions', () => {
  it('finds version folders, not dates, pagination or file names', () => {
    expect(versionSegment(at('1.2/api/x/'), '/site/')).toBe('1.2');
    expect(versionSegment(at('docs/2.5.0/hooks/'), '/site/')).toBe('2.5.0');
    expect(versionSegment(at('docs/next/hooks/'), '/site/')).toBe('next');
    expect(versionSegment(at('v2/guide/'), '/site/')).toBe('v2');
    expect(versionSegment(at('docs/1.x/guide/'), '/site/')).toBe('1.x');
    expect(versionSegment(at('2013/12/25/post/'), '/site/')).toBeUndefined();
    expect(versionSegment(at('page/2/'), '/site/')).toBeUndefined();
    expect(versionSegment(at('releases/v2.html'), '/site/')).toBeUndefined();
    expect(versionSegment(at('dev/guide/'), '/site/')).toBeUndefined();
  });
  it('derives the current version from the resolved start page and its canonical', () => {
    const current = currentVersions([at('1.2/'), at('latest/')], '/site/');
    expect([...current]).toEqual(['1.2', 'latest']);
    expect(isOtherVersion(at('1.2/start/'), current, '/site/')).toBe(false);
    expect(isOtherVersion(at('latest/start/'), current, '/site/')).toBe(false);
    expect(isOtherVersion(at('0.9/start/'), current, '/site/')).toBe(true);
    expect(isOtherVersion(at('about/'), current, '/site/')).toBe(false);
  });
  it('treats numbered and pre-release trees as other versions of an unversioned start', () => {
    const current = currentVersions([at('docs/')], '/site/');
    expect(isOtherVersion(at('docs/next/x/'), current, '/site/')).toBe(true);
    expect(isOtherVersion(at('docs/2.4.0/x/'), current, '/site/')).toBe(true);
    expect(isOtherVersion(at('docs/latest/x/'), current, '/site/')).toBe(false);
    expect(isOtherVersion(at('docs/x/'), current, '/site/')).toBe(false);
  });
});
