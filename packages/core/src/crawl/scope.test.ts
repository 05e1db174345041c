import { describe, expect, it } from 'vitest';
import { commonDirectory, pageUrlAlias, sitemapAliases } from './alias-evidence.js';
import { basePathOf, CrawlScope } from './scope.js';

describe('basePathOf', () => {
  it('keeps directories, takes the directory of files and treats extensionless paths as directories', () => {
    expect(basePathOf('/')).toBe('/');
    expect(basePathOf('/docs/')).toBe('/docs/');
    expect(basePathOf('/docs/intro.html')).toBe('/docs/');
    expect(basePathOf('/index.html')).toBe('/');
    expect(basePathOf('/docs')).toBe('/docs/');
    expect(basePathOf('/docs/v1.2/guide.html')).toBe('/docs/v1.2/');
  });
});

describe('CrawlScope', () => {
  const scope = new CrawlScope('http://127.0.0.1:8080/summit-docs/');

  it('accepts the base path and below, on the crawled origin only', () => {
    expect(scope.resolve('getting_started/', 'http://127.0.0.1:8080/summit-docs/')).toBe(
      'http://127.0.0.1:8080/summit-docs/getting_started/',
    );
    expect(scope.resolve('http://127.0.0.1:8080/summit-docs')).toBe('http://127.0.0.1:8080/summit-docs');
    expect(scope.resolve('http://127.0.0.1:8080/other/')).toBeUndefined();
    expect(scope.resolve('https://adacompnus.github.io/summit-docs/x/')).toBeUndefined();
    expect(scope.resolve('mailto:x@y.z')).toBeUndefined();
  });

  it('maps alias hosts onto the crawled origin once recorded', () => {
    expect(scope.foreignHostInScope('https://adacompnus.github.io/summit-docs/x/')).toBe(
      'adacompnus.github.io',
    );
    expect(scope.foreignHostInScope('https://adacompnus.github.io/elsewhere/')).toBeUndefined();
    expect(scope.addAlias('adacompnus.github.io')).toBe(true);
    expect(scope.addAlias('adacompnus.github.io')).toBe(false);
    expect(scope.addAlias('127.0.0.1:8080')).toBe(false);
    expect(scope.resolve('https://adacompnus.github.io/summit-docs/x/?utm_source=a#top')).toBe(
      'http://127.0.0.1:8080/summit-docs/x/',
    );
    expect(scope.resolve('https://adacompnus.github.io/elsewhere/')).toBeUndefined();
    expect(scope.mapHost('https://adacompnus.github.io/sitemap.xml')).toBe(
      'http://127.0.0.1:8080/sitemap.xml',
    );
    expect(scope.hostAliases).toEqual(['adacompnus.github.io']);
  });

  it('treats the other scheme on the same host as the same site', () => {
    const https = new CrawlScope('https://example.com/docs/');
    expect(https.resolve('http://example.com/docs/a')).toBe('https://example.com/docs/a');
  });
});

describe('CrawlScope path-prefix aliases', () => {
  it('maps a production root onto the sub-path it is mirrored under', () => {
    const scope = new CrawlScope('http://127.0.0.1:8080/0atman/');
    expect(scope.addAlias('0atman.com', '/', '/0atman/')).toBe(true);
    expect(scope.aliases).toEqual([{ host: '0atman.com', fromPrefix: '/', toPrefix: '/0atman/' }]);
    expect(scope.resolve('https://0atman.com/articles/icecast/')).toBe(
      'http://127.0.0.1:8080/0atman/articles/icecast/',
    );
    expect(scope.resolve('https://0atman.com/')).toBe('http://127.0.0.1:8080/0atman/');
    expect(scope.resolve('https://0atman.com/index.html?utm_source=x')).toBe('http://127.0.0.1:8080/0atman/');
    expect(scope.mapHost('https://0atman.com/sitemap.xml')).toBe('http://127.0.0.1:8080/0atman/sitemap.xml');
    // The crawled origin's own root is still outside the scope, whatever the alias says.
    expect(scope.resolve('http://127.0.0.1:8080/articles/icecast/')).toBeUndefined();
  });

  it('rejects a URL on the alias host outside its fromPrefix', () => {
    const scope = new CrawlScope('http://127.0.0.1:8080/mirror/');
    scope.addAlias('prod.example', '/docs/', '/mirror/');
    expect(scope.resolve('https://prod.example/docs/a/')).toBe('http://127.0.0.1:8080/mirror/a/');
    expect(scope.resolve('https://prod.example/docs')).toBe('http://127.0.0.1:8080/mirror');
    expect(scope.resolve('https://prod.example/blog/post/')).toBeUndefined();
    expect(scope.mapHost('https://prod.example/blog/post/')).toBeUndefined();
    expect(scope.resolve('https://prod.example/docsextra/')).toBeUndefined();
  });

  it('never turns a path starting with // into another host', () => {
    const scope = new CrawlScope('http://127.0.0.1:8080/');
    scope.addAlias('prod.example');
    expect(scope.mapHost('https://prod.example//evil.example/x')).toBe(
      'http://127.0.0.1:8080//evil.example/x',
    );
    expect(new URL(scope.resolve('https://prod.example//evil.example/x')!).host).toBe('127.0.0.1:8080');
  });

  it('does not alias a third-party host that is merely linked', () => {
    const scope = new CrawlScope('http://127.0.0.1:8080/0atman/');
    expect(scope.resolve('https://github.com/0atman/blog/')).toBeUndefined();
    expect(scope.foreignHost('https://github.com/0atman/blog/')).toBe('github.com');
    expect(scope.hostAliases).toEqual([]);
    // In a sitemap, a host holding a minority of the locations is a link, not the site's other name.
    const locations = [
      'https://0atman.com/',
      'https://0atman.com/about/',
      'https://0atman.com/articles/a/',
      'https://github.com/0atman/',
    ];
    const found = sitemapAliases(scope, locations, 'http://127.0.0.1:8080/0atman/sitemap.xml');
    expect(found.map((alias) => alias.host)).toEqual(['0atman.com']);
  });
});

