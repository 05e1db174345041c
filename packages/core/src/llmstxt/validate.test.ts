import { describe, expect, it } from 'vitest';
import { formatIssue, validateLlmsTxt } from './validate.js';

const GOOD = `# Example

> Example is a tool that does things.

It has docs and an API.

## Docs

- [Start](https://example.com/docs/start/): how to begin
- [Guide](https://example.com/docs/guide/)

## Optional

- [Blog](https://example.com/blog/): news
`;

/** [line, rule] pairs of a result's errors (or warnings). */
const pairs = (issues: { line?: number; rule: string }[]) => issues.map((issue) => [issue.line, issue.rule]);

describe('validateLlmsTxt', () => {
  it('accepts a file in our format with no warnings and returns the parsed document', () => {
    const result = validateLlmsTxt(GOOD);
    expect(result).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(result.parsed?.summary).toBe('Example is a tool that does things.');
    expect(result.parsed?.sections.map((s) => [s.name, s.links.length])).toEqual([
      ['Docs', 2],
      ['Optional', 1],
    ]);
  });

  it('h1-missing, section-missing', () => {
    const result = validateLlmsTxt('Just some prose.\n');
    expect(pairs(result.errors)).toEqual([
      [1, 'h1-first'],
      [undefined, 'h1-missing'],
      [undefined, 'section-missing'],
    ]);
    expect(result.valid).toBe(false);
  });

  it('h1-first: chatter before the H1', () => {
    const result = validateLlmsTxt(`Here is your llms.txt:\n\n${GOOD}`);
    expect(pairs(result.errors)).toEqual([[1, 'h1-first']]);
    expect(formatIssue(result.errors[0]!)).toBe(
      "line 1: 'Here is your llms.txt:' comes before the H1; the file must start with '# Title'",
    );
  });

  it('h1-single and h1-empty', () => {
    expect(pairs(validateLlmsTxt(GOOD.replace('## Optional', '# Another')).errors)).toEqual([
      [12, 'h1-single'],
    ]);
    expect(pairs(validateLlmsTxt(GOOD.replace('# Example', '#')).errors)).toEqual([[1, 'h1-empty']]);
  });

  it('summary-missing, summary-empty, summary-multiline, summary-long', () => {
    const noSummary = GOOD.replace('> Example is a tool that does things.\n\n', '');
    expect(pairs(validateLlmsTxt(noSummary).errors)).toEqual([[3, 'summary-missing']]);
    const textFirst = GOOD.replace('> Example', 'Intro.\n\n> Example');
    expect(pairs(validateLlmsTxt(textFirst).errors)).toEqual([[3, 'summary-missing']]);
    expect(pairs(validateLlmsTxt(GOOD.replace('> Example is a tool that does things.', '>')).errors)).toEqual(
      [[3, 'summary-empty']],
    );
    const multi = validateLlmsTxt(GOOD.replace('does things.', 'does things.\n> And more.'));
    expect(multi.valid).toBe(true);
    expect(pairs(multi.warnings)).toEqual([[4, 'summary-multiline']]);
    const long = validateLlmsTxt(GOOD.replace('does things.', `does ${'many '.repeat(80)}things.`));
    expect(pairs(long.warnings)).toEqual([[3, 'summary-long']]);
  });

  it('info-missing is a warning (the reference parser loses the summary), an error when strict', () => {
    const text = GOOD.replace('It has docs and an API.\n\n', '');
    const result = validateLlmsTxt(text);
    expect(result.valid).toBe(true);
    expect(pairs(result.warnings)).toEqual([[5, 'info-missing']]);
    expect(result.parsed?.summary).toBeNull();
    const strict = validateLlmsTxt(text, { strict: true });
    expect(strict.valid).toBe(false);
    expect(pairs(strict.errors)).toEqual([[5, 'info-missing']]);
  });

  it('heading-level: H3 in the intro and in a section; heading-space', () => {
    const inIntro = validateLlmsTxt(GOOD.replace('It has docs', '### Notes\nIt has docs'));
    expect(pairs(inIntro.errors)).toEqual([
      [5, 'heading-level'],
      // The reference parser makes '### Notes' a section, so the intro text after it is a bad section line.
      [6, 'section-line'],
    ]);
    const inSection = validateLlmsTxt(GOOD.replace('- [Guide]', '### Deep\n- [Guide]'));
    expect(pairs(inSection.errors)).toEqual([[10, 'heading-level']]);
    expect(inSection.errors[0]!.message).toContain("section named '# Deep'");
    const noSpace = validateLlmsTxt(GOOD.replace('## Docs', '##Docs'));
    expect(noSpace.valid).toBe(true);
    expect(pairs(noSpace.warnings)).toEqual([[7, 'heading-space']]);
  });

  it('section-in-code: a ## line inside a code block of the intro still splits sections', () => {
    const result = validateLlmsTxt(GOOD.replace('It has docs and an API.', '```\n## not a heading\n```'));
    // The reference parser then reads the closing fence as a line of the section 'not a heading'.
    expect(pairs(result.errors)).toEqual([
      [6, 'section-in-code'],
      [7, 'reference-parser'],
    ]);
  });

  it('section-title-empty, section-duplicate, section-empty', () => {
    expect(pairs(validateLlmsTxt(GOOD.replace('## Docs', '##')).errors)).toEqual([
      [7, 'section-title-empty'],
    ]);
    const dup = validateLlmsTxt(GOOD.replace('## Optional', '## Docs'));
    expect(pairs(dup.errors)).toEqual([[12, 'section-duplicate']]);
    expect(dup.errors[0]!.message).toContain('already appears on line 7');
    const empty = validateLlmsTxt(GOOD.replace('## Optional', '## Empty\n\n## Optional'));
    expect(pairs(empty.errors)).toEqual([[12, 'section-empty']]);
  });

  it('section-line: prose, code, a bare URL or a comment in a section, in the exact wording', () => {
    const result = validateLlmsTxt(
      GOOD.replace(
        '- [Guide]',
        'Some prose\n```\ncode\n```\nhttps://example.com/x\n<!-- note -->\n- [Guide]',
      ),
    );
    expect(pairs(result.errors)).toEqual([
      [10, 'section-line'],
      [11, 'section-line'],
      [12, 'section-line'],
      [13, 'section-line'],
      [14, 'section-line'],
      [15, 'section-line'],
    ]);
    expect(formatIssue(result.errors[0]!)).toBe(
      "line 10: 'Some prose' in section 'Docs' is not a '- [name](url): notes' link (the reference parser would fail)",
    );
  });

  it('optional-last and optional-name', () => {
    const notLast = GOOD.replace(
      '## Optional\n\n- [Blog](https://example.com/blog/): news\n',
      '## Optional\n\n- [Blog](https://example.com/blog/): news\n\n## More\n\n- [M](https://example.com/m)\n',
    );
    expect(pairs(validateLlmsTxt(notLast).errors)).toEqual([[12, 'optional-last']]);
    const lower = validateLlmsTxt(GOOD.replace('## Optional', '## optional'));
    expect(lower.valid).toBe(true);
    expect(pairs(lower.warnings)).toEqual([[12, 'optional-name']]);
  });

  it('link-bullet: star, plus and missing bullets are errors; indent and missing space are warnings', () => {
    const bullets = validateLlmsTxt(
      GOOD.replace(
        '- [Guide](https://example.com/docs/guide/)',
        '* [Guide](https://example.com/docs/guide/)\n+ [P](https://example.com/p)\n[Q](https://example.com/q)',
      ),
    );
    expect(pairs(bullets.errors)).toEqual([
      [10, 'link-bullet'],
      [11, 'link-bullet'],
      [12, 'link-bullet'],
    ]);
    const soft = validateLlmsTxt(
      GOOD.replace(
        '- [Guide](https://example.com/docs/guide/)',
        '  - [Guide](https://example.com/docs/guide/)\n-[P](https://example.com/p)',
      ),
    );
    expect(soft.valid).toBe(true);
    expect(pairs(soft.warnings)).toEqual([
      [10, 'link-indent'],
      [11, 'link-bullet-space'],
    ]);
  });

  it('link-name-empty and link-name-brackets', () => {
    const result = validateLlmsTxt(
      GOOD.replace(
        '- [Guide](https://example.com/docs/guide/)',
        '- [](https://example.com/e)\n- [a [b]](https://example.com/b)',
      ),
    );
    expect(pairs(result.errors)).toEqual([
      [10, 'link-name-empty'],
      [11, 'link-name-brackets'],
    ]);
  });

  it('link URLs: ) inside, whitespace, relative, other schemes', () => {
    const result = validateLlmsTxt(
      GOOD.replace(
        '- [Guide](https://example.com/docs/guide/)',
        [
          '- [P](https://example.com/f_(g))',
          '- [S](https://example.com/a "title")',
          '- [R](/docs/relative)',
          '- [M](mailto:a@example.com)',
          '- [I](https://exa mple)',
        ].join('\n'),
      ),
    );
    expect(pairs(result.errors)).toEqual([
      [10, 'link-url-paren'],
      [11, 'link-url-space'],
      [12, 'link-url-absolute'],
      [13, 'link-url-scheme'],
      [14, 'link-url-space'],
    ]);
    expect(
      validateLlmsTxt(GOOD.replace('https://example.com/docs/guide/', 'https://exa%mple/')).errors.map(
        (e) => e.rule,
      ),
    ).toEqual(['link-url-invalid']);
  });

  it('link-duplicate: the same page twice, ignoring trailing slash, index.html, fragment and tracking params', () => {
    const result = validateLlmsTxt(
      GOOD.replace(
        '- [Guide](https://example.com/docs/guide/)',
        '- [Guide](https://example.com/docs/guide/)\n- [Again](https://example.com/docs/guide/index.html#top)\n- [Third](https://example.com/docs/start?utm_source=x)',
      ),
    );
    expect(pairs(result.errors)).toEqual([
      [11, 'link-duplicate'],
      [12, 'link-duplicate'],
    ]);
    expect(result.errors[0]!.message).toContain('first on line 10');
    expect(result.errors[1]!.message).toContain('first on line 9');
  });

  it('link-not-allowed: no invented URLs (Set or predicate), with a near-miss hint', () => {
    const allowed = new Set([
      'https://example.com/docs/start/',
      'https://example.com/docs/guide/',
      'https://example.com/blog/',
    ]);
    expect(validateLlmsTxt(GOOD, { allowedUrls: allowed }).valid).toBe(true);
    const invented = validateLlmsTxt(
      GOOD.replace('https://example.com/docs/guide/', 'https://example.com/docs/pricing/'),
      {
        allowedUrls: allowed,
      },
    );
    expect(pairs(invented.errors)).toEqual([[10, 'link-not-allowed']]);
    const nearMiss = validateLlmsTxt(
      GOOD.replace('https://example.com/docs/guide/', 'https://example.com/docs/guide'),
      {
        allowedUrls: allowed,
      },
    );
    expect(nearMiss.errors[0]!.message).toContain('did you mean https://example.com/docs/guide/?');
    const predicate = validateLlmsTxt(GOOD, { allowedUrls: (url) => url.includes('/docs/') });
    expect(pairs(predicate.errors)).toEqual([[14, 'link-not-allowed']]);
    // Encoded parentheses match the crawled URL they stand for.
    const paren = validateLlmsTxt(
      GOOD.replace('https://example.com/blog/', 'https://example.com/f_%28g%29'),
      {
        allowedUrls: new Set([...allowed, 'https://example.com/f_(g)']),
      },
    );
    expect(paren.valid).toBe(true);
  });

  it('url-not-allowed: an off-site link in the intro is an error, an on-site one is fine', () => {
    const allowedUrls = new Set([
      'https://example.com/docs/start/',
      'https://example.com/docs/guide/',
      'https://example.com/blog/',
    ]);
    const result = validateLlmsTxt(
      GOOD.replace('It has docs and an API.', 'See [the repo](https://github.com/x/y).'),
      { allowedUrls },
    );
    expect(result.valid).toBe(false);
    expect(pairs(result.errors)).toEqual([[5, 'url-not-allowed']]);
    expect(result.errors[0]!.message).toContain('https://github.com/x/y');
    expect(result.errors[0]!.message).toContain('in the intro');
    const onSite = GOOD.replace(
      'It has docs and an API.',
      'Start at [start](https://example.com/docs/start/).',
    );
    expect(validateLlmsTxt(onSite, { allowedUrls }).valid).toBe(true);
    // Without a page list (ltx validate on any file) URLs outside the file list are not judged.
    expect(
      validateLlmsTxt(GOOD.replace('It has docs and an API.', 'See https://github.com/x/y.')).valid,
    ).toBe(true);
  });

  it('notes pitfalls: space before colon, trailing text, empty notes are warnings; strict makes them errors', () => {
    const text = GOOD.replace(
      '- [Guide](https://example.com/docs/guide/)',
      '- [Guide](https://example.com/docs/guide/) : lost\n- [P](https://example.com/p) - dash\n- [Q](https://example.com/q):',
    );
    const result = validateLlmsTxt(text);
    expect(result.valid).toBe(true);
    expect(pairs(result.warnings)).toEqual([
      [10, 'link-colon-space'],
      [11, 'link-trailing-text'],
      [12, 'link-notes-empty'],
    ]);
    expect(pairs(validateLlmsTxt(text, { strict: true }).errors)).toEqual([
      [10, 'link-colon-space'],
      [11, 'link-trailing-text'],
      [12, 'link-notes-empty'],
    ]);
  });

  it('crlf and file-size warnings', () => {
    const crlf = validateLlmsTxt(GOOD.replace(/\n/g, '\r\n'));
    expect(crlf.valid).toBe(true);
    expect(pairs(crlf.warnings)).toEqual([[undefined, 'crlf']]);
    const links = Array.from(
      { length: 1500 },
      (_, i) => `- [Page ${i}](https://example.com/p/${i}): ${'words '.repeat(8)}`,
    );
    const big = validateLlmsTxt(GOOD.replace('- [Guide](https://example.com/docs/guide/)', links.join('\n')));
    expect(big.valid).toBe(true);
    expect(pairs(big.warnings)).toEqual([[undefined, 'file-size']]);
  });

  it('reference-parser: a header the reference parser cannot read that our rules do not name', () => {
    // An H1 directly followed by the summary and nothing else before a section: Python's header pattern needs
    // a newline after the summary line, and the stripped start has none.
    const result = validateLlmsTxt('# T\n> S\n## A\n- [a](https://x.dev/a)\n');
    expect(pairs(result.errors)).toEqual([[1, 'reference-parser']]);
    expect(result.parsed).toBeUndefined();
  });
});
