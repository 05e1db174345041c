/**
 * Every link target in a line of text, wherever and however it is written, so that the validator can hold
 * each one to the "crawled page of the site" rule (a hostile page can ask the model to plant links anywhere):
 *
 * | kind | written as |
 * |---|---|
 * | `link` | an inline Markdown link or image destination: `[x](url)`, `![x](url "t")`, `[x](<url>)` |
 * | `autolink` | `<scheme:...>` (CommonMark autolink; e-mail autolinks are not URLs and are left alone) |
 * | `definition` | a reference definition `[x]: url` (what `[x][ref]` and `[ref]` resolve to) |
 * | `html` | an HTML attribute that loads or links a URL: href, src, srcset, action, formaction, poster, ... |
 * | `bare` | any `scheme://...` in the text, and GFM's `www.host` (renderers and readers follow both) |
 *
 * One line may yield the same URL under several kinds (a Markdown link's URL is also a bare URL); callers
 * dedupe. Every scan is linear in the line's length: each finder below only moves forward, and no character is
 * re-read from more than a constant number of starts (the repository's long-run tests hold this).
 */
import { isWhitespace } from '../text-trim.js';

export type UrlKind = 'link' | 'autolink' | 'definition' | 'html' | 'bare';

export interface FoundUrl {
  url: string;
  kind: UrlKind;
}

const isSchemeChar = (char: string | undefined) => char !== undefined && /^[A-Za-z0-9+.-]$/.test(char);
const isLetter = (char: string | undefined) => char !== undefined && /^[A-Za-z]$/.test(char);
const isWordChar = (char: string | undefined) => char !== undefined && /^[A-Za-z0-9_]$/.test(char);
/** Where a bare URL ends (CommonMark/GFM stop at whitespace and `<`; the rest end Markdown or HTML syntax). */
const BARE_STOP = new Set(['<', '>', '"', "'", '`', ')', ']', '|', '{', '}', '\\', '^']);
/** Trailing punctuation GFM does not count as part of a bare URL. */
const TRAILING_PUNCTUATION = new Set(['.', ',', ':', ';', '!', '?', '*', '_', '~']);
const MAX_SCHEME_LENGTH = 32;

/** `first(position)`: the first index >= position where `stop` holds (or length), for growing positions. */
function forwardFinder(line: string, stop: (char: string) => boolean): (position: number) => number {
  let from = Number.POSITIVE_INFINITY;
  let at = -1;
  return (position) => {
    if (!(position >= from && position <= at)) {
      from = position;
      at = position;
      while (at < line.length && !stop(line[at]!)) at++;
    }
    return at;
  };
}

function inlineDestinations(line: string, out: FoundUrl[]): void {
  const rawEnd = forwardFinder(line, (char) => char === ')' || isWhitespace(char));
  const angleEnd = forwardFinder(line, (char) => char === '>' || char === '\n' || char === '<');
  for (let at = line.indexOf('](', 0); at >= 0; at = line.indexOf('](', at + 2)) {
    let p = at + 2;
    while (p < line.length && (line[p] === ' ' || line[p] === '\t')) p++;
    if (line[p] === '<') {
      const end = angleEnd(p + 1);
      if (end < line.length && line[end] === '>') out.push({ url: line.slice(p + 1, end), kind: 'link' });
      continue;
    }
    const end = rawEnd(p);
    // Closed by `)` or followed by a title: a destination. Running to the end of the line: not a link.
    if (end > p && end < line.length) out.push({ url: line.slice(p, end), kind: 'link' });
  }
}

function autolinks(line: string, out: FoundUrl[]): void {
  let at = line.indexOf('<');
  while (at >= 0) {
    let p = at + 1;
    if (!isLetter(line[p])) {
      at = line.indexOf('<', at + 1);
      continue;
    }
    while (p < line.length && p - at <= MAX_SCHEME_LENGTH + 1 && isSchemeChar(line[p])) p++;
    if (line[p] !== ':' || p - at < 3) {
      at = line.indexOf('<', at + 1);
      continue;
    }
    let end = p + 1;
    while (end < line.length && line[end] !== '>' && line[end] !== '<' && !isWhitespace(line[end])) end++;
    if (line[end] === '>') out.push({ url: line.slice(at + 1, end), kind: 'autolink' });
    // Nothing between `at` and `end` can start another autolink (a `<` would have stopped the scan).
    at = line.indexOf('<', Math.max(end, at + 1));
  }
}

