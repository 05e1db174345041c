/**
 * A tiny element builder: `h('button', { type: 'button', onclick }, 'Cancel')`.
 *
 * Text children always become Text nodes (never parsed as HTML), attributes go through setAttribute, and nothing
 * in the app touches innerHTML: whatever a job, a site or a model returns is shown as text, by construction.
 */

export type Child = Node | string | number | null | undefined | false | Child[];

type Handler<E extends Event = Event> = (event: E) => void;

export interface Props {
  class?: string | null | undefined;
  /** Event listeners: `on: { click: fn }`. */
  on?: { [K in keyof HTMLElementEventMap]?: Handler<HTMLElementEventMap[K]> } | undefined;
  /** Anything else is an attribute; `true` sets an empty attribute, `false`/null/undefined leaves it out. */
  [attribute: string]: unknown;
}

/** Form-control state set as DOM properties rather than attributes, so later user edits are not fought. */
const PROPERTIES = new Set(['value', 'checked', 'selected', 'indeterminate']);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (key === 'on') {
        for (const [type, fn] of Object.entries(value as Record<string, Handler>)) {
          if (fn) el.addEventListener(type, fn);
        }
      } else if (key === 'class') {
        if (value) el.className = String(value);
      } else if (PROPERTIES.has(key)) {
        (el as unknown as Record<string, unknown>)[key] = value;
      } else if (value === true) {
        el.setAttribute(key, '');
      } else if (value !== false && value !== null && value !== undefined) {
        el.setAttribute(key, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replace every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

let idCounter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix = 'id'): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
