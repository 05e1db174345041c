/**
 * Cleans a model's answer into the text we validate and store. Normalisation runs BEFORE validation, so it only
 * makes changes that cannot alter what the file says:
 * - CRLF / CR -> LF, a leading byte-order mark removed;
 * - a code fence wrapping the whole answer (```markdown ... ```) unwrapped, chatter around it dropped;
 * - chatter before the H1 ("Here is your llms.txt:") dropped;
 * - trailing spaces removed, runs of blank lines collapsed to one (outside code blocks);
 * - `*` / `+` list bullets -> `-` (outside code blocks); `- [a](u) : notes` -> `- [a](u): notes`
 *   (the reference parser silently drops notes after a space before the colon);
 * - leading blank lines removed, exactly one trailing newline.
 */

import { trimEndChars } from '../text-trim.js';

/**
 * A fence line: `^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)\s*$`, read in two steps (as one regular expression the
 * `\s*` on both sides of an empty info string backtrack quadratically over a long run of spaces).
 */
const FENCE_OPEN_RE = /^\s{0,3}(`{3,}|~{3,})/;
const FENCE_INFO_RE = /^[\w+-]*$/;

function parseFence(line: string): { marker: string; lang: string } | undefined {
  const open = FENCE_OPEN_RE.exec(line);
  if (!open) return undefined;
  const info = line.slice(open[0].length).trim();
  return FENCE_INFO_RE.test(info) ? { marker: open[1]!, lang: info } : undefined;
}

const WRAPPER_LANGS = new Set([
  '',
  'markdown',
  'md',
  'text',
  'txt',
  'llms',
  'llms.txt',
  'llmstxt',
  'plaintext',
]);
const H1_RE = /^#(?!#)\s*\S/;

function isFence(line: string): boolean {
  return parseFence(line) !== undefined;
}

/** Index of the first line that is an H1, or -1. */
function findH1(lines: string[]): number {
  return lines.findIndex((line) => H1_RE.test(line));
}

function unwrap(lines: string[]): string[] {
  const h1 = findH1(lines);
  if (h1 < 0) {
    // No H1 at all: still unwrap a fence around everything (the validator reports the missing H1).
    const first = lines.findIndex((line) => line.trim() !== '');
    const last = lines.findLastIndex((line) => line.trim() !== '');
    const opener = first >= 0 ? parseFence(lines[first]!) : undefined;
    if (opener && last > first && isFence(lines[last]!) && WRAPPER_LANGS.has(opener.lang.toLowerCase())) {
      return lines.slice(first + 1, last);
    }
    return lines;
  }
  // Is the H1 inside a fence opened before it (an odd number of fence lines precede it, the last a wrapper)?
  const fencesBefore = lines.slice(0, h1).flatMap((line, index) => (isFence(line) ? [index] : []));
  const lastFence = fencesBefore.at(-1);
  const opener =
    fencesBefore.length % 2 === 1 && lastFence !== undefined ? parseFence(lines[lastFence]!) : undefined;
  if (opener && WRAPPER_LANGS.has(opener.lang.toLowerCase())) {
    const body = lines.slice(h1);
    // Inner code blocks come in pairs, so an odd number of fence lines means the last one closes the wrapper.
    const fenceIndexes = body.flatMap((line, index) => (isFence(line) ? [index] : []));
    if (fenceIndexes.length % 2 === 1) return body.slice(0, fenceIndexes[fenceIndexes.length - 1]);
    return body;
  }
  // Plain answer: drop whatever chatter precedes the H1.
  return lines.slice(h1);
}

export function normalizeLlmsTxt(text: string): string {
  const lines = unwrap(
    text
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      .split('\n'),
  );
  const out: string[] = [];
  let inCode = false;
  let blankRun = 0;
  for (const original of lines) {
    let line = trimEndChars(original, ' \t');
    if (isFence(line)) {
      inCode = !inCode;
    } else if (!inCode) {
      if (line === '') {
        blankRun++;
        if (blankRun > 1) continue;
      } else {
        blankRun = 0;
        line = line.replace(/^(\s*)[*+](\s+)/, '$1-$2').replace(/^(\s*-\s*\[[^\]]+\]\([^)]*\))\s+:/, '$1:');
      }
      out.push(line);
      continue;
    }
    blankRun = 0;
    out.push(line);
  }
  while (out.length > 0 && out[0] === '') out.shift();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
