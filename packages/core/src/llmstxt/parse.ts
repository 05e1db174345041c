/**
 * A parser with the semantics of the llms.txt reference parser (AnswerDotAI/llms-txt `miniparse.py`,
 * `parse_llms_txt`, v0.0.7). It reproduces the reference's regular expressions (Python `re` semantics:
 * `^`/`$` in MULTILINE mode only see `\n`, `.` matches `\r`) so that "accepted here" means "accepted there",
 * and where the reference would crash it reports why, with line numbers, instead of throwing. The header and
 * link patterns are matched by hand in linear time (reference-patterns.ts): as regular expressions they take
 * minutes on a few hundred kilobytes of whitespace.
 *
 * Reference behaviour kept on purpose (see the ecosystem note, section 1.3):
 * - sections are split on `^##\s*(.*?)$`, so `### Sub` becomes a section named `# Sub`;
 * - a duplicated section name keeps its first position but only its last body (Python dict semantics);
 * - the header is searched (not anchored): text before the H1 is ignored; only the first blockquote line is
 *   the summary; with no info paragraph after the blockquote, the blockquote lands in `info` (summary null);
 * - every non-blank line of a section must contain `-\s*[title](url)` (searched, so indentation is fine);
 *   `: notes` after the link is the description; a URL ends at its first `)`.
 */
import { matchHeader, matchReferenceLink } from './reference-patterns.js';

export interface LlmsTxtLink {
  title: string;
  url: string;
  /** Text after `:`; null when the line has no `:` right after the link (as the reference returns None). */
  desc: string | null;
  /** 1-based line number in the parsed text. */
  line: number;
}

export interface LlmsTxtSection {
  name: string;
  /** 1-based line of the (first) `##` heading with this name. */
  line: number;
  links: LlmsTxtLink[];
}

export interface LlmsTxtDocument {
  title: string;
  summary: string | null;
  info: string | null;
  /** In first-appearance order; a duplicated name holds the links of its last body (reference semantics). */
  sections: LlmsTxtSection[];
}

export interface ParseProblem {
  /** 'header': no `# Title` + summary/info the header pattern accepts; 'link': a section line it cannot read. */
  kind: 'header' | 'link';
  line?: number;
  message: string;
}

export type ParseResult = { ok: true; value: LlmsTxtDocument } | { ok: false; errors: ParseProblem[] };

// Python MULTILINE anchors, spelled so that JavaScript does not also treat `\r` as a line end.
const BOL = String.raw`(?:(?<![\s\S])|(?<=\n))`;
const EOL = String.raw`(?=\n|(?![\s\S]))`;

/** `^##\s*(.*?$)` with flags=re.MULTILINE (linear: the lazy group always reaches the line end). */
const SECTION_RE = new RegExp(String.raw`${BOL}##\s*([^\n]*?)${EOL}`, 'g');
// The header and link patterns are matched by hand (reference-patterns.ts): as regular expressions they are
// quadratic on long whitespace runs.

/** Python's str.strip() on the whitespace that matters here (JavaScript's `\s`, which is what trim removes). */
function pyStrip(text: string): string {
  return text.trim();
}

/** 1-based line of an offset, by binary search over the line starts (one scan per text, not per section). */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

function preview(line: string): string {
  const clean = line.trim().replace(/\s+/g, ' ');
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}

interface RawSection {
  name: string;
  line: number;
  /** Offset of the body in the text (just after the heading). */
  bodyStart: number;
  body: string;
}

function splitSections(
  text: string,
  lineAt: (offset: number) => number,
): { start: string; sections: RawSection[] } {
  const sections: RawSection[] = [];
  let start = text;
  let previous: { name: string; line: number; end: number } | undefined;
  SECTION_RE.lastIndex = 0;
  for (let match = SECTION_RE.exec(text); match !== null; match = SECTION_RE.exec(text)) {
    if (previous) {
      sections.push({
        name: previous.name,
        line: previous.line,
        bodyStart: previous.end,
        body: text.slice(previous.end, match.index),
      });
    } else {
      start = text.slice(0, match.index);
    }
    previous = { name: match[1] ?? '', line: lineAt(match.index), end: match.index + match[0].length };
  }
  if (previous) {
    sections.push({
      name: previous.name,
      line: previous.line,
      bodyStart: previous.end,
      body: text.slice(previous.end),
    });
  }
  return { start, sections };
}

function parseLinks(
  section: RawSection,
  firstLine: number,
): { links: LlmsTxtLink[]; errors: ParseProblem[] } {
  const links: LlmsTxtLink[] = [];
  const errors: ParseProblem[] = [];
  // `links.strip()` then `re.split(r'\n+')`: strip first (it also drops a last line's trailing `\r`), keep line numbers.
  const leading = section.body.length - section.body.trimStart().length;
  const skippedLines = section.body.slice(0, leading).split('\n').length - 1;
  const lines = pyStrip(section.body).split('\n');
  lines.forEach((raw, index) => {
    if (pyStrip(raw) === '') return;
    const lineNo = firstLine + skippedLines + index;
    const match = matchReferenceLink(raw);
    if (!match) {
      errors.push({
        kind: 'link',
        line: lineNo,
        message: `'${preview(raw)}' in section '${section.name}' is not a '- [name](url): notes' link (the reference parser would fail)`,
      });
      return;
    }
    links.push({ title: match.title, url: match.url, desc: match.desc ?? null, line: lineNo });
  });
  return { links, errors };
}

/**
 * Parses an llms.txt exactly as the reference parser would. Returns the document, or every reason the
 * reference parser would crash on this text (it stops at the first; we report them all).
 */
export function parseLlmsTxt(text: string): ParseResult {
  const errors: ParseProblem[] = [];
  const lineAt = lineFinder(text);
  const { start, sections: raw } = splitSections(text, lineAt);

  // dict(chunked(rest, 2)): first position, last body.
  const byName = new Map<string, RawSection>();
  const order: string[] = [];
  for (const section of raw) {
    if (!byName.has(section.name)) order.push(section.name);
    byName.set(section.name, section);
  }
  const firstLineOf = new Map<string, number>();
  for (const section of raw) if (!firstLineOf.has(section.name)) firstLineOf.set(section.name, section.line);

  const sections: LlmsTxtSection[] = [];
  for (const name of order) {
    const section = byName.get(name)!;
    // The body starts with the rest of the heading line (the `\n` after it), so its first line is the heading's.
    const parsed = parseLinks(section, lineAt(section.bodyStart));
    errors.push(...parsed.errors);
    sections.push({ name, line: firstLineOf.get(name) ?? section.line, links: parsed.links });
  }

  const header = matchHeader(pyStrip(start));
  if (!header) {
    const hasH1 = /(?:^|\n)#/.test(pyStrip(start));
    errors.unshift({
      kind: 'header',
      line: 1,
      message: hasH1
        ? 'after the H1 the reference parser needs a `> summary` line and/or an info paragraph before the first `##` section; it would fail here'
        : 'no `# Title` (H1) before the first section: the reference parser would fail',
    });
  }
  if (errors.length > 0) return { ok: false, errors };

  return {
    ok: true,
    value: { title: header!.title, summary: header!.summary ?? null, info: header!.info, sections },
  };
}
