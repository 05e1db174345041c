import { clip, oneLine } from '../llmstxt/render.js';
import { GENERIC_HEADING, metaDescription } from '../plan/site-plan.js';
import type { CrawledPage } from '../types.js';
import { pageRef } from './page-refs.js';
import type { TokenCounter } from './tokens.js';

/**
 * The per-page digest the model reads instead of HTML, fitted to a token budget in breadth-first order:
 * 1. every page gets its minimal line (reference, URL, title, kind when not plain content), highest rank
 *    first, before any page gets more;
 * 2. then descriptions, 3. then a few headings, in rank order;
 * 4. then, for pages without a description only, a short excerpt of the main text (what a description needs),
 *    round-robin, one chunk per page per round.
 * If even the minimal lines do not fit, the highest-ranked pages are kept.
 */

export interface DigestOptions {
  /** Mark these URLs as new (update jobs: pages the previous file does not link). */
  newUrls?: ReadonlySet<string> | undefined;
  /** The page's description (default: its meta description unless shared by 3+ pages). */
  describe?: ((page: CrawledPage) => string | undefined) | undefined;
  /** A kind worth telling the model ('changelog', 'legal' ...); undefined for plain content. */
  kindOf?: ((page: CrawledPage) => string | undefined) | undefined;
}

export interface Digest {
  text: string;
  /** Tokens of `text` as counted piece by piece (the caller re-counts the whole prompt). */
  tokens: number;
  /** Pages with at least their minimal line. */
  pagesInPrompt: number;
  pagesOmitted: number;
  /** Pages that got an excerpt. */
  pagesWithExcerpt: number;
  /** Drops the most recently added piece; false when nothing is left to drop but minimal lines. */
  shrink(): boolean;
  render(): string;
}

const EXCERPT_CHUNK_CHARS = 320;
/** A short excerpt, for pages without a description: at most this many chunks (~640 characters). */
const MAX_EXCERPT_CHUNKS = 2;
const MAX_HEADINGS = 8;
const MAX_HEADINGS_CHARS = 200;
const MAX_DESCRIPTION_CHARS = 300;

interface Entry {
  page: CrawledPage;
  index: number;
  head: string;
  description: string | undefined;
  headings: string | undefined;
  chunks: string[];
  /** What is in the prompt so far. */
  hasDescription: boolean;
  hasHeadings: boolean;
  excerptChunks: number;
}

