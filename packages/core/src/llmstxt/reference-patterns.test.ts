import { describe, expect, it } from 'vitest';
import { matchHeader, matchReferenceLink } from './reference-patterns.js';

// The reference parser's patterns as JavaScript regular expressions (Python MULTILINE anchors spelled out so
// that `\r` is not a line end). They are the oracle here, on texts short enough for their backtracking.
const BOL = String.raw`(?:(?<![\s\S])|(?<=\n))`;
const EOL = String.raw`(?=\n|(?![\s\S]))`;
const HEADER_RE = new RegExp(
  String.raw`${BOL}#\s*(?<title>[\s\S]+?)${EOL}\n+(?:${BOL}>\s*(?<summary>[\s\S]+?)${EOL}${EOL})?\n+(?<info>[\s\S]*)`,
);
const LINK_RE = /-\s*\[(?<title>[^\]]+)\]\((?<url>[^)]+)\)(?::\s*(?<desc>[^\n]*))?/;

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function texts(alphabet: readonly string[], count: number, maxLength: number, seed: number): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(next() * (maxLength + 1));
    let text = '';
    for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
    out.push(text);
  }
  return out;
}

/** Lines shaped like `x - [a](u): d`, each part dropped, repeated or interrupted at random. */
function linkLines(count: number, seed: number): string[] {
  const next = random(seed);
  const parts = ['x', '-', ' ', '[', 'a', ']', '(', 'u', ')', ':', ' ', 'd'];
  const noise = ['-', '[', ']', '(', ')', ':', ' ', '\t', '\n', 'b'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = '';
    const rounds = 1 + Math.floor(next() * 2);
    for (let round = 0; round < rounds; round++) {
      for (const part of parts) {
        if (next() < 0.15) continue;
        line += part.repeat(1 + Math.floor(next() * 2));
        if (next() < 0.1) line += noise[Math.floor(next() * noise.length)];
      }
    }
    out.push(line);
  }
  return out;
}

describe('matchHeader', () => {
  it('returns what the regular expression returns on 20 000 random texts', () => {
    const alphabet = ['#', '#', '>', ' ', '\t', '\n', '\n', '\n', 'a', 'b', '\r', '\u00a0'];
    let matched = 0;
    for (const text of texts(alphabet, 20_000, 14, 1)) {
      const groups = HEADER_RE.exec(text)?.groups;
      const expected = groups
        ? { title: groups.title, summary: groups.summary, info: groups.info }
        : undefined;
      expect(matchHeader(text), JSON.stringify(text)).toEqual(expected);
      if (expected) matched++;
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('reads an ordinary header', () => {
    expect(matchHeader('# Proj\n\n> One line.\n\nSome info.')).toEqual({
      title: 'Proj',
      summary: 'One line.',
      info: 'Some info.',
    });
  });
});

describe('matchReferenceLink', () => {
  it('returns what the regular expression returns on 20 000 random lines', () => {
    let matched = 0;
    for (const line of linkLines(20_000, 2)) {
      const groups = LINK_RE.exec(line)?.groups;
      const expected = groups ? { title: groups.title, url: groups.url, desc: groups.desc } : undefined;
      expect(matchReferenceLink(line), JSON.stringify(line)).toEqual(expected);
      if (expected) matched++;
    }
    expect(matched).toBeGreaterThan(500);
  });

  it('reads an ordinary link line', () => {
    expect(matchReferenceLink('- [A](https://x.dev/a): about a')).toEqual({
      title: 'A',
      url: 'https://x.dev/a',
      desc: 'about a',
    });
    expect(matchReferenceLink('- [B](https://x.dev/b)')).toMatchObject({ desc: undefined });
    expect(matchReferenceLink('text')).toBeUndefined();
  });
});
