import { describe, expect, it } from 'vitest';
import { asSentence, clauseCut, cleanProse, firstSentenceOf, isBoilerplate, looksLikeCode } from './prose.js';

describe('prose', () => {
  it('strips markup, entities, Markdown, permalink signs and [source]', () => {
    expect(cleanProse('Returns the <code>value</code> &amp; more&nbsp;¶')).toBe('Returns the value & more');
    expect(cleanProse('&lt;img src="logo.png" alt="x"&gt; A library for R.')).toBe('A library for R.');
    expect(cleanProse('## About Kakunin')).toBe('About Kakunin');
    expect(cleanProse('Load a [map](https://x/map) with `load()` [source]')).toBe('Load a map with load()');
    // Bare URLs go: the validator accepts no URL that is not a page of the site.
    expect(cleanProse('See the picture (https://i.imgur.com/x.png) at www.example.com/a today.')).toBe(
      'See the picture at today.',
    );
  });

  it('recognises generator defaults, theme placeholders and redirect notices', () => {
    expect(isBoilerplate('Documentation for alcalzone-shared')).toBe(true);
    expect(isBoilerplate('If you are not redirected automatically, follow this link.')).toBe(true);
    expect(isBoilerplate('None')).toBe(true);
    expect(isBoilerplate('Lorem ipsum dolor sit amet.')).toBe(true);
    expect(isBoilerplate('Built with MkDocs using a theme provided by Read the Docs.')).toBe(true);
    expect(isBoilerplate('Bookops-Worldcat is a Python wrapper around the WorldCat Metadata API.')).toBe(
      false,
    );
  });

  it('cuts at a sentence end, else at a clause boundary, never mid-word', () => {
    expect(firstSentenceOf('pkgdown makes websites. It is easy.', 100)).toBe('pkgdown makes websites.');
    // e.g. is not a sentence end.
    expect(firstSentenceOf('Use a tool, e.g. Sphinx, to build docs. Then publish.', 100)).toBe(
      'Use a tool, e.g. Sphinx, to build docs.',
    );
    const long = `Widgets render on the server, stream to the client; ${'and then they hydrate '.repeat(10)}quickly.`;
    const cut = firstSentenceOf(long, 80);
    expect(cut).toBe('Widgets render on the server, stream to the client…');
    expect(clauseCut('word '.repeat(40), 50).endsWith('word…')).toBe(true);
    expect(asSentence('Hand hardness to density conversion')).toBe('Hand hardness to density conversion.');
    expect(asSentence('Index')).toBe('Index');
  });

  it('tells code and signatures from prose', () => {
    expect(looksLikeCode('Bases: object')).toBe(true);
    expect(looksLikeCode('def solve(x: int = 0) -> None')).toBe(true);
    expect(looksLikeCode('{ "a": [1, 2] } => f(x);')).toBe(true);
    expect(looksLikeCode('This module solves the eigenvalue problem.')).toBe(false);
  });
});
