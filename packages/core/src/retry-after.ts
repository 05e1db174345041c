import { parseWebDate } from './web-date.js';

/** Anything with a Headers-style get (fetch's Headers, undici's, the openai SDK's). */
export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * Milliseconds a server asks us to wait: `retry-after-ms` (milliseconds, sent by the OpenAI API), else
 * `retry-after` in seconds or as an HTTP date (RFC 9110; a past date is 0). Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderSource | undefined | null, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const after = headers.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.round(Number.parseFloat(after) * 1000);
  const date = parseWebDate(after);
  return date === undefined ? undefined : Math.max(0, date - now);
}
