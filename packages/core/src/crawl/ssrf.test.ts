import { describe, expect, it } from 'vitest';
import { BlockedHostError, FetchError, InvalidUrlError } from '../errors.js';
import {
  addressRange,
  assertCrawlableUrl,
  isBlockedAddress,
  isBlockedHostname,
  type LookupFn,
} from './ssrf.js';

const resolvesTo =
  (...addresses: string[]): LookupFn =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('addressRange / isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['169.254.169.254', 'linkLocal'],
    ['169.254.1.1', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['[::1]', 'loopback'],
  ])('%s is %s and blocked', (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::6810:85e5',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
  ])('%s is public', (address) => {
    expect(addressRange(address)).toBe('unicast');
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('treats garbage as blocked', () => {
    expect(addressRange('not-an-ip')).toBe('invalid');
    expect(isBlockedAddress('999.1.1.1')).toBe(true);
  });
});

describe('isBlockedHostname', () => {
  it('blocks local and metadata names', () => {
    for (const host of [
      'localhost',
      'LOCALHOST.',
      'app.localhost',
      'metadata.google.internal',
      'metadata',
      'instance-data',
    ]) {
      expect(isBlockedHostname(host), host).toBe(true);
    }
    expect(isBlockedHostname('example.com')).toBe(false);
  });
});

describe('assertCrawlableUrl', () => {
  it('refuses non-http schemes', async () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://example.com/x',
      'data:text/html,hi',
      'gopher://x',
    ]) {
      await expect(assertCrawlableUrl(url), url).rejects.toBeInstanceOf(InvalidUrlError);
    }
  });

  it('refuses URLs over maxUrlLength, empty and malformed input', async () => {
    await expect(assertCrawlableUrl(`https://example.com/${'a'.repeat(3000)}`)).rejects.toThrow(
      /maxUrlLength/,
    );
    await expect(
      assertCrawlableUrl('https://example.com/abc', {}, { maxUrlLength: 10 }),
    ).rejects.toBeInstanceOf(InvalidUrlError);
    await expect(assertCrawlableUrl('')).rejects.toBeInstanceOf(InvalidUrlError);
    await expect(assertCrawlableUrl('http//missing-colon')).rejects.toBeInstanceOf(InvalidUrlError);
  });

  it('refuses loopback, private and metadata literals without allowPrivateHosts', async () => {
    for (const url of [
      'http://127.0.0.1:8080/',
      'http://[::1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/',
      'http://100.64.1.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00::1]/',
      'http://2130706433/', // 127.0.0.1 as one decimal number
      'http://0x7f.1/',
    ]) {
      await expect(assertCrawlableUrl(url), url).rejects.toBeInstanceOf(BlockedHostError);
    }
  });

  it('refuses localhost and metadata names before any lookup', async () => {
    const neverCalled: LookupFn = async () => {
      throw new Error('lookup must not run');
    };
    await expect(
      assertCrawlableUrl('http://localhost:3000/', {}, { lookup: neverCalled }),
    ).rejects.toBeInstanceOf(BlockedHostError);
    await expect(
      assertCrawlableUrl('http://metadata.google.internal/', {}, { lookup: neverCalled }),
    ).rejects.toBeInstanceOf(BlockedHostError);
  });

  it('resolves public-looking names and refuses them when any address is private (a redirect target too)', async () => {
    await expect(
      assertCrawlableUrl('https://innocent.example/', {}, { lookup: resolvesTo('127.0.0.1') }),
    ).rejects.toThrow(/resolves to 127\.0\.0\.1, a loopback address/);
    await expect(
      assertCrawlableUrl(
        'https://innocent.example/',
        {},
        { lookup: resolvesTo('93.184.215.14', '10.0.0.1') },
      ),
    ).rejects.toBeInstanceOf(BlockedHostError);
    await expect(
      assertCrawlableUrl('https://rebind.example/', {}, { lookup: resolvesTo('::ffff:169.254.169.254') }),
    ).rejects.toThrow(/linkLocal/);
    const ok = await assertCrawlableUrl(
      'https://public.example/a',
      {},
      { lookup: resolvesTo('93.184.215.14', '2606:4700::1') },
    );
    expect(ok.href).toBe('https://public.example/a');
  });

  it('refuses the fully-qualified localhost. form too', async () => {
    await expect(assertCrawlableUrl('http://localhost./')).rejects.toBeInstanceOf(BlockedHostError);
  });

  it('reports an unresolvable host as a fetch failure', async () => {
    const fail: LookupFn = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    };
    const error = await assertCrawlableUrl('https://nowhere.invalid/', {}, { lookup: fail }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).retryable).toBe(false);
  });

  it('allows private hosts when settings.allowPrivateHosts is set, but never other schemes', async () => {
    await expect(
      assertCrawlableUrl('http://127.0.0.1:9/', { allowPrivateHosts: true }),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      assertCrawlableUrl('file:///etc/passwd', { allowPrivateHosts: true }),
    ).rejects.toBeInstanceOf(InvalidUrlError);
  });

  it('applies an injected address policy to literals and resolved addresses, never to local names', async () => {
    const loopbackToo = (address: string) => address === '127.0.0.1' || !isBlockedAddress(address);
    const options = { allowAddress: loopbackToo };
    await expect(assertCrawlableUrl('http://127.0.0.1:9/', {}, options)).resolves.toBeInstanceOf(URL);
    await expect(
      assertCrawlableUrl('http://site.test/', {}, { ...options, lookup: resolvesTo('127.0.0.1') }),
    ).resolves.toBeInstanceOf(URL);
    await expect(assertCrawlableUrl('http://169.254.169.254/', {}, options)).rejects.toThrow(/linkLocal/);
    await expect(
      assertCrawlableUrl(
        'http://site.test/',
        {},
        { ...options, lookup: resolvesTo('127.0.0.1', '10.0.0.1') },
      ),
    ).rejects.toThrow(/10\.0\.0\.1, a private address/);
    await expect(assertCrawlableUrl('http://localhost:9/', {}, options)).rejects.toBeInstanceOf(
      BlockedHostError,
    );
  });
});
