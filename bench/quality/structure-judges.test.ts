import { describe, expect, it } from 'vitest';
import { duplicateTitles, navOrder, sectionNameDefect } from './structure-judges.js';

describe('sectionNameDefect', () => {
  it('accepts ordinary names', () => {
    for (const name of [
      'Getting Started',
      'API Reference',
      'Tutorials',
      'Docs',
      'Optional',
      'Go',
      'Modules',
      'IO',
      'It',
      'ML',
      'OS',
    ])
      expect(sectionNameDefect(name), name).toBeUndefined();
  });
  it('flags language codes, versions, slugs and single characters', () => {
    expect(sectionNameDefect('Ja')).toBe('language-code');
    expect(sectionNameDefect('Zh Hans')).toBe('language-code');
    expect(sectionNameDefect('pt-BR')).toBe('language-code');
    expect(sectionNameDefect('1')).toBe('version');
    expect(sectionNameDefect('1.2')).toBe('version');
    expect(sectionNameDefect('v2')).toBe('version');
    expect(sectionNameDefect('getting-started')).toBe('slug');
    expect(sectionNameDefect('part_guide')).toBe('slug');
    expect(sectionNameDefect('07 Workarounds')).toBe('slug');
    expect(sectionNameDefect('intro.html')).toBe('slug');
    expect(sectionNameDefect('X')).toBe('single-character');
  });
  it('flags "Modules" only over source listings', () => {
    expect(sectionNameDefect('Modules', 0.9)).toBe('source-listing');
    expect(sectionNameDefect('Modules', 0.1)).toBeUndefined();
  });
});

describe('duplicateTitles', () => {
  it('counts each repeat once, case- and space-insensitively', () => {
    expect(duplicateTitles(['Intro', 'Setup', 'intro', 'Intro ', 'Setup', 'API'])).toEqual({
      count: 3,
      examples: ['intro', 'Setup'],
    });
    expect(duplicateTitles(['a', 'b']).count).toBe(0);
  });
});

describe('navOrder', () => {
  const nav = [
    { key: '/intro', group: 'Start' },
    { key: '/install', group: 'Start' },
    { key: '/api/a', group: 'API' },
    { key: '/api/b', group: 'API' },
    { key: '/faq', group: '' },
  ];
  it('scores a file that follows the nav as in order and grouped', () => {
    const r = navOrder(
      [
        ['/intro', '/install'],
        ['/api/a', '/api/b', '/elsewhere'],
      ],
      nav,
    );
    expect(r).toMatchObject({
      inNav: 4,
      pairs: 3,
      outOfOrder: 0,
      fraction: 0,
      groupsSplit: 0,
      linksMisgrouped: 0,
    });
  });
  it('counts backward pairs, split groups and misgrouped links', () => {
    const r = navOrder(
      [
        ['/api/b', '/intro'],
        ['/install', '/api/a'],
      ],
      nav,
    );
    // order /api/b(3) /intro(0) /install(1) /api/a(2): one backward pair of three.
    expect(r.outOfOrder).toBe(1);
    expect(r.pairs).toBe(3);
    expect(r.groupsSplit).toBe(2);
    expect(r.linksMisgrouped).toBe(2);
  });
  it('has no fraction without a pair', () => {
    expect(navOrder([['/intro', '/nowhere']], nav).fraction).toBeUndefined();
  });
});
