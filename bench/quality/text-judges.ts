/**
 * Judges of the words in an llms.txt: the summary, the link descriptions, markup left in any text. Pure
 * functions on strings; no knowledge of any fixture or of how @ltx/core builds its text.
 */

/** Words that end no complete sentence or clause ("... is an", "... of the"). */
const FUNCTION_WORDS = new Set(
  (
    'a an the of to in on at by for from with into onto over under about as and or but nor so than that which ' +
    'who whom whose what when where while if then because although though unless until via per is are was were ' +
    'be been being am has have had do does did can could shall should will would may might must its their our ' +
    'your his her my this these those such called named like including before after between you e.g i.e'
  ).split(' '),
);

/** A sentence or clause end: . ! ? (also CJK), optionally followed by closing quotes/brackets. */
const SENTENCE_END = /[.!?。！？](["'’”»)\]]*)$/u;

export type CutReason = 'clipped' | 'mid-word' | 'function-word' | 'lead-in' | 'no-end';

/**
 * Why a description or summary looks cut, or undefined when it ends as a sentence does. 'clipped': ends with
 * an ellipsis (… or ...: the text was cut at a length); 'mid-word': ends on a hyphen; 'function-word': the last
 * word is one no sentence ends on; 'lead-in': ends with ':' ',' ';' or a dash (announces what is not there);
 * 'no-end': no sentence end at all (a fragment, a heading, a line cut where the source wrapped).
 */
export function cutReason(text: string): CutReason | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/(…|\.\.\.)$/u.test(t)) return 'clipped';
  if (/\p{L}-$/u.test(t)) return 'mid-word';
  if (/[:,;–—\-：，；、]$/u.test(t)) return 'lead-in';
  const lastWord = /([\p{L}.]+)[^\p{L}]*$/u.exec(t)?.[1]?.toLowerCase().replace(/\.$/, '');
  if (!SENTENCE_END.test(t)) {
    if (lastWord && FUNCTION_WORDS.has(lastWord)) return 'function-word';
    return 'no-end';
  }
  return undefined;
}

export type SummaryDefect = 'missing' | 'boilerplate' | 'generic' | 'notice' | 'cut' | 'not-a-sentence';

