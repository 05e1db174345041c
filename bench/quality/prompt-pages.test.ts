import { describe, expect, it } from 'vitest';
import { mentions } from './prompt-pages.js';

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
