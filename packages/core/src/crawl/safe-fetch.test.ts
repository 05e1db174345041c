import { type StaticSite, startStaticSite } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, BlockedHostError, FetchError, TimeoutError } from '../errors.js';
import { classifyContent, decodeBody, detectEncoding, parseContentType } from './decode.js';
import { fetchText, safeFetch } from './safe-fetch.js';
import { type AddressPolicy, isPublicAddress, type LookupFn } from './ssrf.js';

const allow = { allowPrivateHosts: true };
/** The SSRF policy with one exception, the test sites' 127.0.0.1: private and link-local stay refused. */
const loopbackToo: AddressPolicy = (address) => address === '127.0.0.1' || isPublicAddress(address);
// 'café naïve – “quoted” €' in windows-1252 bytes
const cp1252 = Buffer.from([
  0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x20, 0x96, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74,
  0x65, 0x64, 0x94, 0x20, 0x80,
]);
const html1252 = (declaration: string) =>
  Buffer.concat([
    Buffer.from(`<html><head>${declaration}<title>T</title></head><body><p>`),
    cp1252,
    Buffer.from('</p></body></html>'),
  ]);

let site: StaticSite;
beforeAll(async () => {
  site = await startStaticSite({
    handler: (req, res) => {
      // Redirects to this same server under names the guard refuses (its port is only known once it runs).
      const targets: Record<string, string> = {
        '/to-localhost': `http://localhost:${site.port}/ok.html`,
        '/to-intranet': `http://intranet.test:${site.port}/ok.html`,
        '/to-ssh': 'http://public.test:22/',
      };
      const location = targets[req.url ?? ''];
      if (!location) return false;
      res.writeHead(302, { location });
      res.end();
      return true;
    },
    files: {
      '/ok.html': '<html><body><p>fine</p></body></html>',
      '/loop-a': { body: '', status: 302, headers: { location: '/loop-b' } },
      '/loop-b': { body: '', status: 301, headers: { location: '/loop-a' } },
      '/r1': { body: '', status: 302, headers: { location: '/r2' } },
      '/r2': { body: '', status: 302, headers: { location: '/r3' } },
      '/r3': { body: '', status: 302, headers: { location: '/r4' } },
      '/r4': { body: '', status: 302, headers: { location: '/ok.html' } },
      '/to-private': {
        body: '',
        status: 302,
        headers: { location: 'http://169.254.169.254/latest/meta-data/' },
      },
      '/to-ten': { body: '', status: 302, headers: { location: 'http://10.0.0.5/admin' } },
      '/huge.html': `<html><head><title>Huge</title></head><body>${'<p>lorem ipsum dolor sit amet</p>'.repeat(20_000)}</body></html>`,
      '/slow.html': { body: '<html><body>late</body></html>', delayMs: 1500 },
      '/binary.html': Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
      ]),
      '/octet': {
        body: Buffer.from([1, 2, 3, 0, 255, 254, 0, 7]),
        headers: { 'content-type': 'application/octet-stream' },
      },
      '/latin-header.html': {
        body: html1252(''),
        headers: { 'content-type': 'text/html; charset=windows-1252' },
      },
      '/latin-meta.html': {
        body: html1252('<meta charset="windows-1252">'),
        headers: { 'content-type': 'text/html' },
      },
      '/latin-http-equiv.html': {
        body: html1252('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
        headers: { 'content-type': 'text/html' },
      },
      '/sjis.html': {
        // 日本語 in Shift_JIS
        body: Buffer.concat([
          Buffer.from('<html><body>'),
          Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]),
          Buffer.from('</body></html>'),
        ]),
        headers: { 'content-type': 'text/html; charset=Shift_JIS' },
      },
      // UTF-16 declared only in Content-Type: no BOM, a NUL byte in every ASCII character.
      '/utf16le.html': {
        body: Buffer.from('<html><body><p>Grüße, 日本語 and “quotes”</p></body></html>', 'utf16le'),
        headers: { 'content-type': 'text/html; charset=UTF-16LE' },
      },
      '/utf16be.html': {
        body: Buffer.from('<html><body><p>Grüße, 日本語 and “quotes”</p></body></html>', 'utf16le').swap16(),
        headers: { 'content-type': 'text/html; charset=utf-16be' },
      },
      '/utf16.html': {
        body: Buffer.from('<html><body><p>Grüße, 日本語 and “quotes”</p></body></html>', 'utf16le'),
        headers: { 'content-type': 'text/html; charset="utf-16"' },
      },
      '/utf16-binary': {
        body: Buffer.from([0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00]),
        headers: { 'content-type': 'text/html; charset=utf-16le' },
      },
      '/gone': { body: 'nope', status: 404 },
      '/busy': { body: 'later', status: 503, headers: { 'retry-after': '30' } },
      '/readme.md': '# Title\n\ntext',
    },
  });
});
afterAll(() => site.close());

