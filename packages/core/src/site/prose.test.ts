import { describe, expect, it } from 'vitest';
import {
  asSentence,
  clauseCut,
  cleanProse,
  firstSentenceOf,
  hasTemplateLeftover,
  isBoilerplate,
  leadInSentence,
  looksLikeCode,
} from './prose.js';

describe('prose', () => {
  it('strips markup, entities, Markdown, permalink signs and [source]', () => {
    expect(cleanProse('Returns the <code>value</code> &amp; more&nbsp;¶')).toBe('Returns the value & more');
    expect(cleanProse('&lt;img src="logo.png" alt="x"&gt; A library for R.')).toBe('A library for R.');
    expect(cleanProse('## About Kakunin')).toBe('About Kakunin');
    expect(cleanProse('Installation\u200B')).toBe('Installation');
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

  it('ends a sentence before text in a script without capitals (CJK)', () => {
    expect(
      firstSentenceOf(
        'This is a Japanese test post. 私は昨日ついにその助力家というのの上よりするたなけれ。',
        200,
      ),
    ).toBe('This is a Japanese test post.');
    const first = 'これは日本語のテスト記事で、テーマの表示を確かめるためのものです。';
    expect(firstSentenceOf(`${first}次の文はここにあります。`, 200)).toBe(first);
  });

  it('drops unrendered template tags, and tells text that still holds one', () => {
    expect(cleanProse("marginfigure 'blaze' 'x.png' '' %} I've been playing with many tools.")).toBe(
      "I've been playing with many tools.",
    );
    expect(cleanProse('Hello {{ page.title }} and {% note %} world.')).toBe('Hello and world.');
    expect(hasTemplateLeftover(cleanProse('the sudo groupsidenote \'\' "Docker"%}.'))).toBe(true);
    expect(hasTemplateLeftover('A plain sentence.')).toBe(false);
  });

  it('makes a lead-in to code or a list a sentence when it is a complete clause', () => {
    expect(
      leadInSentence('It is possible to extend an interface (copy members from another type):', 200),
    ).toBe('It is possible to extend an interface (copy members from another type).');
    expect(leadInSentence('This book has been translated into several languages, including:', 200)).toBe(
      'This book has been translated into several languages.',
    );
    expect(leadInSentence('2 Create a file called chromium.desktop with the following contents:', 200)).toBe(
      'Create a file called chromium.desktop.',
    );
    // Too short, or hanging on a function word: not a sentence.
    expect(leadInSentence('Something to keep in mind:', 200)).toBe('');
    expect(leadInSentence('The options of the command are listed in the table of:', 200)).toBe('');
    expect(leadInSentence('Not a lead-in at all.', 200)).toBe('');
  });
});
