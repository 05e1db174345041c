import { isWhitespace, trimEndWhile } from '../text-trim.js';
import { linkSafeUrl } from './url-key.js';

/**
 * Renders a structured llms.txt in our exact output format, the shape every parser reads the same way:
 * `# Title`, a one-line `> summary`, one info paragraph, then `## Section` lists of `- [name](url): notes`
 * (Optional last). Text is sanitised so that no value can break the structure (newlines, brackets, `)` in URLs).
 */

export interface LlmsTxtDraftLink {
  title: string;
  url: string;
  description?: string | undefined;
}

export interface LlmsTxtDraftSection {
  name: string;
  links: LlmsTxtDraftLink[];
}

export interface LlmsTxtDraft {
  title: string;
  summary: string;
  info?: string | undefined;
  sections: LlmsTxtDraftSection[];
}

/** One line of plain text: whitespace collapsed, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to `max` characters at a word boundary, adding an ellipsis when it cut. */
export function clip(text: string, max: number): string {
  const clean = oneLine(text);
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const kept = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${trimEndWhile(kept, (char) => isWhitespace(char) || ',;:.-'.includes(char))}…`;
}

/** Link names cannot hold brackets (the reference parser reads `[^\]]+`). */
export function linkName(text: string): string {
  return oneLine(text).replace(/\[/g, '(').replace(/\]/g, ')');
}

export function renderLlmsTxt(draft: LlmsTxtDraft): string {
  const title = oneLine(draft.title).replace(/^#+\s*/, '') || 'Untitled';
  const out: string[] = [`# ${title}`, '', `> ${oneLine(draft.summary).replace(/^>+\s*/, '') || title}`];
  const info = draft.info
    ?.split(/\n\s*\n/)
    .map((paragraph) => oneLine(paragraph).replace(/^#+\s*/, ''))
    .filter(Boolean)
    .join('\n\n');
  if (info) out.push('', info);
  for (const section of draft.sections) {
    if (section.links.length === 0) continue;
    out.push('', `## ${oneLine(section.name) || 'Pages'}`, '');
    for (const link of section.links) {
      const name = linkName(link.title) || link.url;
      const description = link.description ? oneLine(link.description) : '';
      out.push(`- [${name}](${linkSafeUrl(link.url.trim())})${description ? `: ${description}` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}
