/**
 * The reference parser's two search patterns (llms-txt `miniparse.py`), matched by hand in linear time with
 * exactly the groups Python's backtracking `re` would return:
 *
 * - header: `^#\s*(?P<title>.+?$)\n+(?:^>\s*(?P<summary>.+?$)$)?\n+(?P<info>.*)` (MULTILINE | DOTALL, re.search)
 * - link:   `-\s*\[(?P<title>[^\]]+)\]\((?P<url>[^\)]+)\)(?::\s*(?P<desc>.*))?` (re.search on one line)
 *
 * As regular expressions both are quadratic on adversarial text (`#` followed by 200 000 spaces, `-[` repeated
 * without a closing bracket): the engine retries `\s*` against the lazy `.+?` and rescans the rest of the text
 * from every start. The matchers below compute, once per text, where the part after the title can succeed and
 * answer every start position from that. `\s` is JavaScript's whitespace class, as in the regular expressions
 * they replace. The unit tests compare them with the regular expressions on random short texts.
 */
import { isWhitespace } from '../text-trim.js';

export interface HeaderMatch {
  title: string;
  /** Undefined when the optional `> summary` group did not take part in the match. */
  summary: string | undefined;
  info: string;
}

/**
 * re.search of the header pattern. In Python's MULTILINE mode `^` is the text start or just after `\n`, `$` the
 * text end or just before `\n`; DOTALL lets `.` match `\n`.
 */
export function matchHeader(text: string): HeaderMatch | undefined {
  const n = text.length;
  const isNewline = (i: number) => text.charCodeAt(i) === 10;
  // wsEnd[i]: end of the whitespace run starting at i; runEnd[i]: end of the run of `\n` starting at i;
  // nextNewline[i]: first `\n` at or after i (-1 when none); prevNewline[i]: last `\n` at or before i.
  const wsEnd = new Int32Array(n + 1);
  const runEnd = new Int32Array(n + 1);
  const nextNewline = new Int32Array(n + 1);
  wsEnd[n] = n;
  runEnd[n] = n;
  nextNewline[n] = -1;
  for (let i = n - 1; i >= 0; i--) {
    wsEnd[i] = isWhitespace(text[i]) ? wsEnd[i + 1]! : i;
    runEnd[i] = isNewline(i) ? runEnd[i + 1]! : i;
    nextNewline[i] = isNewline(i) ? i : nextNewline[i + 1]!;
  }
  const prevNewline = new Int32Array(n);
  for (let i = 0; i < n; i++) prevNewline[i] = isNewline(i) ? i : i > 0 ? prevNewline[i - 1]! : -1;

  // The part after the title, `$\n+(?:^>\s*(?P<summary>.+?$)$)?\n+(?P<info>.*)`, tried at the title's end e.
  const tail = (e: number): Omit<HeaderMatch, 'title'> | undefined => {
    if (e >= n || !isNewline(e)) return undefined;
    const q = runEnd[e]!; // `\n+` greedy; the summary group can only start where the run ends
    if (q < n && text[q] === '>') {
      // `\s*` greedy, then the lazy summary ends at the first `\n` after at least one character (the outer
      // `\n+` needs that `\n`); when no `\n` follows, `\s*` backs off until a `\n` inside its own run does.
      const u0 = q + 1 < n ? wsEnd[q + 1]! : n;
      const after = u0 < n ? nextNewline[u0]! : -1;
      if (after >= 0) return { summary: text.slice(u0, after), info: text.slice(runEnd[after]!) };
      const m = u0 - 1 >= q + 1 ? prevNewline[u0 - 1]! : -1;
      if (m >= q + 2) return { summary: text.slice(m - 1, m), info: text.slice(runEnd[m]!) };
    }
    // Without the summary group the two `\n+` share the run, so it needs two newlines.
    if (q - e >= 2) return { summary: undefined, info: text.slice(q) };
    return undefined;
  };

  // nextOk[i]: first title end >= i where the tail succeeds; prevOk[i]: last one <= i.
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (isNewline(i) && tail(i)) ok[i] = 1;
  const nextOk = new Int32Array(n + 1);
  nextOk[n] = -1;
  for (let i = n - 1; i >= 0; i--) nextOk[i] = ok[i] ? i : nextOk[i + 1]!;
  const prevOk = new Int32Array(n);
  for (let i = 0; i < n; i++) prevOk[i] = ok[i] ? i : i > 0 ? prevOk[i - 1]! : -1;

  for (let p = 0; p < n; p++) {
    if (text[p] !== '#' || (p > 0 && !isNewline(p - 1))) continue;
    // `\s*` greedy first: the title starts after the whole whitespace run and ends at the first good `\n`.
    const titleStart = p + 1 < n ? wsEnd[p + 1]! : n;
    const end = titleStart + 1 <= n ? nextOk[titleStart + 1]! : -1;
    if (titleStart < n && end >= 0) return { title: text.slice(titleStart, end), ...tail(end)! };
    // Backing `\s*` off: the largest good `\n` inside the run, with one character of title before it.
    const inner = titleStart - 1 >= 0 ? prevOk[titleStart - 1]! : -1;
    if (inner >= p + 2) return { title: text.slice(inner - 1, inner), ...tail(inner)! };
  }
  return undefined;
}

export interface ReferenceLinkMatch {
  title: string;
  url: string;
  /** Undefined when the line has no `:` right after the link. */
  desc: string | undefined;
}

/** re.search of the reference link pattern in one line (or any text). */
export function matchReferenceLink(line: string): ReferenceLinkMatch | undefined {
  const n = line.length;
  // First `]` / `)` at or after a position, remembered: start positions only grow, so each scan is done once.
  const finder = (char: string) => {
    let from = Number.POSITIVE_INFINITY;
    let at = -1;
    return (position: number): number => {
      if (!(position >= from && (at < 0 || position <= at))) {
        from = position;
        at = line.indexOf(char, position);
      }
      return at;
    };
  };
  const closeBracket = finder(']');
  const closeParen = finder(')');
  for (let i = line.indexOf('-'); i >= 0; i = line.indexOf('-', i + 1)) {
    let t = i + 1;
    while (t < n && isWhitespace(line[t])) t++;
    if (line[t] !== '[') continue;
    const j = closeBracket(t + 1);
    if (j < 0) return undefined; // no `]` after this start, so none after any later start either
    if (j < t + 2 || line[j + 1] !== '(') continue;
    const k = closeParen(j + 2);
    if (k < 0) return undefined;
    if (k < j + 3) continue;
    let desc: string | undefined;
    if (line[k + 1] === ':') {
      let d = k + 2;
      while (d < n && isWhitespace(line[d])) d++;
      const stop = line.indexOf('\n', d);
      desc = line.slice(d, stop < 0 ? n : stop);
    }
    return { title: line.slice(t + 1, j), url: line.slice(j + 2, k), desc };
  }
  return undefined;
}