describe('safeFetch', () => {
  it('fetches a page and sends our User-Agent', async () => {
    const seen: string[] = [];
    const response = await safeFetch(`${site.origin}/ok.html`, {
      settings: { ...allow, userAgent: 'ltx-test/1' },
      beforeRequest: (u) => void seen.push(u.pathname),
    });
    expect(response.status).toBe(200);
    expect(Buffer.from(response.body).toString()).toContain('fine');
    expect(seen).toEqual(['/ok.html']);
  });

  it('follows redirects by hand and reports the chain', async () => {
    const hops: string[] = [];
    const response = await safeFetch(`${site.origin}/r1`, {
      settings: allow,
      beforeRequest: (u) => void hops.push(u.pathname),
    });
    expect(response.url).toBe(`${site.origin}/ok.html`);
    expect(response.redirects.map((u) => new URL(u).pathname)).toEqual(['/r1', '/r2', '/r3', '/r4']);
    expect(hops).toEqual(['/r1', '/r2', '/r3', '/r4', '/ok.html']);
  });

  it('detects a redirect loop', async () => {
    const error = await safeFetch(`${site.origin}/loop-a`, { settings: allow }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).code).toBe('too_many_redirects');
    expect((error as FetchError).details).toMatchObject({ loop: true });
  });

  it('stops after maxRedirects', async () => {
    const error = await safeFetch(`${site.origin}/r1`, { settings: allow, maxRedirects: 2 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).message).toMatch(/more than 2 redirects/);
    expect((error as FetchError).details).toMatchObject({ loop: false });
  });

  it('puts every redirect target through the guard before connecting', async () => {
    // The SSRF policy is on (no allowPrivateHosts), except that the test site's 127.0.0.1 may be contacted.
    const lookup: LookupFn = async (host) =>
      host === 'intranet.test'
        ? [{ address: '10.1.2.3', family: 4 }]
        : host === 'public.test'
          ? [{ address: '93.184.215.14', family: 4 }]
          : [{ address: '127.0.0.1', family: 4 }];
    const options = { allowAddress: loopbackToo, lookup, requestTimeoutMs: 3000 };
    // The policy lets a redirect chain on the test site through...
    const chain = await safeFetch(`${site.origin}/r1`, options);
    expect(chain.url).toBe(`${site.origin}/ok.html`);
    // ...and refuses each redirect that leaves it for a link-local, private or local target.
    const refusals: [string, RegExp][] = [
      ['/to-private', /169\.254\.169\.254: linkLocal address/],
      ['/to-ten', /10\.0\.0\.5: private address/],
      ['/to-localhost', /localhost: a local or metadata host name/],
      [
        '/to-intranet',
        /intranet\.test: it resolves to 10\.1\.2\.3, a private address \(SSRF guard; set LTX_ALLOW_PRIVATE_HOSTS=true to allow loopback and private addresses\)$/,
      ],
      // A public host on a port outside the policy (the crawl applies the same port policy as the API).
      ['/to-ssh', /refusing to fetch port 22 of public\.test/],
    ];
    for (const [path, message] of refusals) {
      const before = site.requests.length;
      const error = await safeFetch(`${site.origin}${path}`, options).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(BlockedHostError);
      expect((error as BlockedHostError).message, path).toMatch(message);
      // The first hop was served; the refused target (this same server for localhost) never was.
      expect(site.requests.slice(before), path).toEqual([path]);
    }
  });

  it('refuses a name that passes the guard but resolves to a blocked address at connect time (DNS rebinding)', async () => {
    const answers: string[] = [];
    const rebinding: LookupFn = async () => {
      const address = answers.length === 0 ? '93.184.215.14' : '127.0.0.1';
      answers.push(address);
      return [{ address, family: 4 }];
    };
    const before = site.requests.length;
    // The test site's random port is allowed as an operator would (LTX_ALLOWED_PORTS): the port policy holds
    // for the public answer the guard sees.
    const error = await safeFetch(`http://rebind.test:${site.port}/ok.html`, {
      lookup: rebinding,
      settings: { allowedPorts: [site.port] },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedHostError);
    expect((error as BlockedHostError).message).toMatch(
      /refusing to connect to rebind\.test: it resolves to 127\.0\.0\.1, a loopback address \(SSRF guard; set LTX_ALLOW_PRIVATE_HOSTS=true .*; refused at connect time\)/,
    );
    // The guard saw the public answer, the connection the loopback one; nothing reached the server.
    expect(answers).toEqual(['93.184.215.14', '127.0.0.1']);
    expect(site.requests.length).toBe(before);
  });

  it('refuses a public host on a port outside the policy before any lookup at connect time', async () => {
    const before = site.requests.length;
    const publicAnswer: LookupFn = async () => [{ address: '93.184.215.14', family: 4 }];
    const error = await safeFetch(`http://public.test:${site.port}/ok.html`, { lookup: publicAnswer }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BlockedHostError);
    expect((error as Error).message).toContain(`port ${site.port}`);
    expect(site.requests.length).toBe(before);
  });

  it('connects to the address its own lookup approved', async () => {
    // 'pinned.test' exists only in this lookup: the request reaches the site only if the connection used it.
    const calls: string[] = [];
    const lookup: LookupFn = async (host) => {
      calls.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const response = await safeFetch(`http://pinned.test:${site.port}/ok.html`, {
      lookup,
      allowAddress: loopbackToo,
    });
    expect(response.status).toBe(200);
    expect(Buffer.from(response.body).toString()).toContain('fine');
    expect(calls).toEqual(['pinned.test', 'pinned.test']);
  });

  it('refuses a loopback URL without allowPrivateHosts before any connection', async () => {
    const before = site.requests.length;
    await expect(safeFetch(`${site.origin}/ok.html`)).rejects.toBeInstanceOf(BlockedHostError);
    await expect(safeFetch(`http://localhost:${site.port}/ok.html`)).rejects.toBeInstanceOf(BlockedHostError);
    expect(site.requests.length).toBe(before);
  });

  it('cuts a body at maxBytes and marks it truncated', async () => {
    const response = await safeFetch(`${site.origin}/huge.html`, { settings: allow, maxBytes: 10_000 });
    expect(response.truncated).toBe(true);
    expect(response.body.byteLength).toBe(10_000);
    const whole = await safeFetch(`${site.origin}/huge.html`, { settings: allow });
    expect(whole.truncated).toBe(false);
    expect(whole.body.byteLength).toBeGreaterThan(600_000);
  });

  it('times out a slow response with TimeoutError', async () => {
    const error = await safeFetch(`${site.origin}/slow.html`, {
      settings: allow,
      requestTimeoutMs: 200,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).retryable).toBe(true);
  });

  it('turns the job signal into AbortedError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await safeFetch(`${site.origin}/slow.html`, {
      settings: allow,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
  });

  it('reports a refused connection as a retryable fetch failure', async () => {
    const closed = await startStaticSite({ files: {} });
    const origin = closed.origin;
    await closed.close();
    const error = await safeFetch(`${origin}/x`, { settings: allow }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).code).toBe('fetch_failed');
    expect((error as FetchError).retryable).toBe(true);
  });
});

