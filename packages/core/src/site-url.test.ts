import { describe, expect, it } from 'vitest';
import type { LookupFn } from './crawl/ssrf.js';
import { BlockedHostError, FetchError, InvalidUrlError } from './errors.js';
import { acceptSiteUrl, siteKeyOf } from './site-url.js';

const failingWith =
  (code: string): LookupFn =>
  async () => {
    throw Object.assign(new Error(`getaddrinfo ${code} site.test`), { code });
  };

describe('acceptSiteUrl', () => {
  it('normalises an accepted URL; the site key is that URL', async () => {
    const accepted = await acceptSiteUrl(' http://127.0.0.1:8080/Docs/index.html?utm_source=x#top ', {
      allowPrivateHosts: true,
    });
    expect(accepted).toEqual({ url: 'http://127.0.0.1:8080/Docs/', siteKey: 'http://127.0.0.1:8080/Docs/' });
  });

  it('refuses other schemes, private addresses and names that resolve to them', async () => {
    await expect(acceptSiteUrl('ftp://example.com/', {})).rejects.toBeInstanceOf(InvalidUrlError);
    await expect(acceptSiteUrl('http://127.0.0.1/', {})).rejects.toBeInstanceOf(BlockedHostError);
    const toPrivate: LookupFn = async () => [{ address: '10.0.0.1', family: 4 }];
    await expect(acceptSiteUrl('https://site.test/', {}, { lookup: toPrivate })).rejects.toBeInstanceOf(
      BlockedHostError,
    );
  });

  it('refuses a host that does not exist, lets a temporary resolver failure through', async () => {
    const missing = await acceptSiteUrl('https://site.test/', {}, { lookup: failingWith('ENOTFOUND') }).catch(
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(FetchError);
    expect(await acceptSiteUrl('https://site.test/a', {}, { lookup: failingWith('EAI_AGAIN') })).toEqual({
      url: 'https://site.test/a',
      siteKey: 'https://site.test/a',
    });
  });
});

describe('siteKeyOf', () => {
  it('normalises a URL and keeps anything else as given', () => {
    expect(siteKeyOf('https://Site.test/docs/index.html')).toBe('https://site.test/docs/');
    expect(siteKeyOf('not a url')).toBe('not a url');
  });
});
