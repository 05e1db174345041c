/** Which pages a prompt names: by absolute URL or by path, with no further path characters after it. */

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text names the page at `url`: its URL or its path, followed by a delimiter or the end of the text. */
export function mentions(text: string, url: string): boolean {
  const path = new URL(url).pathname;
  return new RegExp(`(${escapeRegExp(url)}|${escapeRegExp(path)})(?=[\\s)\\]"'>|,;]|$)`).test(text);
}
