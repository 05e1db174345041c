/**
 * Linear-time trimming. Regular expressions such as `/[ \t]+$/`, `/\s+$/` or `/\/+$/` are tried at every
 * position of a long run and rescan the rest of it each time: quadratic on input like 200 000 spaces followed by
 * a letter (a crawled page, a model's answer or an uploaded llms.txt can carry such a run). These helpers walk
 * the string once.
 */

/** JavaScript's `\s` (the set String.prototype.trim removes), for one UTF-16 code unit. */
export function isWhitespaceCode(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** JavaScript's `\s` for one character (false for undefined or ''). */
export function isWhitespace(char: string | undefined): boolean {
  return char !== undefined && char !== '' && isWhitespaceCode(char.charCodeAt(0));
}

/** Removes trailing characters for which `test` holds. */
export function trimEndWhile(text: string, test: (char: string) => boolean): string {
  let end = text.length;
  while (end > 0 && test(text[end - 1]!)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Removes leading characters for which `test` holds. */
export function trimStartWhile(text: string, test: (char: string) => boolean): string {
  let start = 0;
  while (start < text.length && test(text[start]!)) start++;
  return start === 0 ? text : text.slice(start);
}

/** Removes trailing characters that are in `chars` (a string of single code units). */
export function trimEndChars(text: string, chars: string): string {
  return trimEndWhile(text, (char) => chars.includes(char));
}

/** Removes leading characters that are in `chars`. */
export function trimStartChars(text: string, chars: string): string {
  return trimStartWhile(text, (char) => chars.includes(char));
}

/** Removes leading and trailing characters that are in `chars`. */
export function trimChars(text: string, chars: string): string {
  return trimStartChars(trimEndChars(text, chars), chars);
}

const LINE_TERMINATORS = '\n\r\u2028\u2029';

/**
 * `text.replace(/[ \t]+$/gm, '')`: drops spaces and tabs before every line end (\n, \r, U+2028, U+2029) and at
 * the end of the text, in one pass.
 */
export function stripTrailingBlanks(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let index = 0;
  while (index < text.length) {
    if (text[index] !== ' ' && text[index] !== '\t') {
      index++;
      continue;
    }
    let end = index;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    if (end === text.length || LINE_TERMINATORS.includes(text[end]!)) {
      parts.push(text.slice(copied, index));
      copied = end;
    }
    index = end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * Keeps the first `max` characters of every whitespace run (JavaScript's `\s`), plus one `\n` when the part
 * dropped held a line break (so lines stay apart). For text handed to a library whose own regular expressions
 * are quadratic in the length of a whitespace run (turndown).
 */
export function clampWhitespaceRuns(text: string, max: number): string {
  const parts: string[] = [];
  let copied = 0;
  let index = 0;
  while (index < text.length) {
    if (!isWhitespaceCode(text.charCodeAt(index))) {
      index++;
      continue;
    }
    let end = index;
    while (end < text.length && isWhitespaceCode(text.charCodeAt(end))) end++;
    if (end - index > max) {
      parts.push(text.slice(copied, index + max));
      const dropped = text.slice(index + max, end);
      if (dropped.includes('\n') || dropped.includes('\r')) parts.push('\n');
      copied = end;
    }
    index = end;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
