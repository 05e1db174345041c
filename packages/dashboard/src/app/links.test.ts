import { describe, expect, it } from 'vitest';
import { externalLink, withScheme } from './links.js';

describe('externalLink', () => {
  it('links http(s) URLs in a new tab without opener or referrer', () => {
    expect(externalLink('https://docs.example/guide/')).toEqual({
      href: 'https://docs.example/guide/',
      rel: 'noopener noreferrer',
      target: '_blank',
    });
    expect(externalLink('http://127.0.0.1:8080/x?y=1')?.href).toBe('http://127.0.0.1:8080/x?y=1');
  });

  it('refuses script, data, relative and other non-web targets', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'mailto:team@docs.example',
      'file:///etc/passwd',
      '//evil.example/',
      '/v1/jobs',
      '',
    ]) {
      expect(externalLink(url), url).toBeNull();
    }
  });
});

describe('withScheme', () => {
  it('assumes https:// for a host typed without a scheme', () => {
    expect(withScheme('example.com')).toBe('https://example.com');
    expect(withScheme('docs.example.com/guide/?a=1')).toBe('https://docs.example.com/guide/?a=1');
    expect(withScheme('localhost:8080/docs')).toBe('https://localhost:8080/docs');
    expect(withScheme('//example.com/x')).toBe('https://example.com/x');
  });

  it('leaves a URL with a scheme, and what is not a host, to the API to judge', () => {
    expect(withScheme('http://example.com/')).toBe('http://example.com/');
    expect(withScheme('ftp://example.com/')).toBe('ftp://example.com/');
    expect(withScheme('not a url')).toBe('not a url');
    expect(withScheme('mailto:me@example.com')).toBe('mailto:me@example.com');
    expect(withScheme('')).toBe('');
  });
});
