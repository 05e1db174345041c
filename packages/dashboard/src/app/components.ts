/** Small pieces shared by the pages. */
import { ApiError, AuthRequiredError, type JobStatus } from './api.js';
import { type Child, h, replace } from './dom.js';
import { statusLabel } from './format.js';

export interface PageContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** Aborted when the person leaves the page: stop polling, drop late answers. */
  signal: AbortSignal;
  navigate(hash: string): void;
  setTitle(title: string): void;
  /** Ask for an API key, then show the page again. */
  requireKey(message?: string): void;
  /** A short message in the polite live region (and on screen for a few seconds). */
  announce(message: string): void;
}

export type Page = (ctx: PageContext) => HTMLElement;

export function statusBadge(status: JobStatus | string): HTMLElement {
  return h('span', { class: `badge badge-${status}` }, statusLabel(status));
}

export function loading(text = 'Loading…'): HTMLElement {
  return h(
    'p',
    { class: 'state state-loading', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    text,
  );
}

export function empty(title: string, ...body: Child[]): HTMLElement {
  return h('div', { class: 'state state-empty' }, h('p', { class: 'state-title' }, title), body);
}

/** An error panel for a failed request; a 401 turns into the key form instead. */
/** A page failed to load: show why in `container`, with a retry that reloads the page. */
export function showLoadError(ctx: PageContext, container: HTMLElement, error: unknown): void {
  container.removeAttribute('aria-busy');
  replace(
    container,
    errorState(ctx, error, () => ctx.navigate(location.hash)),
  );
}

export function errorState(ctx: PageContext, error: unknown, retry?: () => void): HTMLElement {
  if (error instanceof AuthRequiredError) {
    ctx.requireKey(error.message);
    return loading('Waiting for an API key…');
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  return h(
    'div',
    { class: 'state state-error', role: 'alert' },
    h('p', { class: 'state-title' }, 'Something went wrong'),
    h('p', null, message, code ? h('code', { class: 'error-code' }, code) : null),
    retry ? h('button', { type: 'button', class: 'button', on: { click: retry } }, 'Try again') : null,
  );
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function button(
  label: Child,
  onClick: (event: MouseEvent) => void,
  props: Record<string, unknown> = {},
): HTMLButtonElement {
  const { class: extra, ...rest } = props;
  return h(
    'button',
    { type: 'button', class: `button ${extra ?? ''}`.trim(), ...rest, on: { click: onClick } },
    label,
  );
}

/**
 * A button disabled while its action runs (no double submit). It is enabled again when the action ends, unless
 * the action answers 'reloading' (the page is being rendered anew, with this button's successor); a failed
 * action enables it and goes to `onError`.
 */
export function busyButton(
  label: Child,
  action: (target: HTMLButtonElement) => Promise<'reloading' | undefined>,
  onError: (error: unknown) => void,
  props: Record<string, unknown> = {},
): HTMLButtonElement {
  return button(
    label,
    async (event) => {
      const target = event.currentTarget as HTMLButtonElement;
      target.disabled = true;
      try {
        if ((await action(target)) !== 'reloading') target.disabled = false;
      } catch (error) {
        target.disabled = false;
        onError(error);
      }
    },
    props,
  );
}

/** A page's frame: <section class="page page-NAME">, its head (the h1 and what stands beside it), the body. */
export function pageFrame(name: string, title: string, beside: Child, ...body: Child[]): HTMLElement {
  return h(
    'section',
    { class: `page page-${name}` },
    h('div', { class: 'page-head' }, h('h1', null, title), beside),
    ...body,
  );
}

/** A <dl> of label/value pairs. */
export function facts(rows: [string, Child][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([label, value]) => h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value))),
  );
}

/** Save text as a file through a blob URL (works with a Bearer key, unlike a plain link to the API). */
export function downloadText(text: string, filename: string): void {
  const blob = new Blob([text], { type: 'text/markdown;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copy text; falls back to a hidden textarea where the Clipboard API is unavailable (plain http). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through
  }
  const area = h('textarea', { class: 'visually-hidden', readonly: true }, text);
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/**
 * A URL as text that wraps at its slashes (and before ? and &) rather than in the middle of a word: <wbr>
 * break opportunities; a single segment wider than its cell still breaks as a last resort (CSS break-word).
 */
export function breakableUrl(text: string): Child[] {
  const parts: Child[] = [];
  for (const piece of text.split(/(?<=\/)|(?=[?&])/)) {
    if (parts.length > 0) parts.push(h('wbr'));
    parts.push(piece);
  }
  return parts;
}
