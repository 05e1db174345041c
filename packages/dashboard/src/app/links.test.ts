import { describe, expect, it } from 'vitest';
import { externalLink } from './links.js';

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