describe('alias evidence', () => {
  it('takes the common directory of the locations', () => {
    expect(commonDirectory(['/', '/about/', '/articles/a/'])).toBe('/');
    expect(commonDirectory(['/docs/', '/docs/a/', '/docs/b/c.html'])).toBe('/docs/');
    expect(commonDirectory(['/docs', '/docs/a'])).toBe('/docs/');
    expect(commonDirectory(['/docs/a/', '/docs/b/'])).toBe('/docs/');
  });

  it('maps the root of a sitemap read under the base path onto that base path', () => {
    const scope = new CrawlScope('http://127.0.0.1:8080/0atman/');
    const locations = ['https://0atman.com/', 'https://0atman.com/about/', 'https://0atman.com/articles/a/'];
    expect(sitemapAliases(scope, locations, 'http://127.0.0.1:8080/0atman/sitemap.xml')).toEqual([
      { host: '0atman.com', fromPrefix: '/', toPrefix: '/0atman/', rule: 'sitemap root' },
    ]);
    // Without the home page, two or more locations still give their common directory; one file does not.
    expect(
      sitemapAliases(scope, locations.slice(1), 'http://127.0.0.1:8080/0atman/sitemap.xml')[0],
    ).toMatchObject({ fromPrefix: '/', rule: 'sitemap common directory' });
    expect(
      sitemapAliases(scope, ['https://0atman.com/a/post.html'], 'http://127.0.0.1:8080/0atman/sitemap.xml'),
    ).toEqual([]);
    // The origin root's sitemap is another site's (the server's), not the one under /0atman/.
    expect(sitemapAliases(scope, locations, 'http://127.0.0.1:8080/sitemap.xml')).toEqual([]);
  });

  it('keeps the same paths when the locations are already in scope', () => {
    const scope = new CrawlScope('http://127.0.0.1:8080/summit-docs/');
    const locations = [
      'https://adacompnus.github.io/summit-docs/',
      'https://adacompnus.github.io/summit-docs/getting_started/',
    ];
    expect(sitemapAliases(scope, locations, 'http://127.0.0.1:8080/summit-docs/sitemap.xml')).toEqual([
      {
        host: 'adacompnus.github.io',
        fromPrefix: '/summit-docs/',
        toPrefix: '/summit-docs/',
        rule: 'sitemap same paths',
      },
    ]);
  });

  it('turns a start page canonical on another host into an alias of the start directory', () => {
    const scope = new CrawlScope('http://127.0.0.1:8080/0atman/');
    expect(pageUrlAlias(scope, 'https://0atman.com/', 'http://127.0.0.1:8080/0atman/', true)).toEqual({
      host: '0atman.com',
      fromPrefix: '/',
      toPrefix: '/0atman/',
      rule: 'start URL',
    });
    const deep = new CrawlScope('http://127.0.0.1:8080/mirror/intro.html');
    expect(
      pageUrlAlias(
        deep,
        'https://prod.example/docs/intro.html',
        'http://127.0.0.1:8080/mirror/intro.html',
        true,
      ),
    ).toMatchObject({ fromPrefix: '/docs/', toPrefix: '/mirror/' });
    // The canonical names another page than the start page: no mapping can be read from it.
    expect(
      pageUrlAlias(
        deep,
        'https://prod.example/docs/other.html',
        'http://127.0.0.1:8080/mirror/intro.html',
        true,
      ),
    ).toBeUndefined();
    // Only the start page may map a prefix; other pages only confirm the same path.
    expect(
      pageUrlAlias(scope, 'https://0atman.com/about/', 'http://127.0.0.1:8080/0atman/about/', false),
    ).toBeUndefined();
    expect(
      pageUrlAlias(scope, 'https://0atman.com/0atman/about/', 'http://127.0.0.1:8080/0atman/about/', false),
    ).toMatchObject({ fromPrefix: '/0atman/', toPrefix: '/0atman/', rule: 'canonical same path' });
    expect(pageUrlAlias(scope, 'http://127.0.0.1:8080/0atman/', 'http://127.0.0.1:8080/0atman/', true)).toBe(
      undefined,
    );
  });
});