/** Splits text into chunks of about `size` characters at sentence or word ends. */
export function chunkText(
  text: string,
  size = EXCERPT_CHUNK_CHARS,
  maxChunks = MAX_EXCERPT_CHUNKS,
): string[] {
  const chunks: string[] = [];
  let rest = oneLine(text);
  while (rest && chunks.length < maxChunks) {
    if (rest.length <= size) {
      chunks.push(rest);
      break;
    }
    const window = rest.slice(0, size);
    let cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
    cut = cut > size * 0.5 ? cut + 1 : window.lastIndexOf(' ');
    if (cut <= size * 0.3) cut = size;
    chunks.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  return chunks;
}

function bodyText(page: CrawledPage): string {
  let text = oneLine(page.text);
  const title = oneLine(page.title);
  if (title && text.toLowerCase().startsWith(title.toLowerCase())) text = text.slice(title.length).trim();
  return text;
}

export function buildDigest(
  pages: readonly CrawledPage[],
  availableTokens: number,
  count: TokenCounter,
  options: DigestOptions = {},
): Digest {
  const ranked = [...pages].sort((a, b) => b.rank - a.rank);
  const descriptionUse = new Map<string, number>();
  for (const page of ranked) {
    const key = metaDescription(page).toLowerCase();
    if (key) descriptionUse.set(key, (descriptionUse.get(key) ?? 0) + 1);
  }
  const entries: Entry[] = ranked.map((page, index) => {
    const meta = metaDescription(page);
    const description = options.describe ? (options.describe(page) ?? '') : meta;
    const boilerplate = !options.describe && (descriptionUse.get(meta.toLowerCase()) ?? 0) >= 3;
    const headings = [
      ...new Set(page.headings.map(oneLine).filter((heading) => heading && !GENERIC_HEADING.test(heading))),
    ]
      .slice(0, MAX_HEADINGS)
      .join('; ');
    const title = oneLine(page.title) || '(no title)';
    const mark = options.newUrls?.has(page.url) ? ' [new]' : '';
    const kind = options.kindOf?.(page);
    const described = description && !boilerplate ? clip(description, MAX_DESCRIPTION_CHARS) : undefined;
    return {
      page,
      index,
      head: `${pageRef(index)} ${page.url} | ${clip(title, 160)}${kind ? ` (${kind})` : ''}${mark}`,
      description: described,
      headings: headings ? clip(headings, MAX_HEADINGS_CHARS) : undefined,
      // A page with a description needs no excerpt to be described.
      chunks: described ? [] : chunkText(bodyText(page), EXCERPT_CHUNK_CHARS, MAX_EXCERPT_CHUNKS),
      hasDescription: false,
      hasHeadings: false,
      excerptChunks: 0,
    };
  });

  type Step = { entry: Entry; kind: 'head' | 'description' | 'headings' | 'excerpt'; tokens: number };
  const steps: Step[] = [];
  let used = 0;
  const tryAdd = (entry: Entry, kind: Step['kind'], piece: string): boolean => {
    const tokens = count(piece) + 1; // + the newline or space that joins it
    if (used + tokens > availableTokens) return false;
    used += tokens;
    steps.push({ entry, kind, tokens });
    return true;
  };

  // 1. Minimal lines, in rank order: stop at the first page that does not fit (keep the highest-ranked).
  let represented = 0;
  for (const entry of entries) {
    if (!tryAdd(entry, 'head', entry.head)) break;
    represented++;
  }
  const shown = entries.slice(0, represented);
  // 2. Descriptions, 3. headings: in rank order, skipping what does not fit.
  for (const entry of shown) {
    if (entry.description && tryAdd(entry, 'description', `  description: ${entry.description}`)) {
      entry.hasDescription = true;
    }
  }
  for (const entry of shown) {
    if (entry.headings && tryAdd(entry, 'headings', `  headings: ${entry.headings}`))
      entry.hasHeadings = true;
  }
  // 4. Excerpts, round-robin: one more chunk per page per round.
  for (let round = 0; round < MAX_EXCERPT_CHUNKS; round++) {
    let grew = false;
    for (const entry of shown) {
      if (entry.excerptChunks !== round || round >= entry.chunks.length) continue;
      const piece = round === 0 ? `  excerpt: ${entry.chunks[0]}` : entry.chunks[round]!;
      if (tryAdd(entry, 'excerpt', piece)) {
        entry.excerptChunks++;
        grew = true;
      }
    }
    if (!grew) break;
  }

  const render = (): string => {
    const lines: string[] = [];
    for (const entry of shown) {
      lines.push(entry.head);
      if (entry.hasDescription) lines.push(`  description: ${entry.description}`);
      if (entry.hasHeadings) lines.push(`  headings: ${entry.headings}`);
      if (entry.excerptChunks > 0) {
        const more = entry.excerptChunks < entry.chunks.length || entry.chunks.length === MAX_EXCERPT_CHUNKS;
        lines.push(`  excerpt: ${entry.chunks.slice(0, entry.excerptChunks).join(' ')}${more ? ' …' : ''}`);
      }
    }
    return lines.join('\n');
  };

  const digest: Digest = {
    text: '',
    tokens: used,
    pagesInPrompt: represented,
    pagesOmitted: entries.length - represented,
    pagesWithExcerpt: shown.filter((entry) => entry.excerptChunks > 0).length,
    render,
    shrink(): boolean {
      const step = steps.at(-1);
      if (!step || step.kind === 'head') return false;
      steps.pop();
      used -= step.tokens;
      if (step.kind === 'excerpt') step.entry.excerptChunks--;
      else if (step.kind === 'headings') step.entry.hasHeadings = false;
      else step.entry.hasDescription = false;
      digest.tokens = used;
      digest.pagesWithExcerpt = shown.filter((entry) => entry.excerptChunks > 0).length;
      digest.text = render();
      return true;
    },
  };
  digest.text = render();
  return digest;
}
