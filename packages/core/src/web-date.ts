/**
 * The one reader of the dates the web writes about pages: a sitemap's <lastmod> (W3C Datetime, the ISO 8601
 * profile sitemaps.org names) and an HTTP date (Last-Modified, Retry-After: RFC 9110's IMF-fixdate and the two
 * obsolete forms it still asks recipients to read). Strict on purpose: Date.parse reads almost anything
 * ('1' is 2001, a time without a zone is local time), so a page's age would depend on the machine and on junk.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const CLOCK = '(\\d{2}):(\\d{2}):(\\d{2})';

/** YYYY, YYYY-MM, YYYY-MM-DD, and with a time hh:mm[:ss[.s+]] and a zone (Z, ±hh:mm, ±hhmm; none = UTC). */
const W3C =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/i;
/** Sun, 06 Nov 1994 08:49:37 GMT (the day name optional, as some servers leave it out). */
const IMF_FIXDATE = new RegExp(`^(?:${DAY},\\s*)?(\\d{1,2}) ${MONTH} (\\d{4}) ${CLOCK} (?:GMT|UTC)$`, 'i');
/** Sunday, 06-Nov-94 08:49:37 GMT (RFC 850). */
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${CLOCK} GMT$`, 'i');
/** Sun Nov  6 08:49:37 1994 (C's asctime). */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} +(\\d{1,2}) ${CLOCK} (\\d{4})$`, 'i');

/** Milliseconds since the epoch of a sitemap or HTTP date; undefined when it is none of those forms. */
export function parseWebDate(value: string | null | undefined): number | undefined {
  const text = value?.trim().replace(/\s+/g, ' ');
  if (!text) return undefined;
  let match = W3C.exec(text);
  if (match) {
    const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction = '', zone] =
      match;
    const ms = Number(`0.${fraction || '0'}`) * 1000;
    const time = utc(+year!, +month, +day, +hour, +minute, +second, ms);
    return time === undefined ? undefined : time - zoneOffsetMs(zone);
  }
  match = IMF_FIXDATE.exec(text);
  if (match) return utc(+match[3]!, monthOf(match[2]!), +match[1]!, +match[4]!, +match[5]!, +match[6]!);
  match = RFC_850.exec(text);
  if (match)
    return utc(twoDigitYear(+match[3]!), monthOf(match[2]!), +match[1]!, +match[4]!, +match[5]!, +match[6]!);
  match = ASCTIME.exec(text);
  if (match) return utc(+match[6]!, monthOf(match[1]!), +match[2]!, +match[3]!, +match[4]!, +match[5]!);
  return undefined;
}

/** The same date as ISO 8601 UTC ('2026-11-02T10:00:00.000Z'), or undefined. */
export function webDateToIso(value: string | null | undefined): string | undefined {
  const time = parseWebDate(value);
  return time === undefined ? undefined : new Date(time).toISOString();
}

function monthOf(name: string): number {
  return MONTHS.indexOf(name.toLowerCase()) + 1;
}

/** RFC 9110: a two-digit year more than 50 years in the future is in the past century. */
function twoDigitYear(yy: number): number {
  const now = new Date().getUTCFullYear();
  let year = Math.floor(now / 100) * 100 + yy;
  if (year > now + 50) year -= 100;
  return year;
}

/** Date.UTC of the parts, undefined when one is out of range (2026-02-30, 25:00) so none rolls over. */
function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms = 0,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const time = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms);
  return new Date(time).getUTCDate() === day ? time : undefined;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}
