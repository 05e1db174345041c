/**
 * A title from a URL slug, for pages and folders that have none of their own: the crawler's fallback page title
 * and the plan's section and link names use this one function.
 */

/** Words written in capitals in a title ('api' -> 'API'). */
const ACRONYMS: Record<string, string> = {
  api: 'API',
  apis: 'APIs',
  cli: 'CLI',
  sdk: 'SDK',
  sdks: 'SDKs',
  faq: 'FAQ',
  faqs: 'FAQs',
  ui: 'UI',
  http: 'HTTP',
  url: 'URL',
  css: 'CSS',
  html: 'HTML',
  js: 'JS',
  json: 'JSON',
  sql: 'SQL',
  ai: 'AI',
  llm: 'LLM',
  io: 'IO',
};

/**
 * 'getting_started' -> 'Getting Started', 'rest-api' -> 'Rest API', 'an-open-letter.html' -> 'An Open Letter':
 * percent-decoded, without a file extension, words split at '-', '_', '.' and spaces; '' when nothing is left.
 */
export function humanizeSlug(segment: string): string {
  const words = decodeURIComponentSafe(segment)
    .replace(/\.[a-z0-9]+$/i, '')
    .split(/[-_\s.]+/)
    .filter(Boolean);
  return words
    .map((word) => ACRONYMS[word.toLowerCase()] ?? `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join(' ');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
