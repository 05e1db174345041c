/**
 * Does a served page need JavaScript to show its content? Signals (any one, on a page whose served text is
 * short): a script bundle with an empty mount point (`<div id="root"></div>`, `#app`, `#__next`...), a
 * `<noscript>` asking for JavaScript, hash-route navigation (`href="#/..."`, `#!`), or links that exist only in
 * scripts (no <a href> at all while scripts are present). A page with real text is never a shell, whatever
 * scripts it also carries. Cheap by design: bounded regular expressions on the raw HTML, linear time.
 */

/** Below this many characters of main text a page may be a shell. */
export const SHELL_TEXT_CHARS = 200;

export interface NeedsJsInput {
  html: string;
  /** Main text extracted from the served HTML. */
  text: string;
  /** Links found in the served HTML. */
  links: readonly string[];
}

export type ShellSignal = 'mount-point' | 'noscript' | 'hash-routes' | 'script-links';

const SCRIPT = /<script\b[^>]*>/gi;
const MOUNT =
  /<(div|main|section|body|app-root)\b[^>]*\bid\s*=\s*["']?(root|app|__next|__nuxt|___gatsby|svelte|main|application|react-root|vue-app|spa-root)["']?[^>]*>\s*(<\/\1>|<!--[^>]{0,200}-->\s*<\/\1>)?/i;
const EMPTY_APP_ROOT = /<app-root\b[^>]*>\s*<\/app-root>/i;
const NOSCRIPT = /<noscript\b[^>]*>([^<]{0,2000}(?:<(?!\/noscript)[^<]{0,2000}){0,20})<\/noscript>/gi;
const HASH_ROUTE = /\bhref\s*=\s*["']#!?\/[^"']*["']/i;

/** The signals that say this page needs JavaScript; [] when it does not. */
export function shellSignals(input: NeedsJsInput): ShellSignal[] {
  if (input.text.trim().length >= SHELL_TEXT_CHARS) return [];
  const html = input.html.length > 2_000_000 ? input.html.slice(0, 2_000_000) : input.html;
  const scripts = html.match(SCRIPT)?.length ?? 0;
  const signals: ShellSignal[] = [];
  if (scripts > 0 && (MOUNT.test(html) || EMPTY_APP_ROOT.test(html))) signals.push('mount-point');
  for (const match of html.matchAll(NOSCRIPT)) {
    if (/javascript|enable js|\bjs\b/i.test(match[1] ?? '')) {
      signals.push('noscript');
      break;
    }
  }
  if (scripts > 0 && HASH_ROUTE.test(html)) signals.push('hash-routes');
  if (scripts > 0 && input.links.length === 0 && input.text.trim().length < 40) signals.push('script-links');
  return signals;
}

const HASH_ROUTE_HREF = /\bhref\s*=\s*["'](#!?\/[^"'\s]+)["']/gi;

/** The hash routes a served page links to ('#/guide', '#!/api'; not the root route '#/'), at most `max`. */
export function hashRouteHrefs(html: string, max = 200): string[] {
  const found = new Set<string>();
  for (const match of html.slice(0, 2_000_000).matchAll(HASH_ROUTE_HREF)) {
    if (found.size >= max) break;
    found.add(match[1]!);
  }
  return [...found];
}

export function needsJavaScript(input: NeedsJsInput): boolean {
  return shellSignals(input).length > 0;
}
