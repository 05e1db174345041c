import { describe, expect, it } from 'vitest';
import { InvalidUrlError } from '../errors.js';
import { hasNonHtmlExtension, normalizeUrl, tryNormalizeUrl, urlKey } from './normalize-url.js';

describe('normalizeUrl', () => {
  it('drops the fragment, lowercases scheme and host, removes default ports', () => {
    expect(normalizeUrl('HTTPS://Example.COM:443/Docs/Page#section')).toBe('https://example.com/Docs/Page');
    expect(normalizeUrl('http://example.com:80/')).toBe('http://example.com/');
    expect(normalizeUrl('http://example.com:8080/a')).toBe('http://example.com:8080/a');
  });

  it("keeps a hash route ('#/guide', '#!/api') as a page of its own; plain anchors and the root route go", () => {
    expect(normalizeUrl('https://example.com/#/guide')).toBe('https://example.com/#/guide');
    expect(normalizeUrl('https://example.com/app/?b=2&a=1#!/api/x')).toBe(
      'https://example.com/app/?a=1&b=2#!/api/x',
    );
    expect(normalizeUrl('https://example.com/?#/guide')).toBe('https://example.com/#/guide');
    expect(normalizeUrl('https://example.com/docs#install')).toBe('https://example.com/docs');
    expect(normalizeUrl('https://example.com/#/')).toBe('https://example.com/');
    expect(normalizeUrl('https://example.com/#!/')).toBe('https://example.com/');
    expect(urlKey(normalizeUrl('https://example.com/docs/#/guide'))).toBe('https://example.com/docs#/guide');
  });

  it('turns index.html and index.htm into their directory', () => {
    expect(normalizeUrl('https://example.com/docs/index.html')).toBe('https://example.com/docs/');
    expect(normalizeUrl('https://example.com/index.htm')).toBe('https://example.com/');
    expect(normalizeUrl('https://example.com/docs/index.html?x=1')).toBe('https://example.com/docs/?x=1');
    expect(normalizeUrl('https://example.com/docs/myindex.html')).toBe(
      'https://example.com/docs/myindex.html',
    );
  });

  it('strips tracking parameters and sorts the rest', () => {
    expect(
      normalizeUrl(
        'https://example.com/p?utm_source=x&b=2&utm_medium=y&a=1&gclid=z&fbclid=q&ref=hn&mc_cid=1&mc_eid=2',
      ),
    ).toBe('https://example.com/p?a=1&b=2');
    expect(normalizeUrl('https://example.com/p?utm_campaign=only')).toBe('https://example.com/p');
    expect(normalizeUrl('https://example.com/p?')).toBe('https://example.com/p');
  });

  it('resolves relative URLs against a base, including ../x forms', () => {
    const base = 'http://127.0.0.1:8080/summit-docs/getting_started/running/';
    expect(normalizeUrl('../setting_up', base)).toBe(
      'http://127.0.0.1:8080/summit-docs/getting_started/setting_up',
    );
    expect(normalizeUrl('../setting_up/', base)).toBe(
      'http://127.0.0.1:8080/summit-docs/getting_started/setting_up/',
    );
    expect(normalizeUrl('../..', base)).toBe('http://127.0.0.1:8080/summit-docs/');
  });

  it('drops credentials and a trailing dot in the host', () => {
    expect(normalizeUrl('https://user:pw@example.com./a')).toBe('https://example.com/a');
  });

  it('throws InvalidUrlError on garbage and tryNormalizeUrl returns undefined', () => {
    expect(() => normalizeUrl('not a url')).toThrow(InvalidUrlError);
    expect(tryNormalizeUrl('http://')).toBeUndefined();
  });

  it('leaves non-http schemes parsed but otherwise alone', () => {
    expect(normalizeUrl('mailto:a@b.c')).toBe('mailto:a@b.c');
  });
});

describe('urlKey', () => {
  it('unifies trailing-slash variants but keeps the root', () => {
    const a = normalizeUrl('../setting_up', 'http://h/docs/x/');
    const b = normalizeUrl('../setting_up/', 'http://h/docs/x/');
    expect(a).not.toBe(b);
    expect(urlKey(a)).toBe(urlKey(b));
    expect(urlKey('http://h/')).toBe('http://h/');
    expect(urlKey('http://h/a/?q=1')).toBe('http://h/a?q=1');
  });
});

describe('hasNonHtmlExtension', () => {
  it('recognises assets, documents, feeds and archives', () => {
    for (const path of [
      'a.png',
      'b.PDF',
      'c.zip',
      'style.css',
      'app.js',
      'font.woff2',
      'feed.xml',
      'atom.xml',
      'x.rss',
      'v.mp4',
    ]) {
      expect(hasNonHtmlExtension(`https://example.com/${path}`), path).toBe(true);
    }
  });
  it('accepts pages', () => {
    for (const path of ['', 'docs/', 'page.html', 'page.htm', 'page', 'v1.2/', 'page.php', 'file.aspx']) {
      expect(hasNonHtmlExtension(`https://example.com/${path}`), path).toBe(false);
    }
  });
});
