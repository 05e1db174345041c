import { describe, expect, it } from 'vitest';
import { parseLlmsTxt } from './parse.js';

// Expected values follow the reference parser's behaviour as recorded in the ecosystem note (section 1.3),
// checked by hand against AnswerDotAI/llms-txt miniparse.py semantics.
describe('parseLlmsTxt (reference parser semantics)', () => {
  it('reads title, first blockquote line as summary, info and sections of links', () => {
    const result = parseLlmsTxt(
      '# Proj\n\n> One line.\n\nSome info.\n\n## Docs\n\n- [A](https://x.dev/a): about a\n- [B](https://x.dev/b)\n\n## Optional\n- [C](https://x.dev/c): c\n',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        title: 'Proj',
        summary: 'One line.',
        info: 'Some info.',
        sections: [
          {
            name: 'Docs',
            line: 7,
            links: [
              { title: 'A', url: 'https://x.dev/a', desc: 'about a', line: 9 },
              { title: 'B', url: 'https://x.dev/b', desc: null, line: 10 },
            ],
          },
          {
            name: 'Optional',
            line: 12,
            links: [{ title: 'C', url: 'https://x.dev/c', desc: 'c', line: 13 }],
          },
        ],
      },
    });
  });

  it('loses the summary into info when no info paragraph follows the blockquote', () => {
    const result = parseLlmsTxt('# T\n\n> S\n\n## A\n- [a](https://x/a)\n');
    expect(result.ok && result.value.summary).toBeNull();
    expect(result.ok && result.value.info).toBe('> S');
  });

  it('keeps only the first blockquote line as the summary', () => {
    const result = parseLlmsTxt('# T\n> one\n> two\n\ninfo\n## A\n- [a](https://x/a)\n');
    expect(result.ok && result.value.summary).toBe('one');
    expect(result.ok && result.value.info).toBe('> two\n\ninfo');
  });

  it('fails on an H1 alone and on an H1 followed directly by sections', () => {
    for (const text of ['# Title', '# Title\n\n## Docs\n- [a](https://x/a)\n']) {
      const result = parseLlmsTxt(text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors[0]).toMatchObject({ kind: 'header', line: 1 });
    }
  });

  it('fails without an H1 and says so', () => {
    const result = parseLlmsTxt('> summary\n\n## Docs\n- [a](https://x/a)\n');
    expect(!result.ok && result.errors[0]?.message).toMatch(/no `# Title`/);
  });

  it('names every section line it cannot read, with its line number', () => {
    const result = parseLlmsTxt(
      '# T\n\n> S\n\ni\n\n## Docs\n- [a](https://x/a)\nSome prose\n* [b](https://x/b)\n- [](https://x/c)\n',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.line, e.message])).toEqual([
      [
        9,
        "'Some prose' in section 'Docs' is not a '- [name](url): notes' link (the reference parser would fail)",
      ],
      [
        10,
        "'* [b](https://x/b)' in section 'Docs' is not a '- [name](url): notes' link (the reference parser would fail)",
      ],
      [
        11,
        "'- [](https://x/c)' in section 'Docs' is not a '- [name](url): notes' link (the reference parser would fail)",
      ],
    ]);
  });

  it('reproduces the reference pitfalls: space before colon, ) in URL, ### sections, duplicates, text before H1', () => {
    const result = parseLlmsTxt(
      'Chatter first\n# T\n\n> S\n\ni\n## A\n- [a](https://x/a) : lost\n- [p](https://x/f_(g)): d\n### Sub\n  - [n](https://x/n)\n## A\n- [z](https://x/z)\n',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.title).toBe('T');
    // The duplicated 'A' keeps its first position but only the last body.
    expect(result.value.sections.map((s) => s.name)).toEqual(['A', '# Sub']);
    expect(result.value.sections[0]!.links).toEqual([
      { title: 'z', url: 'https://x/z', desc: null, line: 13 },
    ]);
    expect(result.value.sections[1]!.links[0]).toMatchObject({ title: 'n', url: 'https://x/n' });
    // Parse the first body alone to see the colon and parenthesis pitfalls.
    const alone = parseLlmsTxt(
      '# T\n\n> S\n\ni\n## A\n- [a](https://x/a) : lost\n- [p](https://x/f_(g)): d\n',
    );
    expect(alone.ok && alone.value.sections[0]!.links.map((l) => [l.url, l.desc])).toEqual([
      ['https://x/a', null],
      ['https://x/f_(g', null],
    ]);
  });

  it('lets CR characters leak into names, as the reference does', () => {
    const result = parseLlmsTxt('# T\r\n\r\n> S\r\n\r\ni\r\n## A\r\n- [a](https://x/a): c\r\n');
    expect(result.ok && result.value.sections[0]!.name).toBe('A\r');
    expect(result.ok && result.value.summary).toBe('S\r');
  });
});