function definition(line: string, out: FoundUrl[]): void {
  let p = 0;
  while (p < 3 && line[p] === ' ') p++;
  if (line[p] !== '[' || line[p + 1] === '^') return; // `[^1]: text` is a footnote, not a link
  const close = line.indexOf(']', p + 1);
  if (close < 0 || close === p + 1 || line[close + 1] !== ':') return;
  let start = close + 2;
  while (start < line.length && isWhitespace(line[start])) start++;
  if (line[start] === '<') {
    const end = line.indexOf('>', start + 1);
    if (end > start) out.push({ url: line.slice(start + 1, end), kind: 'definition' });
    return;
  }
  let end = start;
  while (end < line.length && !isWhitespace(line[end])) end++;
  if (end > start) out.push({ url: line.slice(start, end), kind: 'definition' });
}

const HTML_URL_ATTRIBUTE =
  /(?<![\w:-])(href|src|srcset|action|formaction|poster|cite|background|ping|data|xlink:href)[ \t]*=[ \t]*/gi;

function htmlAttributes(line: string, out: FoundUrl[]): void {
  if (!line.includes('<')) return;
  HTML_URL_ATTRIBUTE.lastIndex = 0;
  let match = HTML_URL_ATTRIBUTE.exec(line);
  while (match !== null) {
    const start = HTML_URL_ATTRIBUTE.lastIndex;
    const quote = line[start];
    let value: string;
    let next: number;
    if (quote === '"' || quote === "'") {
      const end = line.indexOf(quote, start + 1);
      next = end < 0 ? line.length : end + 1;
      value = line.slice(start + 1, end < 0 ? line.length : end);
    } else {
      let end = start;
      while (end < line.length && line[end] !== '>' && !isWhitespace(line[end])) end++;
      next = end;
      value = line.slice(start, end);
    }
    const values =
      match[1]!.toLowerCase() === 'srcset' || match[1]!.toLowerCase() === 'ping'
        ? value.split(/,/).map((part) => part.trim().split(/[ \t]/)[0] ?? '')
        : [value.trim()];
    for (const url of values) if (url !== '') out.push({ url, kind: 'html' });
    HTML_URL_ATTRIBUTE.lastIndex = Math.max(next, start);
    match = HTML_URL_ATTRIBUTE.exec(line);
  }
}

function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(url[end - 1]!)) end--;
  return url.slice(0, end);
}

function bareEnd(line: string, from: number): number {
  let end = from;
  while (end < line.length && !BARE_STOP.has(line[end]!) && !isWhitespace(line[end])) end++;
  return end;
}

function bareUrls(line: string, out: FoundUrl[]): void {
  // `scheme://...`: walk back over the scheme (it stops at the previous `://`, so each character is read once).
  let searchFrom = 0;
  for (let at = line.indexOf('://', searchFrom); at >= 0; at = line.indexOf('://', searchFrom)) {
    let start = at;
    while (start > 0 && at - start < MAX_SCHEME_LENGTH && isSchemeChar(line[start - 1])) start--;
    while (start < at && !isLetter(line[start])) start++;
    const end = bareEnd(line, at + 3);
    if (start < at && end > at + 3) {
      const url = trimTrailingPunctuation(line.slice(start, end));
      if (url.length > at + 3 - start) out.push({ url, kind: 'bare' });
    }
    searchFrom = Math.max(end, at + 3);
  }
  // GFM extended `www.` autolinks, at the start of the line or after whitespace or `*`, `_`, `~`, `(`.
  searchFrom = 0;
  for (let at = line.indexOf('www.', searchFrom); at >= 0; at = line.indexOf('www.', searchFrom)) {
    const before = line[at - 1];
    const end = bareEnd(line, at);
    if (
      at === 0 ||
      isWhitespace(before) ||
      before === '*' ||
      before === '_' ||
      before === '~' ||
      before === '('
    ) {
      const host = trimTrailingPunctuation(line.slice(at, end));
      if (host.length > 4 && !isWordChar(before)) out.push({ url: `http://${host}`, kind: 'bare' });
    }
    searchFrom = Math.max(end, at + 4);
  }
}

/** Every link target in `line` (see the table above), in no particular order. */
export function urlsInLine(line: string): FoundUrl[] {
  const out: FoundUrl[] = [];
  inlineDestinations(line, out);
  autolinks(line, out);
  definition(line, out);
  htmlAttributes(line, out);
  bareUrls(line, out);
  return out;
}
