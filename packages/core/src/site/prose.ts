/**
 * Clean prose for summaries and link descriptions: markup, entities, Markdown marks, permalink signs and
 * "[source]" links stripped; generator defaults and theme placeholders recognised; text cut only at a
 * sentence or clause boundary, never mid-word.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  copy: '©',
  reg: '®',
  trade: '™',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Text as a reader sees it: one line, no tags, entities decoded, no Markdown or permalink marks. */
export function cleanProse(text: string): string {
  let out = decodeEntities(text.replace(/<[^<>]*>/g, ' '));
  out = out.replace(/<[^<>]*>/g, ' '); // entity-escaped markup (&lt;img ...&gt;) decoded above
  out = out
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ') // Markdown images
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // Markdown links
    .replace(/\[\s*(source|src|edit|link|permalink)\s*\]/gi, ' ')
    .replace(/[¶§]|🔗|\uFE0F/g, ' ')
    // Zero-width characters (heading anchors, soft joins) are invisible to a reader.
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/`+/g, '')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/^\s*#{1,6}\s+/, '')
    // Template tags a generator left unrendered ({% note %}, {{ page.title }}), and the tail of one whose
    // opening was eaten ("marginfigure 'x' 'y' %}" at the start of a paragraph).
    .replace(/\{%.*?%\}|\{\{.*?\}\}/g, ' ')
    .replace(/^\s*[\w-]+(\s+(['"])[^'"]*\2)+\s*%\}/, ' ')
    // Bare URLs are not prose (and every URL in an llms.txt must be a page of the site).
    .replace(/\b(?:https?:\/\/|www\.)[^\s<>()]+/gi, ' ')
    .replace(/(^|\s)(\(\s*\)|\[\s*\])/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return out.replace(/\s+([,.;:!?])/g, '$1').replace(/^[\s\-–—:|#>*]+/, '');
}

/** Generator defaults, theme placeholders and redirect notices: never a summary or a description. */
const BOILERPLATE = [
  /^documentation for\s+\S+$/i, // TypeDoc's default
  /^(api )?documentation( of| for)? [\w.@/-]+( library| package| project)?\.?$/i,
  /\bif you are not redirected\b/i,
  /^(redirecting|loading|please wait|javascript (is )?required|you need to enable javascript)\b/i,
  /\b(enable|turn on) javascript\b/i,
  /^(none|null|undefined|n\/a|na|todo|tbd|description|untitled|placeholder|-|\.+)$/i,
  /\blorem ipsum\b/i,
  /^(just another|my (awesome|new|personal) (site|blog|website)|welcome to (my|our) (new )?(site|blog|website))\b/i,
  /\bwrite an awesome description\b/i,
  /^(a|an) (new |simple |minimal |responsive |clean )*(hexo|hugo|jekyll|gatsby|wordpress|ghost|zola|theme)\b.*\btheme\b/i,
  /^(built|made|generated|created|powered) (with|by|using)\b/i,
  /^(site|page|website) description\b/i,
  /^copyright\b|^©/i,
  /^(skip to (main )?content|table of contents|on this page|contents|menu|navigation)$/i,
];

export function isBoilerplate(text: string): boolean {
  const clean = cleanProse(text);
  if (clean === '') return true;
  return BOILERPLATE.some((pattern) => pattern.test(clean));
}

/** Raw Markdown left in a meta tag ("## About Kakunin"): a heading, not a description. */
export function isMarkupLeftover(raw: string): boolean {
  return /^\s*(#{1,6}\s|<\w|\{\{|\{%|---)/.test(raw);
}

/** Looks like code, a signature or a file list rather than prose. */
export function looksLikeCode(text: string): boolean {
  if (/^(bases|parameters|returns|return type|raises|type|example|examples|usage|signature):/i.test(text))
    return true;
  if (
    /^(class|def|function|const|let|var|import|from|export|interface|type|public|private|async|fn|pub)\s/.test(
      text,
    )
  )
    return true;
  const symbols = (text.match(/[{}();=<>[\]$\\|]/g) ?? []).length;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters === 0 || symbols / Math.max(1, letters) > 0.15;
}

/** Scripts written without capitals (CJK): a sentence after a full stop starts with one of their characters. */
const UNCASED_SCRIPT = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const SENTENCE_END = new RegExp(
  `[.!?](?=["'”’)\\]]?(\\s+[\\p{Lu}\\p{N}"'“(${UNCASED_SCRIPT}]|\\s*$))|[。！？](?=["'”’)\\]]?)`,
  'gu',
);
const WORDS = /[\p{L}\p{N}]+/gu;

function wordCount(text: string): number {
  return (text.match(WORDS) ?? []).length;
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATION = /\b(e\.g|i\.e|etc|vs|cf|approx|incl|resp|no|fig|eq|dr|mr|mrs|ms|st|jr|sr|v)\.$/i;

/**
 * The first complete sentence of `text` that fits `max` characters; if the first sentence is longer, its
 * longest clause-boundary cut (`;`, `:`, `,`, ` — `) ended with a full stop. '' when nothing fits.
 */
export function firstSentenceOf(text: string, max: number, minChars = 20): string {
  const clean = cleanProse(text);
  if (!clean) return '';
  let firstEnd = -1;
  for (const match of clean.matchAll(SENTENCE_END)) {
    const end = (match.index ?? 0) + 1;
    const sentence = clean.slice(0, end).trim();
    if (sentence.length < minChars || ABBREVIATION.test(sentence)) continue;
    if (sentence.length <= max) return sentence;
    firstEnd = end;
    break;
  }
  // No sentence end: the whole text when it fits, as a sentence; else a clause-boundary cut.
  if (firstEnd < 0 && clean.length <= max) return asSentence(clean);
  return clauseCut(firstEnd < 0 ? clean : clean.slice(0, firstEnd), max);
}

/** A fragment of at least four words ending in a letter gets its full stop; others are kept as they are. */
export function asSentence(text: string): string {
  const trimmed = text
    .trim()
    .replace(/[,;:–—-]+$/, '')
    .trim();
  if (/[.!?。！？…)"'”’]$/.test(trimmed)) return trimmed;
  return wordCount(trimmed) >= 4 ? `${trimmed}.` : trimmed;
}

/** Words a clause cannot end on: a cut before them would leave the sentence hanging. */
const DANGLING =
  /\b(a|an|the|and|or|but|nor|of|to|in|on|for|with|by|from|as|at|into|than|that|which|who|whose|is|are|was|were|be|its|their|your|our|this|these|those|such|like|via|per|if|when|while|so)$/i;

/**
 * The longest cut at a clause boundary (`; `, `: `, ` — `, `, `, ` (`) within `max`, ended cleanly with a full
 * stop: never a mid-sentence cut with '…'. '' when no clause of at least four words ends past a third of `max`.
 */
export function clauseCut(text: string, max: number): string {
  if (text.length <= max) return asSentence(text);
  const window = text.slice(0, max);
  const boundaries = [...window.matchAll(/(; |: | — | – |, | \()/g)]
    .map((match) => match.index ?? 0)
    .sort((a, b) => b - a);
  for (const at of boundaries) {
    if (at < max / 3) break;
    const clause = window
      .slice(0, at)
      .replace(/[\s,;:–—(-]+$/, '')
      .trim();
    if (DANGLING.test(clause) || wordCount(clause) < 4) continue;
    // An unclosed bracket or quote would be left open by the cut.
    if ((clause.match(/\(/g) ?? []).length !== (clause.match(/\)/g) ?? []).length) continue;
    return `${clause}.`;
  }
  return '';
}

/** Template syntax left in a text ('%}', '{{'): text a generator failed to render, never a description. */
export function hasTemplateLeftover(text: string): boolean {
  return /\{%|%\}|\{\{|\}\}/.test(text);
}

/** A lead-in's tail that only announces what follows: ", including:", " as follows:", " the following:". */
const LEAD_IN_TAIL =
  /(,?\s+(including|such as|for example|for instance|e\.g\.|namely|like|as follows|the following( \w+)?|below|here)|,?\s+(with|in|using|by) the following( \w+)?)\s*:$/i;

/**
 * A paragraph that leads into a list or a code sample ("It is possible to extend an interface:") as a
 * sentence on its own: the colon becomes a full stop when what precedes it is a complete clause (at least
 * six words, not ending on a function word); a tail that only announces what follows (", including:") is
 * dropped first. '' when no complete clause is left.
 */
export function leadInSentence(text: string, max: number): string {
  const clean = cleanProse(text);
  if (!/:$/.test(clean) || /[.!?]\s/.test(clean)) return '';
  const clause = clean
    // A step's number ('2 Create a file …') is the list's, not the sentence's.
    .replace(/^\d{1,2}[.)]?\s+(?=\p{Lu})/u, '')
    .replace(LEAD_IN_TAIL, '')
    .replace(/[\s:;,–—-]+$/, '')
    .trim();
  if (wordCount(clause) < 6 || DANGLING.test(clause) || clause.length > max) return '';
  if ((clause.match(/\(/g) ?? []).length !== (clause.match(/\)/g) ?? []).length) return '';
  return `${clause}.`;
}

/** A text is a complete sentence: starts with a letter or digit, ends with terminal punctuation. */
export function isCompleteSentence(text: string): boolean {
  return /^["'“(]?[\p{L}\p{N}]/u.test(text) && /[.!?。！？]["'”’)]?$/.test(text) && wordCount(text) >= 3;
}