describe('fetchText', () => {
  it('decodes windows-1252 declared in Content-Type, <meta charset> and http-equiv', async () => {
    for (const path of ['/latin-header.html', '/latin-meta.html', '/latin-http-equiv.html']) {
      const response = await fetchText(`${site.origin}${path}`, { settings: allow });
      expect(response.kind, path).toBe('html');
      expect(response.encoding, path).toBe('windows-1252');
      expect(response.text, path).toContain('café naïve – “quoted” €');
    }
  });

  it('decodes Shift_JIS', async () => {
    const response = await fetchText(`${site.origin}/sjis.html`, { settings: allow });
    expect(response.encoding).toBe('shift_jis');
    expect(response.text).toContain('日本語');
  });

  it('decodes UTF-16LE and UTF-16BE pages declared only in Content-Type (no BOM), and still refuses binary', async () => {
    for (const [path, encoding] of [
      ['/utf16le.html', 'utf-16le'],
      ['/utf16be.html', 'utf-16be'],
      ['/utf16.html', 'utf-16le'],
    ]) {
      const response = await fetchText(`${site.origin}${path}`, { settings: allow });
      expect(response.kind, path).toBe('html');
      expect(response.encoding, path).toBe(encoding);
      expect(response.text, path).toContain('Grüße, 日本語 and “quotes”');
    }
    const binary = await fetchText(`${site.origin}/utf16-binary`, { settings: allow });
    expect(binary.kind).toBe('other');
  });

  it('classifies binary served as .html and octet-stream as other', async () => {
    const png = await fetchText(`${site.origin}/binary.html`, { settings: allow });
    expect(png.kind).toBe('other');
    expect(png.text).toBe('');
    await expect(
      fetchText(`${site.origin}/octet`, { settings: allow, expect: ['html'] }),
    ).rejects.toMatchObject({ code: 'not_html' });
  });

  it('classifies Markdown', async () => {
    const md = await fetchText(`${site.origin}/readme.md`, { settings: allow });
    expect(md.kind).toBe('markdown');
    expect(md.text).toBe('# Title\n\ntext');
  });

  it('throws http_error: 404 not retryable, 503 retryable with Retry-After', async () => {
    const notFound = await fetchText(`${site.origin}/gone`, { settings: allow }).catch((e: unknown) => e);
    expect(notFound).toMatchObject({ code: 'http_error', status: 404, retryable: false });
    const busy = await fetchText(`${site.origin}/busy`, { settings: allow }).catch((e: unknown) => e);
    expect(busy).toMatchObject({ code: 'http_error', status: 503, retryable: true, retryAfterMs: 30_000 });
  });
});

