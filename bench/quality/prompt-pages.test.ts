import { describe, expect, it } from 'vitest';
import { linePages, mentions, tokensByPage } from './prompt-pages.js';

describe('mentions', () => {
  const prompt =
    '- [API](http://127.0.0.1:9/docs/api/): the API\np3 /docs/guide/intro.html "x"\nend /docs/last';
  it('finds a page by URL or by path', () => {
    expect(mentions(prompt, 'http://127.0.0.1:9/docs/api/')).toBe(true);
    expect(mentions(prompt, 'http://127.0.0.1:9/docs/guide/intro.html')).toBe(true);
    expect(mentions(prompt, 'http://127.0.0.1:9/docs/last')).toBe(true);
  });
  it('does not take a prefix of another path for the page', () => {
    expect(mentions(prompt, 'http://127.0.0.1:9/docs/')).toBe(false);
    expect(mentions(prompt, 'http://127.0.0.1:9/docs/guide/')).toBe(false);
  });
});

describe('linePages', () => {
  it('gives each page its naming line and the indented lines after it', () => {
    const text = [
      'Rules first.',
      '[1] http://h/d/ | Home',
      '    excerpt: home text',
      '[2] http://h/d/api/ | API',
      '    headings: A; B',
      '- [API](http://h/d/api/): the API',
      'Closing words.',
    ].join('\n');
    expect(linePages(text, ['http://h/d/', 'http://h/d/api/'])).toEqual([
      undefined,
      'http://h/d/',
      'http://h/d/',
      'http://h/d/api/',
      'http://h/d/api/',
      'http://h/d/api/',
      undefined,
    ]);
  });
});

describe('tokensByPage', () => {
  it('sums the tokens of each page block and of the whole text', () => {
    const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
    const text = 'Intro words here.\n[1] http://h/d/a/ | A\n    two more\nEnd.';
    const { byPage, total } = tokensByPage(text, ['http://h/d/a/'], words);
    expect(byPage.get('http://h/d/a/')).toBe(6);
    expect(total).toBe(10);
  });
});
