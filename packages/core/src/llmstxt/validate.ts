import { isWhitespace } from '../text-trim.js';
import { type LlmsTxtDocument, parseLlmsTxt } from './parse.js';
import { exactKey, looseKey, parseHttpUrl } from './url-key.js';
import { type FoundUrl, urlsInLine } from './url-scan.js';

/**
 * llms.txt validation, line by line. Two layers:
 * 1. our format rules (what we generate and accept from a model), and
 * 2. the reference parser (`parseLlmsTxt`): anything it would crash on is an error, so a valid file is always
 *    one the reference parser reads.
 *
 * Errors make a file invalid. Warnings are legal but lossy or unusual; `strict: true` turns them into errors.
 *
 * | rule | level | what |
 * |---|---|---|
 * | h1-missing, h1-first, h1-single, h1-empty | error | exactly one `# Title`, and it is the first line with text |
 * | summary-missing, summary-empty | error | a `> summary` blockquote right after the H1 |
 * | summary-multiline | warning | the reference parser keeps only the first blockquote line as the summary |
 * | summary-long | warning | summary over 300 characters |
 * | info-missing | warning | no info paragraph between summary and first section: the reference parser then loses the summary |
 * | heading-level | error | H3 or deeper anywhere (the reference parser turns `### X` into a section `# X`) |
 * | heading-space | warning | `##Docs` / `#Title` (accepted by the reference parser, not a Markdown heading) |
 * | section-in-code | error | a `##` line inside a code block before the sections still splits sections |
 * | section-missing | error | no H2 file-list section |
 * | section-title-empty, section-duplicate | error | nameless H2; a repeated H2 name (the reference keeps only the last) |
 * | section-empty | error | an H2 with no lines at all |
 * | section-line | error | a non-blank line in a section that is not a link item (reference parser crash) |
 * | optional-last | error | `## Optional` is not the last section |
 * | optional-name | warning | `## optional` / `## Optional links`: only the exact name `Optional` is special |
 * | link-bullet | error | `* [a](u)`, `+ [a](u)` or no bullet: the reference parser needs `-` |
 * | link-indent, link-bullet-space | warning | indented item; `-[a](u)` without a space |
 * | link-name-empty, link-name-brackets | error | `[](u)`, `[a [b]](u)`: the reference parser fails or truncates |
 * | link-url-paren | error | `)` inside the URL: the reference parser cuts the URL there (write %29) |
 * | link-url-space | error | whitespace or a title inside `( )` |
 * | link-url-absolute, link-url-scheme, link-url-invalid | error | links are absolute http(s) URLs |
 * | link-duplicate | error | the same page (trailing slash, index.html, fragment, tracking params ignored) twice |
 * | link-not-allowed | error | not a crawled page of the site nor its Markdown twin ("no invented URLs") |
 * | url-not-allowed | error | with allowedUrls: any other URL anywhere in the file (H1, summary, intro, notes, headings,
 * |  |  | code, autolinks `<u>`, bare URLs, `[x]: u` definitions, HTML attributes; see url-scan.ts) that is not
 * |  |  | such a page, or is not an absolute http(s) URL: a hostile page must not plant links in our output |
 * | link-colon-space, link-trailing-text, link-notes-empty | warning | notes the reference parser drops or reads oddly |
 * | crlf | warning | CR line ends (leak into names in the reference parser; normalise first) |
 * | file-size | warning | over 100 KB: consumers often truncate there |
 * | reference-parser | error | any other reason the reference parser would fail |
 */

export interface Issue {
  line?: number;
  rule: string;
  message: string;
}

export interface ValidateOptions {
  /** Links must be among these (a Set of URLs compared by exactKey, or a predicate). Unset: not checked. */
  allowedUrls?: ((url: string) => boolean) | Set<string> | undefined;
  /** Turn warnings into errors. */
  strict?: boolean | undefined;
}

export interface ValidationResult {
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
  /** The reference parser's reading of the file, when it can read it. */
  parsed: LlmsTxtDocument | undefined;
}