describe('decode helpers', () => {
  it('parses Content-Type', () => {
    expect(parseContentType('Text/HTML; Charset="ISO-8859-1"')).toEqual({
      mime: 'text/html',
      charset: 'iso-8859-1',
    });
    expect(parseContentType(undefined)).toEqual({ mime: '', charset: undefined });
  });
  it('prefers the BOM, then the header, then the meta tag', () => {
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<meta charset="windows-1252">é'),
    ]);
    expect(detectEncoding(bom, 'text/html; charset=shift_jis', 'html')).toBe('utf-8');
    expect(
      detectEncoding(Buffer.from('<meta charset="windows-1252">'), 'text/html; charset=utf-8', 'html'),
    ).toBe('utf-8');
    expect(detectEncoding(Buffer.from('<meta charset="bogus-charset">'), 'text/html', 'html')).toBe('utf-8');
    expect(decodeBody(Buffer.from([0xe9]), 'text/html; charset=latin1', 'html')).toBe('é');
  });
  it('sniffs untyped HTML and refuses untyped binary', () => {
    expect(classifyContent('', Buffer.from('<!DOCTYPE html><html></html>'))).toBe('html');
    expect(classifyContent('text/plain', Buffer.from('<html><body>x</body></html>'))).toBe('html');
    expect(classifyContent('', Buffer.from('just words'))).toBe('other');
    expect(classifyContent('text/html', Buffer.from([0x00, 0x01, 0x02]))).toBe('other');
  });
});
