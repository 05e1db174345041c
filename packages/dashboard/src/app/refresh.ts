/** Loading a page's data and refreshing it in place: the load, the wait between refreshes, the re-render. */
import { isAbort, type PageContext, showLoadError } from './components.js';
import { type Child, replace } from './dom.js';

/**
 * Loads a page's data with `fetch`: the container stops being busy when it arrives; a failure is shown in the
 * container (nothing when the page was left, an abort) and the answer is undefined.
 */
export async function loadInto<T>(
  ctx: PageContext,
  container: HTMLElement,
  fetch: () => Promise<T>,
): Promise<T | undefined> {
  try {
    const data = await fetch();
    container.removeAttribute('aria-busy');
    return data;
  } catch (error) {
    if (!isAbort(error)) showLoadError(ctx, container, error);
    return undefined;
  }
}

/** Wait `ms`, or less if the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Replace a live region's content (an automatic refresh) without losing the person's place: the focused control
 * and the values of select/input controls are carried over by their `data-key`. When the focused control is gone
 * or disabled, focus goes to the first of `fallbacks(key)` that exists and is enabled.
 */
export function rerender(
  container: HTMLElement,
  children: Child[],
  fallbacks: (key: string) => string[] = () => [],
): void {
  const active = document.activeElement as HTMLElement | null;
  const focusKey = active && container.contains(active) ? active.dataset.key : undefined;
  const values = new Map<string, string>();
  for (const el of container.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
    'select[data-key], input[data-key]',
  )) {
    if (el.dataset.key) values.set(el.dataset.key, el.value);
  }
  replace(container, ...children);
  const byKey = (key: string) => container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  for (const [key, value] of values) {
    const el = byKey(key) as HTMLInputElement | HTMLSelectElement | null;
    if (el) el.value = value;
  }
  if (focusKey) {
    const target = [focusKey, ...fallbacks(focusKey)]
      .map(byKey)
      .find((el) => el && !(el as HTMLButtonElement).disabled);
    target?.focus();
  }
}
