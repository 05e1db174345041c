import { describe, expect, it } from 'vitest';
import { linkTargets } from './link-targets.js';

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function texts(count: number, seed: number): string[] {
  const next = random(seed);
  const tokens = ['[', ']', '(', ')', '](', ' ', '\n', 'a', 'u', '[a](u)', '](u)'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    const length = Math.floor(next() * 12);
    for (let j = 0; j < length; j++) text += tokens[Math.floor(next() * tokens.length)];
    out.push(text);
  }
  return out;
}

describe('linkTargets', () => {
  it('finds what the regular expressions find on 20 000 random texts', () => {
    let found = 0;
    for (const text of texts(20_000, 3)) {
      const bracketed = [...text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
      const bare = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
      expect(linkTargets(text, { requireOpen: true }), JSON.stringify(text)).toEqual(bracketed);
      expect(linkTargets(text), JSON.stringify(text)).toEqual(bare);
      found += bracketed.length;
    }
    expect(found).toBeGreaterThan(2000);
  });

  it('reads the links of an ordinary line', () => {
    expect(linkTargets('See [a](https://x/a) and [b](https://x/b "t").', { requireOpen: true })).toEqual([
      'https://x/a',
    ]);
  });

  it('finishes on unclosed links repeated 100 000 times', () => {
    const text = '[](a'.repeat(100_000);
    expect(linkTargets(text, { requireOpen: true })).toEqual([]);
    expect(linkTargets(`${text})`)).toEqual([text.slice(3)]);
  });
});