const KIND_NAMES: Record<FoundUrl['kind'], string> = {
  link: 'a Markdown link',
  autolink: 'an autolink',
  definition: 'a reference definition',
  html: 'an HTML attribute',
  bare: 'a bare URL',
};

const MAX_SUMMARY_CHARS = 300;
const MAX_FILE_BYTES = 100_000;

export function formatIssue(issue: Pick<Issue, 'line' | 'message'>): string {
  return issue.line === undefined ? issue.message : `line ${issue.line}: ${issue.message}`;
}

function quote(line: string): string {
  const clean = line.trim().replace(/\s+/g, ' ');
  return `'${clean.length > 60 ? `${clean.slice(0, 57)}...` : clean}'`;
}

interface LinkLine {
  indent: string;
  bullet: string;
  gap: string;
  name: string;
  url: string;
  rest: string;
  /** The URL had a `)` that is not its closing parenthesis. */
  urlHasParen: boolean;
}

/** Index of the first character at or after `from` that is not whitespace. */
function skipWhitespace(line: string, from: number): number {
  let index = from;
  while (index < line.length && isWhitespace(line[index])) index++;
  return index;
}

/**
 * `^(#+)(\s*)(.*)$` (no flags: `.` stops at \n, \r, U+2028, U+2029), read by hand: as a regular expression it
 * backtracks quadratically over a long run of `#` or whitespace followed by a line terminator.
 */
function readHeading(line: string): { level: number; space: string; title: string } | undefined {
  let level = 0;
  while (line[level] === '#') level++;
  if (level === 0) return undefined;
  const titleStart = skipWhitespace(line, level);
  const title = line.slice(titleStart);
  if (/[\n\r\u2028\u2029]/.test(title)) return undefined;
  return { level, space: line.slice(level, titleStart), title };
}

/** Reads `- [name](url)rest` with bracket/paren depth, so we can say precisely what is wrong with a line. */
function readLinkLine(line: string): LinkLine | 'no-link' | 'unterminated' {
  // `^(\s*)([-*+]?)(\s*)\[` by hand (the two `\s*` around an absent bullet backtrack quadratically).
  const indentEnd = skipWhitespace(line, 0);
  const next = line[indentEnd];
  const bullet = next === '-' || next === '*' || next === '+' ? next : '';
  const gapEnd = skipWhitespace(line, indentEnd + bullet.length);
  if (line[gapEnd] !== '[') return 'no-link';
  let i = gapEnd + 1;
  let depth = 1;
  const nameStart = i;
  for (; i < line.length && depth > 0; i++) {
    if (line[i] === '[') depth++;
    else if (line[i] === ']') depth--;
  }
  if (depth > 0) return 'unterminated';
  const name = line.slice(nameStart, i - 1);
  if (line[i] !== '(') return 'no-link';
  i++;
  const urlStart = i;
  depth = 1;
  let urlHasParen = false;
  for (; i < line.length && depth > 0; i++) {
    if (line[i] === '(') {
      depth++;
      urlHasParen = true;
    } else if (line[i] === ')') depth--;
  }
  if (depth > 0) return 'unterminated';
  return {
    indent: line.slice(0, indentEnd),
    bullet,
    gap: line.slice(indentEnd + bullet.length, gapEnd),
    name,
    url: line.slice(urlStart, i - 1),
    rest: line.slice(i),
    urlHasParen,
  };
}

function allowedChecker(allowed: ValidateOptions['allowedUrls']): ((url: string) => boolean) | undefined {
  if (allowed === undefined) return undefined;
  if (typeof allowed === 'function') return allowed;
  const keys = new Set([...allowed].map(exactKey));
  return (url) => keys.has(exactKey(url));
}

function nearMiss(url: string, allowed: ValidateOptions['allowedUrls']): string | undefined {
  if (!(allowed instanceof Set)) return undefined;
  const key = looseKey(url);
  for (const candidate of allowed) if (looseKey(candidate) === key) return candidate;
  return undefined;
}

