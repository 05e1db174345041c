import { describe, expect, it } from 'vitest';
import { BlockedHostError, FetchError, InvalidUrlError } from '../errors.js';
import { acceptSiteUrl, siteKeyOf } from './site-url.js';
import type { LookupFn } from './ssrf.js';

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

describe('acceptSiteUrl: port policy and encoded length', () => {
  const toPublic: LookupFn = async () => [{ address: '93.184.216.34', family: 4 }];
  const toLoopback: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];

  it('80 and 443 only, plus LTX_ALLOWED_PORTS; port 0 never', async () => {
    for (const url of [
      'http://site.test/',
      'https://site.test/',
      'http://site.test:443/',
      'https://site.test:80/',
    ]) {
      expect((await acceptSiteUrl(url, {}, { lookup: toPublic })).url).toMatch(/^https?:\/\/site\.test/);
    }
    for (const port of [22, 25, 8080, 6379]) {
      const refused = await acceptSiteUrl(`http://site.test:${port}/`, {}, { lookup: toPublic }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(BlockedHostError);
      expect((refused as Error).message).toContain(`port ${port}`);
    }
    expect(
      (await acceptSiteUrl('http://site.test:8080/', { allowedPorts: [8080] }, { lookup: toPublic })).url,
    ).toBe('http://site.test:8080/');
    await expect(
      acceptSiteUrl('http://site.test:0/', { allowedPorts: [0] }, { lookup: toPublic }),
    ).rejects.toBeInstanceOf(InvalidUrlError);
  });

  it('LTX_ALLOW_PRIVATE_HOSTS: any port on loopback/private targets, the policy still holds for public hosts', async () => {
    const open = { allowPrivateHosts: true };
    expect((await acceptSiteUrl('http://127.0.0.1:45678/', open)).url).toBe('http://127.0.0.1:45678/');
    expect((await acceptSiteUrl('http://[::1]:2222/', open)).url).toBe('http://[::1]:2222/');
    expect((await acceptSiteUrl('http://intranet.test:8080/', open, { lookup: toLoopback })).url).toBe(
      'http://intranet.test:8080/',
    );
    await expect(acceptSiteUrl('http://site.test:22/', open, { lookup: toPublic })).rejects.toBeInstanceOf(
      BlockedHostError,
    );
    await expect(acceptSiteUrl('http://8.8.8.8:22/', open)).rejects.toBeInstanceOf(BlockedHostError);
    await expect(acceptSiteUrl('http://127.0.0.1:0/', open)).rejects.toBeInstanceOf(InvalidUrlError);
  });

  it('the 2048-character limit is measured on the percent-encoded URL', async () => {
    // 700 characters as typed, 4 200 once each é is encoded as %C3%A9.
    const typed = `https://site.test/${'é'.repeat(700)}`;
    expect(typed.length).toBeLessThan(2048);
    const refused = await acceptSiteUrl(typed, {}, { lookup: toPublic }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidUrlError);
    expect((refused as Error).message).toContain('once percent-encoded');
    expect(
      (await acceptSiteUrl(`https://site.test/${'é'.repeat(300)}`, {}, { lookup: toPublic })).url,
    ).toContain('%C3%A9');
  });
});

describe('siteKeyOf', () => {
  it('normalises a URL and keeps anything else as given', () => {
    expect(siteKeyOf('https://Site.test/docs/index.html')).toBe('https://site.test/docs/');
    expect(siteKeyOf('not a url')).toBe('not a url');
  });
});