/** Generator defaults, theme placeholders and redirect stubs seen as summaries (matched case-insensitively). */
const BOILERPLATE = [
  /\bif you are not redirected\b/i,
  /^redirect(ing)?\b/i,
  /\bthis page has moved\b/i,
  /^(none|null|undefined|n\/a|todo|tbd|description|summary)\.?$/i,
  /\blorem ipsum\b/i,
  /\bjust another \w+ (site|blog)\b/i,
  /\bwrite an awesome description\b/i,
  /\b(my|a) new (hugo|jekyll|gatsby|docusaurus|astro|hexo|zola|mkdocs|sphinx) (site|blog|project)\b/i,
  /^(site|page|website|blog) description\b/i,
  /\byour (site|website|blog|project)('s)? (description|tagline)\b/i,
  /\bdescription (goes|here)\b/i,
  /^(welcome|hello,? world)[.!]?$/i,
  /^documentation for \S+$/i,
  /\benable javascript\b|\bjavascript (is )?required\b/i,
];

/** Words that say nothing about what a site is: a summary made only of these (and the site's name) is generic. */
const GENERIC_WORDS = new Set(
  (
    'documentation docs doc documents home homepage page pages site website web the a an of for and to my our ' +
    'official welcome api reference references guide manual library package project blog index main overview ' +
    'introduction intro online this is here python javascript typescript rust go r'
  ).split(' '),
);

/** Admonitions and notices put first on a page: not a summary of what the site is. */
const NOTICE =
  /^(note|notice|warning|caution|important|attention|update|deprecated|heads up|tip|info)\b\s*[:!-]/i;

/** What is wrong with the summary (the blockquote), given the site's name (the H1); undefined when fine. */
export function summaryDefect(summary: string | null | undefined, siteName = ''): SummaryDefect | undefined {
  const text = (summary ?? '').trim();
  if (text === '') return 'missing';
  if (BOILERPLATE.some((re) => re.test(text))) return 'boilerplate';
  if (NOTICE.test(text)) return 'notice';
  const nameWords = new Set(words(siteName));
  const rest = words(text).filter((w) => !nameWords.has(w) && !GENERIC_WORDS.has(w));
  if (rest.length === 0) return 'generic';
  const cut = cutReason(text);
  if (cut && cut !== 'no-end') return 'cut';
  if (cut === 'no-end') return 'not-a-sentence';
  return undefined;
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(Boolean);
}

export type DescriptionEnd = 'sentence' | 'fragment' | 'cut';

/**
 * A description's ending, judged with the page's own text blocks where it can be found there: 'sentence'
 * (ends as a sentence does), 'cut' (clipped, on a hyphen, a function word or a lead-in; or its text goes on in
 * the source block it was taken from: cut where the source wrapped or at a length), 'fragment' (no sentence
 * end, but complete: the whole of its source block, or a short phrase such as "The proposal for llms.txt").
 * A text not found in the source is a cut sentence when it holds a sentence end before its unterminated tail
 * or runs past 20 words.
 */
export function descriptionEnd(
  desc: string,
  sourceBlocks: readonly string[] = [],
): { end: DescriptionEnd; reason?: CutReason | 'continues' } {
  const shape = cutReason(desc);
  if (shape === undefined) return { end: 'sentence' };
  if (shape !== 'no-end') return { end: 'cut', reason: shape };
  const needle = comparable(desc);
  for (const block of sourceBlocks) {
    const at = comparable(block).indexOf(needle);
    if (at < 0) continue;
    const rest = comparable(block)
      .slice(at + needle.length)
      .trimStart();
    if (/^[\p{L}\p{N}(]/u.test(rest)) return { end: 'cut', reason: 'continues' };
    return { end: 'fragment' };
  }
  const words = needle.split(' ').length;
  if (/[.!?。！？]["'’”»)\]]*\s+\S/u.test(needle) || words > 20) return { end: 'cut', reason: 'no-end' };
  return { end: 'fragment' };
}

/** Text as compared with a page's text: code backticks and spacing dropped. */
function comparable(text: string): string {
  return text.normalize('NFC').replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

export type MarkupKind =
  | 'html-tag'
  | 'entity'
  | 'source-link'
  | 'permalink'
  | 'heading-mark'
  | 'code'
  /** Template syntax of a site generator left in the text: `{% ... %}`, `{{ ... }}`. */
  | 'template';

/** HTML element names: `<canvas>` in prose is markup to a Markdown reader; `Array<T>` or `<summit_root>` is not. */
const HTML_ELEMENTS = new Set(
  (
    'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col ' +
    'colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form ' +
    'h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark ' +
    'menu meta meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s ' +
    'samp script section select slot small source span strong style sub summary sup svg table tbody td template ' +
    'textarea tfoot th thead time title tr track u ul var video wbr center font'
  ).split(' '),
);

const CODE_SHAPES = [
  /\bdef\s+\w+\s*\(/, // Python def
  /\bfunction\s*\w*\s*\([^)]*\)\s*\{/, // JS function body
  /^\s*(import|from)\s+[\w.@/'"{}, *]+\s+(import|from)\b/, // import lines
  /^\s*(const|let|var)\s+\w+\s*=/, // declarations
  /^\s*(class|interface|struct|enum|fn|func|pub fn)\s+\w+.*[{:(]\s*$/, // definitions
  /\)\s*(->|=>)\s*[\w[\]{}<>|. ]+:?\s*$/, // signatures ending in a return type
  /[=(){}][^;]*;\s*$|[{}]\s*$/, // statements (with = or a call) and blocks
  /^\s*[$>]\s+\w/, // shell prompts
  /^\s*(#include|#!\/|@\w+\()/, // preprocessor, shebang, decorators
];

/** Markup that leaked into a title, description, section name or summary. Backtick code spans are fine. */
export function markupKinds(text: string): MarkupKind[] {
  const kinds = new Set<MarkupKind>();
  const prose = text.replace(/`[^`]*`/g, ' ');
  for (const match of prose.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?\/?>/g)) {
    if (HTML_ELEMENTS.has(match[1]!.toLowerCase())) kinds.add('html-tag');
  }
  if (/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i.test(prose)) kinds.add('entity');
  if (/\[\s*(source|src|view source|edit|docs)\s*\]/i.test(prose)) kinds.add('source-link');
  if (/[¶🔗]|\bpermalink\b|\blink to this (heading|section|definition)\b|\s#$/iu.test(prose))
    kinds.add('permalink');
  if (/(^|\s)#{1,6}\s+\S/.test(prose)) kinds.add('heading-mark');
  if (CODE_SHAPES.some((re) => re.test(prose))) kinds.add('code');
  if (/\{%|%\}|\{\{|\}\}/.test(prose)) kinds.add('template');
  return [...kinds];
}

/**
 * The summary: the blockquote's lines right after the H1 (the parser keeps a lone blockquote in `info`, as the
 * reference does, so it is read here from the text).
 */
export function summaryOf(llmsTxt: string): string | null {
  const lines = llmsTxt.replace(/^\uFEFF/, '').split(/\r?\n/);
  let i = lines.findIndex((line) => /^#\s+\S/.test(line));
  if (i < 0) return null;
  i += 1;
  while (i < lines.length && lines[i]!.trim() === '') i += 1;
  const quote: string[] = [];
  while (i < lines.length && /^>/.test(lines[i]!)) quote.push(lines[i++]!.replace(/^>\s?/, ''));
  const text = quote.join(' ').trim();
  return text === '' ? null : text;
}

/** Lower-cased words only: the key under which two texts say the same. */
export const normalText = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export type EmptyReason = 'none' | 'title' | 'shared';

/**
 * A description that describes nothing: none, the link's own title again, or one text shared by three or more
 * links (a site-wide meta description). `uses` counts each normalised description in the file.
 */
export function emptyDescription(
  desc: string,
  title: string,
  uses: ReadonlyMap<string, number>,
): EmptyReason | undefined {
  const key = normalText(desc);
  if (key === '') return 'none';
  if (key === normalText(title)) return 'title';
  if ((uses.get(key) ?? 0) >= 3) return 'shared';
  return undefined;
}
