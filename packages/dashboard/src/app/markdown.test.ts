import { describe, expect, it } from 'vitest';
import { type Block, type Inline, parseInline, parseMarkdown, safeHref } from './markdown.js';

const LLMS_TXT = `# Summit Docs

> Guides and API reference for Summit, a trail-mapping toolkit.

Summit ships as a CLI and a library. See the **quick start** first.

## Docs

- [Quick start](https://summit.example/docs/start/): install and map a first trail
- [Configuration](https://summit.example/docs/config/)

## Optional

- [Changelog](https://summit.example/changelog/): every release, with \`breaking\` changes marked
`;

function text(nodes: Inline[]): string {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : text(n.children))).join('');
}

describe('parseMarkdown', () => {
  it('reads an llms.txt into heading, blockquote, paragraph and link lists', () => {
    const blocks = parseMarkdown(LLMS_TXT);
    expect(blocks.map((b) => b.type)).toEqual([
      'heading',
      'blockquote',
      'paragraph',
      'heading',
      'list',
      'heading',
      'list',
    ]);
    const [h1, quote, para, docs, list] = blocks as [Block, Block, Block, Block, Block];
    expect(h1).toMatchObject({ type: 'heading', level: 1 });
    expect(h1.type === 'heading' && text(h1.children)).toBe('Summit Docs');
    expect(quote.type === 'blockquote' && quote.blocks[0]?.type).toBe('paragraph');
    expect(para.type === 'paragraph' && para.children.some((c) => c.type === 'strong')).toBe(true);
    expect(docs).toMatchObject({ type: 'heading', level: 2 });
    if (list.type !== 'list') throw new Error('expected a list');
    expect(list.ordered).toBe(false);
    expect(list.items).toHaveLength(2);
    const first = list.items[0]!.children;
    expect(first[0]).toEqual({
      type: 'link',
      href: 'https://summit.example/docs/start/',
      children: [{ type: 'text', text: 'Quick start' }],
    });
    expect(text(first)).toBe('Quick start: install and map a first trail');
  });

  it('keeps fenced code verbatim, including Markdown and HTML inside it', () => {
    const blocks = parseMarkdown('```html\n<script>alert(1)</script>\n## not a heading\n```\nafter');
    expect(blocks[0]).toEqual({
      type: 'code',
      lang: 'html',
      text: '<script>alert(1)</script>\n## not a heading',
    });
    expect(blocks[1]).toMatchObject({ type: 'paragraph' });
  });

  it('treats raw HTML as text', () => {
    const blocks = parseMarkdown('<img src=x onerror=alert(1)> hi');
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<img src=x onerror=alert(1)> hi' }] },
    ]);
  });

  it('nests indented list items and continues wrapped item text', () => {
    const blocks = parseMarkdown('- one\n  - one.a\n  - one.b\n- two\n  continued\n\n1. first\n2. second');
    expect(blocks).toHaveLength(2);
    const [bullets, numbers] = blocks as [Block, Block];
    if (bullets.type !== 'list' || numbers.type !== 'list') throw new Error('expected lists');
    expect(bullets.items).toHaveLength(2);
    expect(bullets.items[0]!.blocks[0]).toMatchObject({ type: 'list', items: [{}, {}] });
    expect(text(bullets.items[1]!.children)).toBe('two continued');
    expect(numbers).toMatchObject({ ordered: true, start: 1 });
  });

  it('reads CRLF files, setext-free headings with closing hashes, and thematic breaks', () => {
    const blocks = parseMarkdown('# Title #\r\n\r\n---\r\n\r\n#NoSpace');
    expect(blocks[0]).toEqual({ type: 'heading', level: 1, children: [{ type: 'text', text: 'Title' }] });
    expect(blocks[1]).toEqual({ type: 'hr' });
    expect(blocks[2]).toMatchObject({ type: 'paragraph' });
  });

  it('survives deeply nested quotes without recursing forever', () => {
    const blocks = parseMarkdown(`${'> '.repeat(500)}deep`);
    expect(blocks[0]?.type).toBe('blockquote');
  });
});

describe('parseInline', () => {
  it('reads code, emphasis, strong, escapes, autolinks and bare URLs', () => {
    expect(parseInline('a `x*y` b')).toEqual([
      { type: 'text', text: 'a ' },
      { type: 'code', text: 'x*y' },
      { type: 'text', text: ' b' },
    ]);
    expect(parseInline('*em* and **strong**')).toEqual([
      { type: 'em', children: [{ type: 'text', text: 'em' }] },
      { type: 'text', text: ' and ' },
      { type: 'strong', children: [{ type: 'text', text: 'strong' }] },
    ]);
    expect(parseInline('\\*not em\\*')).toEqual([{ type: 'text', text: '*not em*' }]);
    expect(parseInline('snake_case_name stays')).toEqual([{ type: 'text', text: 'snake_case_name stays' }]);
    expect(parseInline('see <https://a.example/x>.')[1]).toMatchObject({
      type: 'link',
      href: 'https://a.example/x',
    });
    expect(parseInline('(see https://a.example/y).')[1]).toMatchObject({
      type: 'link',
      href: 'https://a.example/y',
    });
  });

  it('reads link destinations with parentheses, angle brackets and titles', () => {
    expect(parseInline('[a](https://x.example/a_(b))')[0]).toMatchObject({ href: 'https://x.example/a_(b)' });
    expect(parseInline('[a](<https://x.example/a b>)')[0]).toMatchObject({ href: 'https://x.example/a%20b' });
    expect(parseInline('[a](https://x.example/ "Title")')[0]).toMatchObject({ href: 'https://x.example/' });
  });

  it('does not make links inside link text', () => {
    const [link] = parseInline('[https://a.example/](https://a.example/)');
    expect(link).toEqual({
      type: 'link',
      href: 'https://a.example/',
      children: [{ type: 'text', text: 'https://a.example/' }],
    });
  });

  it('keeps unsafe link targets out of the tree', () => {
    for (const target of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '/v1/jobs',
      'vbscript:x',
    ]) {
      const [link] = parseInline(`[click](${target})`);
      expect(link, target).toMatchObject({ type: 'link', href: null });
    }
    // Whitespace inside the destination is not a link at all: it stays text.
    expect(parseInline('[click](java\tscript:alert(1))')).toEqual([
      { type: 'text', text: '[click](java\tscript:alert(1))' },
    ]);
    expect(parseInline('<javascript:alert(1)>')).toEqual([{ type: 'text', text: '<javascript:alert(1)>' }]);
  });

  it('leaves unmatched markers as text', () => {
    expect(parseInline('[not a link] and `open and *open')).toEqual([
      { type: 'text', text: '[not a link] and `open and *open' },
    ]);
  });
});

describe('safeHref', () => {
  it('accepts absolute http(s) and mailto only', () => {
    expect(safeHref('https://a.example/p?q=1#f')).toBe('https://a.example/p?q=1#f');
    expect(safeHref(' HTTP://A.example ')).toBe('http://a.example/');
    expect(safeHref('mailto:team@a.example')).toBe('mailto:team@a.example');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('\u0001javascript:alert(1)')).toBeNull();
    expect(safeHref('//evil.example/')).toBeNull();
    expect(safeHref('https://')).toBeNull();
  });
});
