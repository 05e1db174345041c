import { describe, expect, it } from 'vitest';
import { normalizeLlmsTxt } from './normalize.js';
import { parseLlmsTxt } from './parse.js';
import { validateLlmsTxt } from './validate.js';

// Runs of 200 000 spaces or tabs (and other repeated characters) where a backtracking regular expression would
// rescan them from every position: each of these took minutes before the scanners were made linear. Nothing
// here measures time; a quadratic regression makes the file run into its test timeout.
const RUN = 200_000;
const spaces = ' '.repeat(RUN);
const tabs = '\t'.repeat(RUN);
const HEAD = '# T\n\n> s\n\ninfo\n\n## A\n\n';
const OK_LINK = '- [a](https://x.dev/a): a';

const rulesOf = (text: string) => validateLlmsTxt(text).errors.map((issue) => issue.rule);

describe('validator, parser and normaliser on long runs', () => {
  it('an unterminated link followed by 200 000 spaces (the reported case)', () => {
    const text = `# T\n> s\n## A\n- [${spaces}x`;
    const validation = validateLlmsTxt(text);
    expect(validation.valid).toBe(false);
    expect(validation.errors).toContainEqual(expect.objectContaining({ rule: 'section-line', line: 4 }));
    const parsed = parseLlmsTxt(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toContainEqual(expect.objectContaining({ kind: 'link', line: 4 }));
    expect(normalizeLlmsTxt(text)).toBe(`${text}\n`);
  });

  it('spaces and tabs after the H1 mark, inside the title and after the summary mark', () => {
    for (const gap of [spaces, tabs]) {
      const title = `# ${gap}x\n\n> s\n\ninfo\n\n## A\n\n${OK_LINK}\n`;
      expect(validateLlmsTxt(title).valid).toBe(true);
      expect(parseLlmsTxt(title)).toMatchObject({ ok: true, value: { title: 'x', summary: 's' } });

      const summary = `# T\n\n> ${gap}x y\n\ninfo\n\n## A\n\n${OK_LINK}\n`;
      expect(parseLlmsTxt(summary)).toMatchObject({ ok: true, value: { summary: 'x y' } });

      // No line end after the H1: the header pattern fails after trying every split of the run.
      const noHeader = `# ${gap}x`;
      expect(parseLlmsTxt(noHeader)).toMatchObject({ ok: false, errors: [{ kind: 'header' }] });
      expect(rulesOf(noHeader)).toContain('summary-missing');
    }
  });

  it('100 000 H1 lines before the first section', () => {
    // No blank line anywhere, so the header pattern matches at none of the 100 000 starts.
    const text = `${'#\n'.repeat(RUN / 2)}## A\n${OK_LINK}\n`;
    expect(parseLlmsTxt(text)).toMatchObject({ ok: false, errors: [{ kind: 'header' }] });
    expect(rulesOf(text)).toContain('h1-single');
  });

  it('a run of spaces or tabs between a link and its notes, or text the reference parser ignores', () => {
    for (const gap of [spaces, tabs]) {
      const trailing = `${HEAD}- [a](https://x.dev/a)${gap}x\n`;
      const validation = validateLlmsTxt(trailing);
      expect(validation.valid).toBe(true);
      expect(validation.warnings.map((issue) => issue.rule)).toContain('link-trailing-text');
      const links = [{ url: 'https://x.dev/a', desc: null }];
      expect(parseLlmsTxt(trailing)).toMatchObject({ ok: true, value: { sections: [{ links }] } });
      expect(normalizeLlmsTxt(trailing)).toBe(trailing);

      const spaced = `${HEAD}- [a](https://x.dev/a)${gap}: notes\n`;
      expect(validateLlmsTxt(spaced).warnings.map((issue) => issue.rule)).toContain('link-colon-space');
      expect(normalizeLlmsTxt(spaced)).toBe(`${HEAD}- [a](https://x.dev/a): notes\n`);
    }
  });

  it('a section line of 200 000 spaces or tabs before a word, and a bullet followed by them', () => {
    for (const gap of [spaces, tabs]) {
      for (const line of [`${gap}x`, `-${gap}x`, `*${gap}`]) {
        const text = `${HEAD}${OK_LINK}\n${line}\n`;
        expect(rulesOf(text)).toContain('section-line');
        expect(parseLlmsTxt(text).ok).toBe(false);
      }
    }
  });

  it('trailing spaces and tabs on a line are removed by the normaliser, inner runs are kept', () => {
    const text = `# T\n\n> s${spaces}\n\ninfo${tabs}x${tabs}\n`;
    expect(normalizeLlmsTxt(text)).toBe(`# T\n\n> s\n\ninfo${tabs}x\n`);
  });

  it('a fence line with a run of spaces inside its info string', () => {
    const text = `\`\`\`${spaces}x y\n# T\n\n> s\n\`\`\``;
    // Not a fence (two words after the marker), so nothing is unwrapped and the text is kept as it is.
    expect(normalizeLlmsTxt(text)).toBe(`# T\n\n> s\n\`\`\`\n`);
    expect(validateLlmsTxt(text).valid).toBe(false);
  });

  it('a line of 200 000 `#` before a carriage return', () => {
    const text = `${'#'.repeat(RUN)}\rx\n> s\n`;
    expect(validateLlmsTxt(text).valid).toBe(false);
    expect(parseLlmsTxt(text).ok).toBe(false);
  });

  it('unclosed link starts repeated 40 000 times in a section and in the info text', () => {
    const section = `${HEAD}${'-[a]('.repeat(40_000)}\n`;
    expect(rulesOf(section)).toContain('section-line');
    expect(parseLlmsTxt(section).ok).toBe(false);

    const info = `# T\n\n> s\n\n${'[](a'.repeat(50_000)}\n\n## A\n\n${OK_LINK}\n`;
    expect(validateLlmsTxt(info, { allowedUrls: new Set(['https://x.dev/a']) }).valid).toBe(true);
  });

  it('a link whose path ends in 200 000 slashes before a letter', () => {
    const url = `https://x.dev/${'/'.repeat(RUN)}x`;
    const text = `${HEAD}- [a](${url})\n- [b](${url}/)\n`;
    // The two URLs differ only by a trailing slash: the same page twice.
    expect(rulesOf(text)).toEqual(['link-duplicate']);
  });

  it('20 000 sections (line numbers are looked up, not counted from the start for each one)', () => {
    const sections = Array.from({ length: 20_000 }, (_, i) => `## S${i}\n\n- [p](https://x.dev/${i})\n`);
    const text = `# T\n\n> s\n\ninfo\n\n${sections.join('\n')}`;
    const parsed = parseLlmsTxt(text);
    expect(parsed.ok && parsed.value.sections.length).toBe(20_000);
    expect(parsed.ok && parsed.value.sections.at(-1)).toEqual({
      name: 'S19999',
      line: 7 + 4 * 19_999,
      links: [{ title: 'p', url: 'https://x.dev/19999', desc: null, line: 9 + 4 * 19_999 }],
    });
    expect(validateLlmsTxt(text).valid).toBe(true);
  });
});
