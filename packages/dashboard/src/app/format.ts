/** Display helpers: dates, durations, counts, status words. Pure functions (unit-tested). */

const numberFormat = new Intl.NumberFormat('en');

export function formatCount(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? numberFormat.format(value) : '—';
}

/** 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min. */
export function formatDuration(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function toTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** Time between two ISO timestamps (the second defaults to now). */
export function elapsed(
  from: string | null | undefined,
  to?: string | null,
  now = Date.now(),
): number | null {
  const start = toTime(from);
  if (start === null) return null;
  const end = to ? toTime(to) : now;
  return end === null ? null : Math.max(0, end - start);
}

/** "12 s ago", "in 5 min", or the date for anything older than a week. */
export function formatRelative(value: string | null | undefined, now = Date.now()): string {
  const time = toTime(value);
  if (time === null) return '—';
  const diff = time - now;
  const abs = Math.abs(diff);
  if (abs < 5_000) return 'just now';
  if (abs > 7 * 24 * 3600_000) return formatDate(value);
  const text =
    abs < 60_000 ? `${Math.round(abs / 1000)} s` : formatDuration(abs).replace(/ \d+ (s|min)$/, '');
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

export function formatDate(value: string | null | undefined): string {
  const time = toTime(value);
  if (time === null) return '—';
  return new Date(time).toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  started: 'Starting',
  running: 'Running',
  success: 'Done',
  failure: 'Failed',
  cancelled: 'Cancelled',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** "every 6 h" from seconds. */
export function formatInterval(seconds: number | null | undefined): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return '—';
  if (seconds % 86_400 === 0) return seconds === 86_400 ? 'daily' : `every ${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hourly' : `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

/** The host and path of a URL without the scheme, for compact tables. */
export function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname === '/' ? '' : parsed.pathname;
    return `${parsed.host}${path}${parsed.search}`;
  } catch {
    return url;
  }
}
