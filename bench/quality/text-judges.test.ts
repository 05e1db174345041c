import { describe, expect, it } from 'vitest';
import { cutReason, descriptionEnd, markupKinds, summaryDefect } from './text-judges.js';

describe('cutReason', () => {
  it('accepts complete sentences, with closing quotes or brackets', () => {
    expect(cutReason('Builds SUMMIT from source.')).toBeUndefined();
    expect(cutReason('What is an offline web application?')).toBeUndefined();
    expect(cutReason('It says “hello.”')).toBeUndefined();
    expect(cutReason('See the guide (chapter 2).')).toBeUndefined();
    expect(cutReason('中文的句子。')).toBeUndefined();
  });
  it('names how a text is cut', () => {
    expect(cutReason('The Stream trait is similar to Future but can yield multiple values before')).toBe(
      'function-word',
    );
    expect(cutReason('hold semantic information such the poi…')).toBe('clipped');
    expect(cutReason('a canvas is a rectangle in...')).toBe('clipped');
    expect(cutReason('signature help, completion …')).toBe('clipped');
    expect(cutReason('This book has been translated into several languages, including:')).toBe('lead-in');
    expect(cutReason('Weak Layer Anticrack Nucleation Model')).toBe('no-end');
    expect(cutReason('…the package is an R')).toBe('no-end');
    expect(cutReason('a hyphen-')).toBe('mid-word');
  });
});

describe('summaryDefect', () => {
  it('accepts a sentence saying what the site is', () => {
    expect(
      summaryDefect('WEAC is a Python implementation of closed-form models for avalanche release.', 'WEAC'),
    ).toBe(undefined);
  });
  it('flags a missing summary, redirect text, generator defaults and placeholders', () => {
    expect(summaryDefect(null)).toBe('missing');
    expect(summaryDefect('  ')).toBe('missing');
    expect(summaryDefect('If you are not redirected automatically, follow this link.')).toBe('boilerplate');
    expect(summaryDefect('Documentation for alcalzone-shared', 'alcalzone-shared')).toBe('boilerplate');
    expect(summaryDefect('None')).toBe('boilerplate');
    expect(summaryDefect('Lorem ipsum dolor sit amet.')).toBe('boilerplate');
    expect(summaryDefect('Write an awesome description for your new site here.')).toBe('boilerplate');
  });
  it('flags a summary made only of the name and generic words', () => {
    expect(summaryDefect('Documentation of BookOps-Worldcat library', 'BookOps-Worldcat Documentation')).toBe(
      'generic',
    );
    expect(summaryDefect('Welcome to the Foo docs.', 'Foo')).toBe('generic');
  });
  it('flags a notice, a cut text and a fragment', () => {
    expect(summaryDefect('NOTE: this guide is currently undergoing a rewrite.', 'Book')).toBe('notice');
    expect(summaryDefect('Foo is a library that lets you', 'Foo')).toBe('cut');
    expect(summaryDefect('The Concise TypeScript Book', 'TypeScript Book')).toBe('not-a-sentence');
  });
});

describe('markupKinds', () => {
  it('finds nothing in clean prose, generics, placeholders and backtick code', () => {
    expect(markupKinds('Generics allow reusable components.')).toEqual([]);
    expect(markupKinds('Returns a Promise<string> of Array<T>.')).toEqual([]);
    expect(markupKinds('Run <summit_root>/PythonAPI/examples/gamma_crowd.py.')).toEqual([]);
    expect(markupKinds('The `infer` keyword and `a => b;` here.')).toEqual([]);
    expect(markupKinds('Use C# or F# #1 choice.')).toEqual([]);
    expect(markupKinds('A server should serve many clients concurrently;')).toEqual([]);
  });
  it('finds each kind of leaked markup', () => {
    expect(markupKinds('An image <img src="x.png" alt=""> here.')).toEqual(['html-tag']);
    expect(markupKinds('Defines the <canvas> element.')).toEqual(['html-tag']);
    expect(markupKinds('Tom &amp; Jerry &#8217;s')).toEqual(['entity']);
    expect(markupKinds('Layer class [source]')).toEqual(['source-link']);
    expect(markupKinds('Installation¶')).toEqual(['permalink']);
    expect(markupKinds('## About Kakunin')).toEqual(['heading-mark']);
    expect(markupKinds('def weak_layer_from_preset(name: str, **overrides) -> WeakLayer:')).toEqual(['code']);
    expect(markupKinds('const x = require("x");')).toEqual(['code']);
    expect(markupKinds('the Everyman 2 Schedule." %} and taking two naps')).toEqual(['template']);
    expect(markupKinds('Hello {{ page.title }} here')).toEqual(['template']);
  });
});

describe('descriptionEnd', () => {
  const blocks = [
    'This module provides the Eigensystem class, which is used to solve the eigenvalue problem of the slab.',
    'WEAC - Weak Layer Anticrack Nucleation Model',
    'Running async tasks in parallel using `spawn`',
  ];
  it('calls a sentence a sentence and a shape-cut text cut', () => {
    expect(descriptionEnd('Builds the docs.', blocks)).toEqual({ end: 'sentence' });
    expect(descriptionEnd('A list of things, including:', blocks)).toEqual({ end: 'cut', reason: 'lead-in' });
    expect(descriptionEnd('TypeScript 有几个内置的原属数据类型：', [])).toEqual({
      end: 'cut',
      reason: 'lead-in',
    });
  });
  it('calls a text cut when its source block goes on after it (a hard-wrapped line)', () => {
    expect(
      descriptionEnd('This module provides the Eigensystem class, which is used to solve', blocks),
    ).toEqual({
      end: 'cut',
      reason: 'continues',
    });
  });
  it('calls a whole block or a short phrase without a period a fragment, not a cut', () => {
    expect(descriptionEnd('WEAC - Weak Layer Anticrack Nucleation Model', blocks).end).toBe('fragment');
    expect(descriptionEnd('Running async tasks in parallel using spawn', blocks).end).toBe('fragment');
    expect(descriptionEnd('The proposal for llms.txt', []).end).toBe('fragment');
  });
  it('calls an unfound text cut when a sentence ended inside it or it runs long', () => {
    expect(descriptionEnd('It renders. Then it goes on to say that', [])).toEqual({
      end: 'cut',
      reason: 'function-word',
    });
    expect(descriptionEnd('It renders. Then the canvas draws lines', [])).toEqual({
      end: 'cut',
      reason: 'no-end',
    });
    const long =
      'Lorem ipsum dolor sit amet consectetur adipiscing elit donec at dolor a sem consequat facilisis ut et augue vestibulum lectus erat';
    expect(descriptionEnd(long, []).end).toBe('cut');
  });
});
