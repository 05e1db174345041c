import { describe, expect, it } from 'vitest';
import { crawlDeferral, pathLanguage, pathVersion, versionKey } from './url-signals.js';

const BASE = '/docs/';
const at = (path: string) => `https://example.org${path}`;

describe('url signals', () => {
  it('language folders: known language codes followed by more path', () => {
    expect(pathLanguage(at('/docs/zh-cn/guide/'), BASE)).toBe('zh-cn');
    expect(pathLanguage(at('/docs/pt_BR/x.html'), BASE)).toBe('pt-br');
    expect(pathLanguage(at('/docs/ja/'), BASE)).toBe(undefined); // 'ja' is the page itself... a folder needs more
    expect(pathLanguage(at('/docs/ja/index.html'), BASE)).toBe('ja');
    // Two-letter tech words are not languages.
    expect(pathLanguage(at('/docs/js/api/'), BASE)).toBe(undefined);
    expect(pathLanguage(at('/docs/io/x/'), BASE)).toBe(undefined);
  });

  it('version folders: 1.x, v2, 0.9, 2.5.0, latest/next; years and page numbers are not versions', () => {
    expect(pathVersion(at('/docs/1.x/intro/'), BASE)?.name).toBe('1.x');
    expect(pathVersion(at('/docs/v2/intro/'), BASE)?.numbers).toEqual([2]);
    expect(pathVersion(at('/docs/0.9/a.html'), BASE)?.numbers).toEqual([0, 9]);
    expect(pathVersion(at('/docs/next/a/'), BASE)?.name).toBe('next');
    expect(pathVersion(at('/docs/2016/11/14/hello/'), BASE)).toBe(undefined);
    expect(pathVersion(at('/docs/page/2/'), BASE)).toBe(undefined);
    // The page's own name is not a folder.
    expect(versionKey(at('/docs/v2.html'), BASE)).toBe('');
  });

  it('the crawl defers other languages (by lang, folder or hreflang) and other versions than the start page', () => {
    const defer = crawlDeferral({
      url: at('/docs/'),
      basePath: BASE,
      lang: 'en',
      alternates: [{ lang: 'zh-CN', url: at('/docs/zh-cn/') }],
    });
    expect(defer(at('/docs/zh-cn/guide/'))).toBe(true);
    expect(defer(at('/docs/ja/guide/'))).toBe(true);
    expect(defer(at('/docs/en/guide/'))).toBe(false);
    expect(defer(at('/docs/2.5.0/guide/'))).toBe(true);
    expect(defer(at('/docs/guide/'))).toBe(false);
    const inVersion = crawlDeferral({ url: at('/docs/1.2/'), basePath: BASE });
    expect(inVersion(at('/docs/1.2/api/'))).toBe(false);
    expect(inVersion(at('/docs/1.1/api/'))).toBe(true);
  });
});
