/**
 * llms-full.txt (not defined by the llms.txt spec; the common shape, as Firecrawl and the docs plugins write
 * it): `# Site`, then per page, in importance order, `## Title`, `Source: url` and the page's main content as
 * Markdown. Cut at `maxBytes` (UTF-8) on a page boundary; when not even the first page fits, its Markdown is
 * cut at the last line that fits. Pages without content (JavaScript shells) are left out.
 */

export interface FullTextPage {
  url: string;
  title: string;
  markdown: string;
}

export interface FullTextResult {
  text: string;
  bytes: number;
  /** Pages written (in full or, for a single oversized page, cut). */
  pagesIncluded: number;
  /** Pages with content that did not fit. */
  pagesOmitted: number;
  truncated: boolean;
  /** 'fullTextMaxBytes' when the limit cut the output. */
  limitHit: 'fullTextMaxBytes' | undefined;
}

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Cuts `text` to at most `maxBytes` UTF-8 bytes at a line end (or a character boundary for one long line). */
function cutToBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.byteLength <= maxBytes) return text;
  // Decoding a prefix may end in a broken character: drop the replacement character it produces.
  const prefix = buffer
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const lastLine = prefix.lastIndexOf('\n');
  return lastLine > 0 ? prefix.slice(0, lastLine) : prefix;
}

export function buildFullText(
  pages: readonly FullTextPage[],
  maxBytes: number,
  siteName?: string,
): FullTextResult {
  const name = (siteName ?? pages[0]?.title ?? '').trim() || (pages[0] ? new URL(pages[0].url).host : 'Site');
  const header = `# ${name}\n`;
  const withContent = pages.filter((page) => page.markdown.trim() !== '');
  const parts: string[] = [header];
  let bytes = byteLength(header);
  let included = 0;
  let truncated = false;
  for (const page of withContent) {
    const block = `\n## ${page.title.trim() || page.url}\nSource: ${page.url}\n\n${page.markdown.trim()}\n`;
    const size = byteLength(block);
    if (bytes + size <= maxBytes) {
      parts.push(block);
      bytes += size;
      included += 1;
      continue;
    }
    truncated = true;
    if (included === 0) {
      const cut = cutToBytes(block, maxBytes - bytes - 1);
      if (cut.includes('Source:')) {
        parts.push(`${cut}\n`);
        bytes += byteLength(cut) + 1;
        included = 1;
      }
    }
    break;
  }
  const text = parts.join('');
  return {
    text,
    bytes: byteLength(text),
    pagesIncluded: included,
    pagesOmitted: withContent.length - included,
    truncated,
    limitHit: truncated ? 'fullTextMaxBytes' : undefined,
  };
}
