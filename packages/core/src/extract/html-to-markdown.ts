/**
 * HTML -> Markdown with turndown: ATX headings, fenced code blocks (language kept from `language-x` /
 * `lang-x` / `highlight-x` classes; `<pre>` without `<code>` fenced too), '-' bullets, images kept except
 * data: URIs (which only bloat the text), scripts/styles dropped.
 */
import type TurndownService from 'turndown';
import { loadCheerio, loadTurndown } from '../lazy-modules.js';
import { clampWhitespaceRuns, stripTrailingBlanks, trimChars } from '../text-trim.js';
import { selectMainContent } from './main-content.js';
import type { DomNode } from './text.js';

type ReplacementNode = Parameters<NonNullable<TurndownService.Rule['replacement']>>[1];

/** The node fields the custom rules read (the DOM types are not in our lib). */
interface MdNode {
  nodeName: string;
  textContent: string | null;
  className?: string;
  firstChild?: MdNode | null;
  childNodes?: ArrayLike<MdNode>;
  getAttribute?(name: string): string | null;
  querySelector?(selector: string): MdNode | null;
}

const asNode = (node: ReplacementNode): MdNode => node as unknown as MdNode;

function languageOf(node: MdNode | null | undefined): string {
  const className = node?.getAttribute?.('class') ?? '';
  const match = /(?:^|\s)(?:language|lang|highlight|sourceCode)-([\w+#.-]+)/.exec(className);
  return match?.[1] ?? '';
}

function fence(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const marker = '`'.repeat(longest + 1);
  return `\n\n${marker}${language}\n${trimChars(code, '\n')}\n${marker}\n\n`;
}

function createService(): TurndownService {
  const Turndown = loadTurndown();
  const service = new Turndown({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    strongDelimiter: '**',
    hr: '---',
  });
  service.remove(['script', 'style', 'noscript', 'template'] as TurndownService.TagName[]);
  // Every <pre> becomes a fenced block of its text, whatever spans a highlighter put inside.
  service.addRule('preformatted', {
    filter: (node) => asNode(node as unknown as ReplacementNode).nodeName === 'PRE',
    replacement: (_content, node) => {
      const pre = asNode(node);
      const code = pre.querySelector?.('code') ?? null;
      const language = languageOf(code) || languageOf(pre);
      return fence((code ?? pre).textContent ?? '', language);
    },
  });
  service.addRule('dataImages', {
    filter: (node) => {
      const n = asNode(node as unknown as ReplacementNode);
      return n.nodeName === 'IMG' && /^\s*data:/i.test(n.getAttribute?.('src') ?? '');
    },
    replacement: (_content, node) => {
      const alt = asNode(node).getAttribute?.('alt')?.trim();
      return alt ? `[image: ${alt}]` : '';
    },
  });
  return service;
}

/** turndown pads list markers to 4 columns ('-   item'); one space reads better. Code fences are left alone. */
function tightenListMarkers(markdown: string): string {
  let fenceMarker: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
      if (fenceMatch?.[1]) {
        if (!fenceMarker) fenceMarker = fenceMatch[1];
        else if (fenceMatch[1].startsWith(fenceMarker)) fenceMarker = undefined;
        return line;
      }
      return fenceMarker ? line : line.replace(/^(\s*)([-*+]|\d+\.) {2,}(?=\S)/, '$1$2 ');
    })
    .join('\n');
}

let shared: TurndownService | undefined;

/**
 * Longest whitespace run handed to turndown. Its own regular expressions (the output trim `[\t\r\n\s]+$`, the
 * edge-whitespace pattern) are quadratic in the length of a run, and runs survive its whitespace collapsing
 * inside <pre> and as &nbsp;: 200 000 of them took over a minute. 100 keeps any real indentation; the worst
 * page of maxBytesPerPage then costs well under a second.
 */
export const MAX_WHITESPACE_RUN = 100;

/**
 * Clamps the whitespace runs of every text node under `nodes` to MAX_WHITESPACE_RUN (in the DOM, so that runs
 * written as entities, `&nbsp;&nbsp;...`, are caught too). Call it on the content before serialising it for
 * fragmentToMarkdown.
 */
export function clampTextNodes(nodes: readonly DomNode[]): void {
  const stack = [...nodes];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'text' && node.data && node.data.length > MAX_WHITESPACE_RUN)
      node.data = clampWhitespaceRuns(node.data, MAX_WHITESPACE_RUN);
    // A loop, not push(...children): spreading 100k+ children of one element overflows the call stack.
    if (node.children) for (const child of node.children) stack.push(child);
  }
}

/**
 * Converts an HTML fragment (already the content to keep) to Markdown. Literal whitespace runs are clamped
 * here; runs written as entities only by clampTextNodes (htmlToMarkdown and extractPage apply it).
 */
export function fragmentToMarkdown(html: string): string {
  shared ??= createService();
  return stripTrailingBlanks(
    tightenListMarkers(shared.turndown(clampWhitespaceRuns(html, MAX_WHITESPACE_RUN))),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Converts HTML to Markdown. A whole document (with <html>/<body>) is first reduced to its main content
 * (see selectMainContent); a fragment is converted as it is, minus scripts and styles.
 */
export function htmlToMarkdown(html: string): string {
  if (/<(html|body)[\s>]/i.test(html)) {
    const $ = loadCheerio().load(html);
    const main = selectMainContent($);
    clampTextNodes(main.toArray() as unknown as DomNode[]);
    return fragmentToMarkdown(main.html() ?? '');
  }
  const $ = loadCheerio().load(html, null, false);
  clampTextNodes($.root().toArray() as unknown as DomNode[]);
  return fragmentToMarkdown($.html());
}
