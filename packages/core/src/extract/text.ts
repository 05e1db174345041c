/**
 * Plain text of a DOM subtree with block structure kept: block elements start new lines, whitespace inside a
 * line is collapsed, blank lines are squeezed. (cheerio's .text() glues "Heading" and "Paragraph" together.)
 */

/** The few fields of a domhandler node that the walker reads (cheerio does not re-export domhandler's types). */
export interface DomNode {
  type: string;
  data?: string;
  name?: string;
  children?: DomNode[];
}

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head']);

export function blockText(nodes: readonly DomNode[]): string {
  const out: string[] = [];
  let inPre = 0;
  const walk = (node: DomNode): void => {
    if (node.type === 'text') {
      // Line breaks inside a text node are the source's hard wraps (outside <pre>): one paragraph, one line.
      out.push(inPre > 0 ? (node.data ?? '') : (node.data ?? '').replace(/[\r\n]+/g, ' '));
      return;
    }
    if (node.type === 'cdata') {
      for (const child of node.children ?? []) walk(child);
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const name = node.name?.toLowerCase() ?? '';
    if (SKIP.has(name)) return;
    const block = BLOCK.has(name);
    if (block) out.push('\n');
    if (name === 'td' || name === 'th') out.push(' ');
    if (name === 'pre') inPre += 1;
    for (const child of node.children ?? []) walk(child);
    if (name === 'pre') inPre -= 1;
    if (block) out.push('\n');
  };
  for (const node of nodes) walk(node);
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line, index, lines) => line !== '' || (index > 0 && lines[index - 1] !== ''))
    .join('\n')
    .trim();
}

/** Whitespace-collapsed inline text (titles, headings, link labels). */
export function inlineText(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}
