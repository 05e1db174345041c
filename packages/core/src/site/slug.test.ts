import { describe, expect, it } from 'vitest';
import { humanizeSlug } from './slug.js';

describe('humanizeSlug', () => {
  it('turns a slug into title-cased words', () => {
    expect(humanizeSlug('getting_started')).toBe('Getting Started');
    expect(humanizeSlug('an-open-letter_to-x.html')).toBe('An Open Letter To X');
  });

  it('writes known acronyms in capitals', () => {
    expect(humanizeSlug('rest-api')).toBe('Rest API');
    expect(humanizeSlug('CLI-reference')).toBe('CLI Reference');
  });

  it('decodes percent escapes and keeps a malformed one as written', () => {
    expect(humanizeSlug('caf%C3%A9-menu')).toBe('Café Menu');
    expect(humanizeSlug('100%-done')).toBe('100% Done');
  });

  it('drops a file extension and is empty when nothing is left', () => {
    expect(humanizeSlug('index.html')).toBe('Index');
    expect(humanizeSlug('.html')).toBe('');
    expect(humanizeSlug('--')).toBe('');
    expect(humanizeSlug('')).toBe('');
  });
});
