/**
 * Page references: the prompt names each page `p1`, `p2`, ... and the model links pages as `[Title](p12)` (or
 * `@12`); before validation ltx turns each reference into the page's exact URL. An invented URL is impossible
 * for a reference by construction (an unknown reference stays as written, so the validator rejects it and the
 * retry names it), and the answer spends a few tokens per link instead of a whole URL. Answers with absolute
 * URLs pass through unchanged.
 */

/** `](p12)`, `](@12)`, `](<p12>)`, with optional spaces. */
const REFERENCE_TARGET = /\]\(\s*<?\s*(?:p|@)(\d{1,6})\s*>?\s*\)/gi;

export interface ResolvedRefs {
  text: string;
  /** References replaced by URLs. */
  resolved: number;
  /** References that name no page of the prompt (left as written). */
  unknown: string[];
}

/** The reference of the page at 0-based position `index` in the page list. */
export function pageRef(index: number): string {
  return `p${index + 1}`;
}

export function resolvePageRefs(answer: string, refs: ReadonlyMap<string, string>): ResolvedRefs {
  let resolved = 0;
  const unknown: string[] = [];
  const text = answer.replace(REFERENCE_TARGET, (whole, digits: string) => {
    const url = refs.get(`p${Number(digits)}`);
    if (!url) {
      unknown.push(`p${digits}`);
      return whole;
    }
    resolved += 1;
    return `](${url})`;
  });
  return { text, resolved, unknown };
}
