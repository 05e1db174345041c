/**
 * Which pages a prompt names, and which of its lines belong to which page: format-light, so that it reads
 * today's digest ("[n] URL | title" with indented detail lines, "- [title](URL): ..." draft lines) and a
 * future one alike, as long as each page's block starts with a line naming the page by URL or path.
 */

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pattern(url: string): RegExp {
  const path = new URL(url).pathname;
  return new RegExp(`(${escapeRegExp(url)}|${escapeRegExp(path)})(?=[\\s)\\]"'>|,;]|$)`);
}

/** The text names the page at `url`: its URL or its path, followed by a delimiter or the end of the text. */
export function mentions(text: string, url: string): boolean {
  return pattern(url).test(text);
}

/**
 * For each line of `text`, the page it belongs to: a line naming exactly one of `urls` (the longest match
 * wins when one URL is a prefix of another) starts that page's block, indented lines after it continue the
 * block; any other line belongs to no page.
 */
export function linePages(text: string, urls: readonly string[]): (string | undefined)[] {
  const patterns = urls.map((url) => ({ url, re: pattern(url) }));
  const owners: (string | undefined)[] = [];
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const named = patterns.filter((p) => p.re.test(line)).map((p) => p.url);
    if (named.length > 0) {
      current = named.sort((a, b) => b.length - a.length)[0];
    } else if (!/^\s+\S/.test(line)) {
      current = undefined;
    }
    owners.push(current);
  }
  return owners;
}

/** Tokens of the lines that belong to each page (`count` is the project's token counter), with the total. */
export function tokensByPage(
  text: string,
  urls: readonly string[],
  count: (text: string) => number,
): { byPage: Map<string, number>; total: number } {
  const lines = text.split('\n');
  const owners = linePages(text, urls);
  const byPage = new Map<string, number>();
  let total = 0;
  lines.forEach((line, i) => {
    const tokens = count(`${line}\n`);
    total += tokens;
    const owner = owners[i];
    if (owner) byPage.set(owner, (byPage.get(owner) ?? 0) + tokens);
  });
  return { byPage, total };
}
