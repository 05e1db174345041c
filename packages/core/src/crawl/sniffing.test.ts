import { describe, expect, it } from 'vitest';
import { classifyContent, sniffMetaCharset } from './decode.js';
import { markdownLinkHeader } from './markdown-twin.js';
import { urlKey } from './normalize-url.js';
import { isBlockedHostname } from './ssrf.js';

// Response bodies and headers are untrusted. These inputs made the regular expressions that used to read them
// backtrack for hours (comments) or quadratically (runs); nothing here measures time.
const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('HTML sniffing', () => {
  it('skips leading comments, each ending at its first -->', () => {
    expect(classifyContent('text/plain', bytes('<!-- a --> <!-- b -->\n<html><body>x</body></html>'))).toBe(
      'html',
    );
    expect(classifyContent('', bytes('<!-- a --><body>x</body>'))).toBe('html');
    expect(classifyContent('', bytes('<!-- a --> words'))).toBe('other');
    expect(classifyContent('text/plain', bytes('<!-- never closed <html>'))).toBe('text');
  });

  it('reads 512 bytes of empty comments without an HTML tag (exponential for the old pattern)', () => {
    expect(classifyContent('text/plain', bytes(`${'<!---->'.repeat(73)}x`))).toBe('text');
    expect(classifyContent('', bytes(`${'<!---->'.repeat(60)}<html>`))).toBe('html');
  });

  it('finds a meta charset, with or without quotes, and survives runs in an unclosed tag', () => {
    expect(sniffMetaCharset(bytes('<head><meta charset="ISO-8859-1"></head>'))).toBe('iso-8859-1');
    expect(
      sniffMetaCharset(bytes('<meta http-equiv="content-type" content="text/html; charset=Shift_JIS">')),
    ).toBe('shift_jis');
    expect(sniffMetaCharset(bytes('<meta name="x"><meta charset = \' utf-8\'>'))).toBe('utf-8');
    expect(sniffMetaCharset(bytes(`<meta charset=${' '.repeat(4000)}!`))).toBeUndefined();
    expect(sniffMetaCharset(bytes('<meta charset='.repeat(300)))).toBeUndefined();
  });
});

describe('Link header', () => {
  it('finds rel=alternate type=text/markdown in any parameter order and quoting', () => {
    const base = 'https://x.dev/docs/a';
    expect(markdownLinkHeader('<a.md>; rel="alternate"; type="text/markdown"', base)).toBe(
      'https://x.dev/docs/a.md',
    );
    expect(
      markdownLinkHeader('</c>; rel=canonical, </a.md>; type=text/markdown; rel="alternate nofollow"', base),
    ).toBe('https://x.dev/a.md');
    expect(markdownLinkHeader('<a.md>; rel="alternate"; type="text/html"', base)).toBeUndefined();
    expect(markdownLinkHeader('<a.md>; rel="alternates"; type="text/markdown"', base)).toBeUndefined();
  });

  it('reads a 16 KB header of repeated rel= without a match', () => {
    expect(markdownLinkHeader(`<a.md>; ${'rel='.repeat(4000)}`, 'https://x.dev/')).toBeUndefined();
    expect(markdownLinkHeader(`<a.md>; rel=${' '.repeat(16_000)}x`, 'https://x.dev/')).toBeUndefined();
  });
});

describe('host and path trimming', () => {
  it('trailing dots and slashes in runs', () => {
    expect(isBlockedHostname(`localhost${'.'.repeat(200_000)}`)).toBe(true);
    expect(isBlockedHostname(`a${'.'.repeat(200_000)}x`)).toBe(false);
    expect(urlKey(`https://x.dev/a${'/'.repeat(200_000)}`)).toBe('https://x.dev/a');
  });
});
