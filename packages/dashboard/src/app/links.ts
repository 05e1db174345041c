import { safeHref } from './markdown.js';

/** Attributes of a link that opens another site in a new tab, without an opener or a referrer. */
export interface ExternalLink {
  href: string;
  rel: 'noopener noreferrer';
  target: '_blank';
}

/**
 * The attributes of a link to a job's or a site's URL, or null when the URL is not a safe target. The API checks
 * URLs on the way in, but a row can come from anywhere (`insert into jobs(url) ...` is a valid job), so the
 * dashboard never puts a stored URL into an href unchecked: a `javascript:` or `data:` URL is shown as text.
 */
export function externalLink(url: string): ExternalLink | null {
  const href = safeHref(url);
  if (!href || !/^https?:/i.test(href)) return null;
  return { href, rel: 'noopener noreferrer', target: '_blank' };
}

/** `example.com/docs` means https://example.com/docs: a URL typed without a scheme gets https://. */
export function withScheme(input: string): string {
  if (input === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(input)) return input;
  if (/^\/\//.test(input)) return `https:${input}`;
  // Only what looks like a host (a dot or localhost before any path), not "mailto:x" or a stray word.
  if (/^(localhost|[^\s/:]+\.[^\s/:]+)(:\d+)?(\/|$|\?|#)/i.test(input)) return `https://${input}`;
  return input;
}