/** One list of issues shared by every phase; the result sorts them by line (stable: phase order within a line). */
class IssueCollector {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  readonly error = (rule: string, message: string, line?: number): void => {
    this.errors.push(line === undefined ? { rule, message } : { line, rule, message });
  };
  readonly warn = (rule: string, message: string, line?: number): void => {
    this.warnings.push(line === undefined ? { rule, message } : { line, rule, message });
  };
}

type State = 'start' | 'afterH1' | 'summary' | 'info' | 'section';

interface SectionState {
  name: string;
  line: number;
  lines: number;
  links: number;
}

/** Where a line sat in the structure walk, for the URLs-anywhere phase to name its place. */
interface LineContext {
  before: State;
  fenced: boolean;
  /** The line's file-list link URL (checked by the link phase, not again by the URLs-anywhere phase). */
  lineLinkUrl: string | undefined;
}

/** What the structure walk found, for the outline checks after it. */
interface Outline {
  h1Line: number | undefined;
  summaryLine: number | undefined;
  preambleReported: boolean;
  sections: SectionState[];
  contexts: LineContext[];
}

/** Phase 1, the whole file: line ends and size. */
function checkFile(text: string, issues: IssueCollector): void {
  if (text.includes('\r')) {
    issues.warn(
      'crlf',
      'CR line ends: the reference parser keeps the \\r in titles and section names (use LF)',
    );
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    issues.warn(
      'file-size',
      `the file is ${bytes} bytes; many consumers truncate near ${MAX_FILE_BYTES} bytes`,
    );
  }
}

/** The link phase: each file-list link's URL is absolute http(s), valid, listed once and (with allowedUrls) allowed. */
function linkUrlChecker(issues: IssueCollector, options: ValidateOptions): (url: string, n: number) => void {
  const { error } = issues;
  const isAllowed = allowedChecker(options.allowedUrls);
  const seenLinks = new Map<string, number>();
  return (url: string, n: number) => {
    if (/\s/.test(url)) {
      error(
        'link-url-space',
        `the URL ${quote(url)} contains whitespace (a link title or a space; write %20)`,
        n,
      );
      return;
    }
    if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) {
      error(
        'link-url-absolute',
        `the URL '${url}' is relative; llms.txt links must be absolute http(s) URLs`,
        n,
      );
      return;
    }
    if (!/^https?:/i.test(url)) {
      error('link-url-scheme', `the URL '${url}' is not http(s)`, n);
      return;
    }
    if (!parseHttpUrl(url)) {
      error('link-url-invalid', `the URL '${url}' is not a valid URL`, n);
      return;
    }
    const key = looseKey(url);
    const first = seenLinks.get(key);
    if (first !== undefined) {
      error('link-duplicate', `${url} is listed twice (first on line ${first}); list each page once`, n);
    } else {
      seenLinks.set(key, n);
    }
    if (isAllowed && !isAllowed(url)) {
      const hint = nearMiss(url, options.allowedUrls);
      error(
        'link-not-allowed',
        `${url} is not a crawled page of the site nor its Markdown twin: use only URLs from the page list${hint ? ` (did you mean ${hint}?)` : ''}`,
        n,
      );
    }
  };
}

/**
 * Phase 2, the structure walk, line by line: H1, summary, intro, sections and their link items (each link's URL
 * through the link phase). Records each line's place for the URLs-anywhere phase.
 */
