import { describe, expect, it } from 'vitest';
import { buildFullText } from './full-text.js';

const pages = [
  { url: 'http://h/', title: 'Home', markdown: 'Welcome home.' },
  { url: 'http://h/js/', title: 'Shell', markdown: '' },
  { url: 'http://h/a/', title: 'Alpha', markdown: '# Alpha\n\nAlpha text é.' },
  { url: 'http://h/b/', title: 'Beta', markdown: 'Beta text.' },
];

describe('buildFullText', () => {
  it('writes # Site then ## Title / Source / markdown per page in the given order, skipping empty pages', () => {
    const result = buildFullText(pages, 1_000_000, 'Site');
    expect(result.text).toBe(
      '# Site\n\n## Home\nSource: http://h/\n\nWelcome home.\n\n## Alpha\nSource: http://h/a/\n\n# Alpha\n\nAlpha text é.\n\n## Beta\nSource: http://h/b/\n\nBeta text.\n',
    );
    expect(result).toMatchObject({
      pagesIncluded: 3,
      pagesOmitted: 0,
      truncated: false,
      limitHit: undefined,
    });
    expect(result.bytes).toBe(Buffer.byteLength(result.text));
  });

  it('cuts on a page boundary within maxBytes and reports the limit', () => {
    const full = buildFullText(pages, 1_000_000, 'Site');
    const limit = full.bytes - 5;
    const cut = buildFullText(pages, limit, 'Site');
    expect(cut.bytes).toBeLessThanOrEqual(limit);
    expect(cut.text.endsWith('Alpha text é.\n')).toBe(true);
    expect(cut).toMatchObject({
      pagesIncluded: 2,
      pagesOmitted: 1,
      truncated: true,
      limitHit: 'fullTextMaxBytes',
    });
  });

  it('cuts a single oversized first page at a line end rather than writing nothing', () => {
    const big = [
      {
        url: 'http://h/',
        title: 'Big',
        markdown: Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n'),
      },
    ];
    const result = buildFullText(big, 200, 'Site');
    expect(result.bytes).toBeLessThanOrEqual(200);
    expect(result.text).toMatch(/^# Site\n\n## Big\nSource: http:\/\/h\/\n\nline 0\n/);
    expect(result.text.endsWith('\n')).toBe(true);
    expect(result).toMatchObject({ pagesIncluded: 1, truncated: true, limitHit: 'fullTextMaxBytes' });
  });

  it('names the site after the first page when no name is given', () => {
    expect(buildFullText(pages, 1000).text.startsWith('# Home\n')).toBe(true);
  });
});
