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
    expect(cut).toBe('Widgets render on the server, stream to the client.');
    // No clause boundary: nothing rather than a mid-sentence cut.
    expect(clauseCut('word '.repeat(40), 50)).toBe('');
    expect(asSentence('Hand hardness to density conversion')).toBe('Hand hardness to density conversion.');
    expect(asSentence('Index')).toBe('Index');
  });

  it('never clips with an ellipsis: a too-long first sentence is cut at a clause boundary and ends cleanly', () => {
    const support =
      'You can support the project by paying what you want, with a suggested contribution of $5, which helps keep the book free for everyone who reads it online and offline across the world today.';
    const cut = firstSentenceOf(support, 120);
    expect(cut).toBe(
      'You can support the project by paying what you want, with a suggested contribution of $5.',
    );
    expect(cut.includes('…')).toBe(false);
    // A clause ending on a function word ("… of the") is not a clean end: the cut moves to an earlier boundary.
    expect(
      clauseCut(
        'Types describe the shape of values, and they are checked by the, compiler at build time always',
        70,
      ),
    ).toBe('Types describe the shape of values.');
    // An open bracket is never left unclosed: the cut falls before it.
    expect(
      clauseCut(
        'Narrowing works on unions (for example, string or number values) in every branch of code',
        60,
      ),
    ).toBe('Narrowing works on unions.');
  });

  it('tells code and signatures from prose', () => {
    expect(looksLikeCode('Bases: object')).toBe(true);
    expect(looksLikeCode('def solve(x: int = 0) -> None')).toBe(true);
    expect(looksLikeCode('{ "a": [1, 2] } => f(x);')).toBe(true);
    expect(looksLikeCode('This module solves the eigenvalue problem.')).toBe(false);
  });
});
