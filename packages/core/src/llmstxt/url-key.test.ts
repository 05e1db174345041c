import { describe, expect, it } from 'vitest';
import { exactKey, looseKey } from './url-key.js';

describe('url keys and hash routes', () => {
  it('a hash route is a distinct pages to the llms.txt validator; plain anchors still name their page', () => {
    expect(exactKey('https://s/#/guide')).not.toBe(exactKey('https://s/#/api'));
    expect(exactKey('https://s/#top')).toBe('https://s/');
    expect(looseKey('https://s/#/guide')).not.toBe(looseKey('https://s/'));
  });
});
