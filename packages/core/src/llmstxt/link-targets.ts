/**
 * The URLs of Markdown links `[text](url)` in a text, in one pass. They replace the global regular expressions
 * `/\[[^\]]*\]\(([^)\s]+)\)/g` and `/\]\(([^)\s]+)\)/g` and return the same captures, but those rescan the rest
 * of the text from every `[` or `](` when the URL never closes (`[](a[](a[](a...`): quadratic.
 */

const URL_STOP = /[)\s]/;

/**
 * The targets of `](url)` in `text`, as `/\]\(([^)\s]+)\)/g` finds them (with `requireOpen`, as
 * `/\[[^\]]*\]\(([^)\s]+)\)/g`: only a `]` with a `[` after the previous `]` or the previous link counts).
 */
export function linkTargets(text: string, options: { requireOpen?: boolean } = {}): string[] {
  const targets: string[] = [];
  // First `)` or whitespace at or after a position, remembered: every URL scan ends where an earlier one
  // ended when it starts inside that earlier scan, so each character is scanned once.
  let scannedFrom = Number.POSITIVE_INFINITY;
  let stop = -1;
  const urlEnd = (position: number): number => {
    if (!(position >= scannedFrom && position <= stop)) {
      scannedFrom = position;
      stop = position;
      while (stop < text.length && !URL_STOP.test(text[stop]!)) stop++;
    }
    return stop;
  };
  // `open`: a `[` since the previous `]` or match (without requireOpen any `](` counts).
  let open = !options.requireOpen;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '[') open = true;
    if (char !== ']') {
      index++;
      continue;
    }
    if (open && text[index + 1] === '(') {
      const end = urlEnd(index + 2);
      if (end < text.length && text[end] === ')' && end > index + 2) {
        targets.push(text.slice(index + 2, end));
        index = end + 1;
        open = !options.requireOpen;
        continue;
      }
    }
    // `[^\]]*` cannot pass this `]`: a later match needs a new `[`.
    open = !options.requireOpen;
    index++;
  }
  return targets;
}