function checkStructure(
  lines: readonly string[],
  issues: IssueCollector,
  checkUrl: (url: string, n: number) => void,
  recordContexts: boolean,
): Outline {
  const { error, warn } = issues;
  let state: State = 'start';
  let h1Line: number | undefined;
  let summaryLine: number | undefined;
  let preambleReported = false;
  let infoLines = 0;
  let inFence = false;
  const sections: SectionState[] = [];
  const sectionNames = new Map<string, number>();
  const contexts: LineContext[] = [];
  let current: SectionState | undefined;
  // Set by visitLine when the line is a file-list link: its URL is checked by checkUrl, not again later.
  let lineLinkUrl: string | undefined;

  const startSection = (name: string, n: number) => {
    if (name === '') error('section-title-empty', 'an H2 without a name', n);
    const previous = sectionNames.get(name);
    if (previous !== undefined) {
      error(
        'section-duplicate',
        `the section '${name}' already appears on line ${previous}; the reference parser keeps only the last one`,
        n,
      );
    } else {
      sectionNames.set(name, n);
    }
    if (name !== 'Optional' && /^optional\b/i.test(name)) {
      warn('optional-name', `'${name}': only a section named exactly 'Optional' marks skippable links`, n);
    }
    current = { name, line: n, lines: 0, links: 0 };
    sections.push(current);
  };

  lines.forEach((line, index) => {
    const n = index + 1;
    const before = state;
    const fenced = inFence;
    lineLinkUrl = undefined;
    visitLine(line, n);
    if (recordContexts) contexts.push({ before, fenced, lineLinkUrl });
  });
  return { h1Line, summaryLine, preambleReported, sections, contexts };

  function visitLine(line: string, n: number): void {
    const trimmed = line.trim();
    const heading = readHeading(line);
    const fence = /^\s{0,3}(`{3,}|~{3,})/.test(line);

    if (heading && state !== 'section' && inFence) {
      // Markdown sees code here, but the reference parser splits sections on any line starting with `##`.
      if (heading.level >= 2) {
        error(
          'section-in-code',
          `${quote(line)} sits in a code block, but the reference parser still starts a section there`,
          n,
        );
      }
      infoLines++;
      return;
    }

    if (heading) {
      const level = heading.level;
      const title = heading.title.trim();
      if (heading.space === '' && title !== '') {
        warn('heading-space', `${quote(line)}: put a space after the #`, n);
      }
      if (level === 1) {
        if (h1Line !== undefined) {
          error(
            'h1-single',
            `a second H1 ${quote(line)} (the first is on line ${h1Line}); use exactly one`,
            n,
          );
          return;
        }
        h1Line = n;
        if (title === '') error('h1-empty', 'the H1 has no title', n);
        state = 'afterH1';
        return;
      }
      if (h1Line === undefined && !preambleReported) {
        error('h1-first', `${quote(line)} comes before the H1; the file must start with '# Title'`, n);
        preambleReported = true;
      }
      if (state === 'afterH1') {
        error(
          'summary-missing',
          `expected a '> summary' blockquote right after the H1, found ${quote(line)}`,
          n,
        );
      }
      if (level >= 3) {
        error(
          'heading-level',
          `${quote(line)}: no H3 or deeper headings; the reference parser reads it as a section named '${line.replace(/^##\s*/, '').trim()}'`,
          n,
        );
      } else if (state !== 'section' && infoLines === 0 && summaryLine !== undefined) {
        warn(
          'info-missing',
          'no info paragraph between the summary and the first section: the reference parser then reads the blockquote as info and loses the summary',
          n,
        );
      }
      state = 'section';
      startSection(level >= 3 ? line.replace(/^##\s*/, '').trim() : title, n);
      return;
    }

    if (trimmed === '') {
      if (state === 'summary') state = 'info';
      return;
    }

    switch (state) {
      case 'start':
        if (!preambleReported) {
          error('h1-first', `${quote(line)} comes before the H1; the file must start with '# Title'`, n);
          preambleReported = true;
        }
        return;
      case 'afterH1':
        if (trimmed.startsWith('>')) {
          summaryLine = n;
          const summary = trimmed.replace(/^>\s*/, '');
          if (summary === '') error('summary-empty', 'the summary blockquote is empty', n);
          else if (summary.length > MAX_SUMMARY_CHARS) {
            warn(
              'summary-long',
              `the summary has ${summary.length} characters; keep it to one short sentence or two`,
              n,
            );
          }
          state = 'summary';
          return;
        }
        error(
          'summary-missing',
          `expected a '> summary' blockquote right after the H1, found ${quote(line)}`,
          n,
        );
        state = 'info';
        break;
      case 'summary':
        warn(
          'summary-multiline',
          'the summary blockquote continues on this line; the reference parser keeps only its first line as the summary',
          n,
        );
        return;
      default:
        break;
    }

    if (state === 'info') {
      infoLines++;
      if (fence) inFence = !inFence;
      return;
    }

    // state === 'section'
    const section = current!;
    section.lines++;
    const link = readLinkLine(line);
    if (link === 'no-link' || link === 'unterminated') {
      error(
        'section-line',
        `${quote(line)} in section '${section.name}' is not a '- [name](url): notes' link (the reference parser would fail)`,
        n,
      );
      return;
    }
    section.links++;
    if (link.bullet !== '-') {
      error(
        'link-bullet',
        link.bullet === ''
          ? `${quote(line)} has no '- ' bullet; the reference parser needs '- [name](url)'`
          : `${quote(line)} uses a '${link.bullet}' bullet; the reference parser needs '-'`,
        n,
      );
    } else if (link.gap === '') {
      warn('link-bullet-space', `${quote(line)}: put a space after '-' so it is a Markdown list item`, n);
    }
    if (link.indent !== '')
      warn('link-indent', `${quote(line)} is indented; file lists are flat '- ' items`, n);
    if (link.name.trim() === '') error('link-name-empty', `${quote(line)} has an empty link name`, n);
    else if (/[[\]]/.test(link.name)) {
      error(
        'link-name-brackets',
        `the link name '${link.name}' contains brackets; the reference parser cannot read it`,
        n,
      );
    }
    if (link.urlHasParen) {
      error(
        'link-url-paren',
        `the URL '${link.url}' contains ')'; the reference parser cuts it there (write %28 and %29)`,
        n,
      );
    }
    lineLinkUrl = link.url;
    checkUrl(link.url, n);
    const rest = link.rest;
    if (rest === '' || /^:\s*\S/.test(rest)) return;
    if (/^:\s*$/.test(rest)) warn('link-notes-empty', `${quote(line)} ends with ':' but has no notes`, n);
    else if (/^\s+:/.test(rest)) {
      warn(
        'link-colon-space',
        `${quote(line)}: remove the space before ':' (the reference parser drops the notes)`,
        n,
      );
    } else {
      warn(
        'link-trailing-text',
        `${quote(line)}: notes must follow the link as ': notes' (the reference parser ignores this text)`,
        n,
      );
    }
  }
}

/** The place of a line in the file, as the URLs-anywhere phase names it. */
function placeOf(line: string, { before, fenced, lineLinkUrl }: LineContext): string {
  const heading = readHeading(line);
  if (heading && !(fenced && before !== 'section')) return heading.level === 1 ? 'the H1' : 'a heading';
  if (before === 'start') return 'the text before the H1';
  if (before === 'summary' || (before === 'afterH1' && line.trim().startsWith('>'))) return 'the summary';
  if (before === 'afterH1' || before === 'info') return fenced ? 'a code block of the intro' : 'the intro';
  return lineLinkUrl === undefined ? 'a section' : 'the notes of a link';
}

/**
 * Phase 3, with allowedUrls: every other URL anywhere in the file (H1, summary, intro, notes, headings, code,
 * autolinks, bare URLs, definitions, HTML attributes) is an allowed page.
 */
function checkUrlsAnywhere(
  lines: readonly string[],
  contexts: readonly LineContext[],
  issues: IssueCollector,
  options: ValidateOptions,
): void {
  const { error } = issues;
  const isAllowed = allowedChecker(options.allowedUrls);
  if (!isAllowed) return;
  lines.forEach((line, index) => {
    const found = urlsInLine(line);
    if (found.length === 0) return;
    const context = contexts[index]!;
    const { lineLinkUrl } = context;
    const n = index + 1;
    const place = placeOf(line, context);
    const seen = new Set<string>();
    for (const { url: raw, kind } of found) {
      const url = raw.trim();
      if (url === lineLinkUrl || seen.has(url)) continue;
      seen.add(url);
      const written = kind === 'bare' ? url : `'${url}'`;
      const what = `${written} (${KIND_NAMES[kind]} in ${place})`;
      const resolved = url.startsWith('//') ? `https:${url}` : url;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(resolved)) {
        error('url-not-allowed', `${what} is not an absolute http(s) URL of a crawled page`, n);
      } else if (!parseHttpUrl(resolved)) {
        error('url-not-allowed', `${what} is not an http(s) URL; link only to crawled pages of the site`, n);
      } else if (!isAllowed!(resolved) && !(url.startsWith('//') && isAllowed!(`http:${url}`))) {
        const hint = nearMiss(resolved, options.allowedUrls);
        error(
          'url-not-allowed',
          `${what} is not a crawled page of the site nor its Markdown twin: use only URLs from the page list, or no URL${hint ? ` (did you mean ${hint}?)` : ''}`,
          n,
        );
      }
    }
  });
}

/** Phase 4, the outline: one H1 with a summary, at least one section, none empty, Optional last. */
function checkOutline(outline: Outline, issues: IssueCollector): void {
  const { error, errors } = issues;
  const { h1Line, summaryLine, preambleReported, sections } = outline;
  if (h1Line === undefined) {
    if (!preambleReported) error('h1-missing', "no H1: the file must start with '# Title'", 1);
    else error('h1-missing', "no H1 ('# Title') anywhere");
  } else if (summaryLine === undefined && !errors.some((issue) => issue.rule === 'summary-missing')) {
    error('summary-missing', "expected a '> summary' blockquote right after the H1", h1Line);
  }
  if (sections.length === 0) {
    error('section-missing', "no '## Section' file list: an llms.txt needs at least one H2 section of links");
  }
  for (const section of sections) {
    if (section.lines === 0)
      error('section-empty', `the section '${section.name}' lists no links`, section.line);
  }
  const optionalIndex = sections.findIndex((section) => section.name === 'Optional');
  if (optionalIndex >= 0 && optionalIndex !== sections.length - 1) {
    error('optional-last', "the 'Optional' section must be the last section", sections[optionalIndex]!.line);
  }
}

/** Phase 5, the reference parser: report what it rejects that our rules have not already named. */
function checkWithReferenceParser(text: string, issues: IssueCollector): ReturnType<typeof parseLlmsTxt> {
  const { error, errors } = issues;
  const parsed = parseLlmsTxt(text);
  if (!parsed.ok) {
    const errorLines = new Set(errors.map((issue) => issue.line));
    const headerReported = errors.some((issue) => /^(h1|summary)-/.test(issue.rule));
    for (const problem of parsed.errors) {
      const covered = problem.kind === 'header' ? headerReported : errorLines.has(problem.line);
      if (!covered) error('reference-parser', problem.message, problem.line);
    }
  }
  return parsed;
}

export function validateLlmsTxt(text: string, options: ValidateOptions = {}): ValidationResult {
  const issues = new IssueCollector();
  checkFile(text, issues);
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const checkAnywhere = options.allowedUrls !== undefined;
  const outline = checkStructure(lines, issues, linkUrlChecker(issues, options), checkAnywhere);
  if (checkAnywhere) checkUrlsAnywhere(lines, outline.contexts, issues, options);
  checkOutline(outline, issues);
  const parsed = checkWithReferenceParser(text, issues);

  const { errors, warnings } = issues;
  errors.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  warnings.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  const allErrors = options.strict
    ? [...errors, ...warnings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    : errors;
  return {
    valid: allErrors.length === 0,
    errors: allErrors,
    warnings: options.strict ? [] : warnings,
    parsed: parsed.ok ? parsed.value : undefined,
  };
}
