import { describe, expect, it } from 'vitest';
import { extractPage } from './extract-page.js';
import { fragmentToMarkdown, htmlToMarkdown, MAX_WHITESPACE_RUN } from './html-to-markdown.js';
import { cleanTitle, finalizeTitles, hasSeparator } from './titles.js';

// Crawled pages are untrusted input: runs of 200 000 characters where a backtracking regular expression would
// rescan the run from every position (minutes each before). Nothing here measures time; a quadratic
// regression makes the file run into its test timeout.
const RUN = 200_000;

describe('extraction on long runs', () => {
  it('titles: dangling separators and whitespace runs', () => {
    expect(cleanTitle(`Page ${'-'.repeat(RUN)}x`)).toBe(`Page ${'-'.repeat(RUN)}x`);
    expect(cleanTitle(`${'|'.repeat(RUN)} Page ${'-'.repeat(RUN)}`)).toBe('Page');
    expect(hasSeparator(`a${' '.repeat(RUN)}b`)).toBe(false);
    expect(hasSeparator(`a${' '.repeat(RUN)}| b`)).toBe(true);
    const raw = [`A${' '.repeat(RUN)}x | Site`, 'B | Site', 'C | Site'];
    const { siteName, titles } = finalizeTitles(raw.map((rawTitle) => ({ rawTitle, title: rawTitle })));
    expect(siteName).toBe('Site');
    expect(titles[1]).toBe('B');
  });

  it('Markdown: runs in a code block and &nbsp; runs are cut to MAX_WHITESPACE_RUN, lines kept apart', () => {
    const code = `<pre>${'\n'.repeat(RUN)}x${' '.repeat(RUN)}y${'\t'.repeat(RUN)}\nz</pre>`;
    const kept = ' '.repeat(MAX_WHITESPACE_RUN);
    expect(fragmentToMarkdown(code)).toBe(`\`\`\`\nx${kept}y\nz\n\`\`\``);
    expect(htmlToMarkdown(code)).toBe(`\`\`\`\nx${kept}y\nz\n\`\`\``);
    const nbsp = htmlToMarkdown(`<p>a${'&nbsp;'.repeat(RUN)}b</p><p>c</p>`);
    expect(nbsp).toBe(`a${'\u00a0'.repeat(MAX_WHITESPACE_RUN)}b\n\nc`);
  });

  it('a page whose title is a run of dashes and whose body is a run of spaces', () => {
    const page = extractPage(
      `<html><head><title>${'-'.repeat(RUN)}x</title></head><body><p>a${' '.repeat(RUN)}b</p></body></html>`,
      'https://x.dev/',
    );
    expect(page.title).toBe('x');
    expect(page.text).toBe('a b');
    const nbsp = extractPage(
      `<html><body><main><p>a${'&nbsp;'.repeat(RUN)}b</p></main></body></html>`,
      'https://x.dev/',
    );
    expect(nbsp.markdown).toBe(`a${'\u00a0'.repeat(MAX_WHITESPACE_RUN)}b`);
  });
});
