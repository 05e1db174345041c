import { describe, expect, it } from 'vitest';
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
