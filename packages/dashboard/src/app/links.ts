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
