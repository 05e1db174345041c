/**
 * SSRF guard. A crawl may only reach public unicast addresses over http(s). Loopback, private (RFC 1918),
 * carrier-grade NAT (100.64/10), link-local (incl. the 169.254.169.254 metadata service), unique-local (fc00::/7),
 * multicast, unspecified, reserved and IPv4-mapped/-embedded IPv6 forms of any of those are refused, as are
 * well-known metadata host names. `settings.allowPrivateHosts` (LTX_ALLOW_PRIVATE_HOSTS) switches the address
 * policy off for tests and intranets (true), or opens only the hosts and host:port pairs it lists (a list:
 * with ['127.0.0.1:8080'] the site on that port is crawled, every other loopback port and private address
 * stays refused); the scheme and length checks always apply.
 *
 * The guard resolves the host with dns.lookup (all addresses; every one must be public) before each request and
 * each redirect hop. The connection then resolves the name again; safeFetch's dispatcher (guarded-agent.ts)
 * applies the same policy in that connect-time lookup, so the address checked is the address connected to and
 * a DNS answer that changes in between (rebinding) is refused too.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { BlockedHostError, FetchError, InvalidUrlError } from '../errors.js';
import { type CoreSettings, DEFAULT_LIMITS } from '../options.js';
import { trimEndChars } from '../text-trim.js';
import { assertPortAllowed, isNonPublicLiteral, portAllowed, portOf } from './port-policy.js';

export type LookupFn = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export const defaultLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Host names that always mean "this machine" or a cloud metadata service, whatever DNS says. */
const BLOCKED_HOSTNAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'ip6-localhost',
  'ip6-loopback',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
]);

export function isBlockedHostname(hostname: string): boolean {
  const host = trimEndChars(hostname.toLowerCase(), '.');
  return BLOCKED_HOSTNAMES.has(host) || host.endsWith('.localhost');
}

/**
 * Classifies an IP address literal: returns the name of the special range it falls in ('loopback', 'private',
 * 'linkLocal', 'uniqueLocal', 'carrierGradeNat', ...), 'unicast' for a public address, or 'invalid'.
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) forms are classified by
 * the IPv4 address they carry.
 */
export function addressRange(address: string): string {
  const literal = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(literal)) return 'invalid';
  const parsed = ipaddr.parse(literal);
  if (parsed.kind() === 'ipv4') return (parsed as ipaddr.IPv4).range();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
  const parts = v6.parts;
  const embedded = (): ipaddr.IPv4 => {
    const hi = parts[6] ?? 0;
    const lo = parts[7] ?? 0;
    return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  };
  // ::a.b.c.d (deprecated IPv4-compatible form); '::' and '::1' are classified by ipaddr itself.
  if (parts.slice(0, 6).every((part) => part === 0) && !((parts[6] ?? 0) === 0 && (parts[7] ?? 0) <= 1)) {
    const range = embedded().range();
    return range === 'unicast' ? 'ipv4Compatible' : range;
  }
  const range = v6.range();
  if (range === 'rfc6052') {
    const inner = embedded().range();
    return inner === 'unicast' ? 'unicast' : inner;
  }
  return range;
}

/** True when the address may not be contacted under the SSRF policy (anything but public unicast). */
export function isBlockedAddress(address: string): boolean {
  return addressRange(address) !== 'unicast';
}

/** Whether an IP address may be contacted. The policy is isPublicAddress; tests inject a looser one. */
export type AddressPolicy = (address: string) => boolean;

/** The SSRF address policy: public unicast addresses only. */
export const isPublicAddress: AddressPolicy = (address) => !isBlockedAddress(address);

/** Parses and checks scheme and length. Throws InvalidUrlError. */
export function parseHttpUrl(input: string, maxUrlLength: number = DEFAULT_LIMITS.maxUrlLength): URL {
  if (typeof input !== 'string' || input.trim() === '') throw new InvalidUrlError('URL is empty');
  const trimmed = input.trim();
  if (trimmed.length > maxUrlLength) {
    throw new InvalidUrlError(
      `URL is ${trimmed.length} characters long; the limit is ${maxUrlLength} (maxUrlLength)`,
    );
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch (error) {
    throw new InvalidUrlError(`not a valid absolute URL: ${trimmed.slice(0, 200)}`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidUrlError(
      `only http and https URLs can be crawled, not ${url.protocol.replace(/:$/, '')}:`,
    );
  }
  if (!url.hostname) throw new InvalidUrlError(`URL has no host: ${trimmed.slice(0, 200)}`);
  // The limit holds for what is requested and stored: the percent-encoded form (an IDN host or non-ASCII path
  // grows several times when encoded).
  if (url.href.length > maxUrlLength) {
    throw new InvalidUrlError(
      `URL is ${url.href.length} characters long once percent-encoded; the limit is ${maxUrlLength} (maxUrlLength)`,
    );
  }
  return url;
}

export interface GuardOptions {
  maxUrlLength?: number | undefined;
  /** DNS resolver; tests pass their own to check a redirect target's addresses. */
  lookup?: LookupFn | undefined;
  /**
   * Address policy (tests only): a test site on 127.0.0.1 can be allowed while link-local or private targets
   * stay refused, so the guard itself is exercised. Default isPublicAddress. Host names that always mean this
   * machine or a metadata service (localhost, metadata.google.internal...) stay refused whatever it says.
   */
  allowAddress?: AddressPolicy | undefined;
}

/** What every SSRF refusal ends with: the guard, and the switch that allows private hosts on purpose. */
export const SSRF_HINT =
  'SSRF guard; set LTX_ALLOW_PRIVATE_HOSTS=true to allow loopback and private addresses';

/**
 * Checks that `input` may be crawled: http(s), not longer than maxUrlLength, and (unless
 * settings.allowPrivateHosts) its host is not a blocked name and every address it resolves to is public.
 * Returns the parsed URL. Throws InvalidUrlError, BlockedHostError, or FetchError('fetch_failed') when the
 * name does not resolve.
 */
export async function assertCrawlableUrl(
  input: string,
  settings: CoreSettings = {},
  options: GuardOptions = {},
): Promise<URL> {
  const url = parseHttpUrl(input, options.maxUrlLength);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  // Ports: 80, 443 and LTX_ALLOWED_PORTS; any port for a non-public target the guard lets through
  // (LTX_ALLOW_PRIVATE_HOSTS, or a test's allowAddress policy). See port-policy.ts.
  const portChecked = portOf(url) === 0 || portAllowed(portOf(url), settings);
  if (portChecked) assertPortAllowed(url, settings);
  const listed = allowListEntry(url, settings.allowPrivateHosts);
  if (listed) return url;
  if (settings.allowPrivateHosts === true) {
    if (!portChecked) {
      let exempt = isBlockedHostname(hostname) || isNonPublicLiteral(hostname, isPublicAddress);
      if (!exempt && !ipaddr.isValid(hostname)) {
        const addresses = await resolveHost(url, hostname, options);
        exempt = addresses.every(({ address }) => !isPublicAddress(address));
      }
      assertPortAllowed(url, settings, exempt);
    }
    return url;
  }
  const allow = options.allowAddress ?? isPublicAddress;
  if (isBlockedHostname(hostname)) {
    throw new BlockedHostError(`refusing to fetch ${hostname}: a local or metadata host name (${SSRF_HINT})`);
  }
  if (ipaddr.isValid(hostname)) {
    const range = addressRange(hostname);
    if (!allow(hostname)) {
      throw new BlockedHostError(`refusing to fetch ${hostname}: ${range} address (${SSRF_HINT})`, {
        details: { host: hostname, range },
      });
    }
    if (!portChecked) assertPortAllowed(url, settings, !isPublicAddress(hostname));
    return url;
  }
  const addresses = await resolveHost(url, hostname, options);
  for (const { address } of addresses) {
    const range = addressRange(address);
    if (!allow(address)) {
      throw new BlockedHostError(
        `refusing to fetch ${hostname}: it resolves to ${address}, a ${range} address (${SSRF_HINT})`,
        { details: { host: hostname, address, range } },
      );
    }
  }
  if (!portChecked) {
    assertPortAllowed(
      url,
      settings,
      addresses.every(({ address }) => !isPublicAddress(address)),
    );
  }
  return url;
}

/** One LTX_ALLOW_PRIVATE_HOSTS entry: a host (any port) or a host:port pair. */
export interface AllowListEntry {
  host: string;
  port?: number | undefined;
}

/**
 * Parses LTX_ALLOW_PRIVATE_HOSTS list entries: `intranet.local`, `127.0.0.1:8080`, `[::1]:3000`, `10.0.0.5`.
 * Throws InvalidUrlError naming a malformed entry (config validation reports it at start-up).
 */
export function parseAllowList(entries: readonly string[]): AllowListEntry[] {
  return entries.map((raw) => {
    const entry = raw.trim().toLowerCase();
    const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(entry);
    const plain = /^([a-z0-9.-]+|[0-9a-f]*:[0-9a-f:.]+)$/.exec(entry);
    const withPort = /^([a-z0-9.-]+):(\d{1,5})$/.exec(entry);
    let host: string | undefined;
    let port: string | undefined;
    if (bracketed) [host, port] = [bracketed[1], bracketed[2]];
    else if (withPort) [host, port] = [withPort[1], withPort[2]];
    else if (plain) host = plain[1];
    const portNumber = port === undefined ? undefined : Number(port);
    if (!host || (portNumber !== undefined && (portNumber < 1 || portNumber > 65_535))) {
      throw new InvalidUrlError(
        `LTX_ALLOW_PRIVATE_HOSTS entry ${JSON.stringify(raw)} is not a host or host:port (e.g. 127.0.0.1:8080, intranet.local, [::1]:3000)`,
      );
    }
    return { host: trimEndChars(host, '.'), port: portNumber };
  });
}

/** The list entry that opens this URL (its host, and its port when the entry names one); undefined if none. */
export function allowListEntry(
  url: URL,
  allowPrivateHosts: boolean | readonly string[] | undefined,
): AllowListEntry | undefined {
  if (!Array.isArray(allowPrivateHosts) || allowPrivateHosts.length === 0) return undefined;
  const host = trimEndChars(url.hostname.replace(/^\[|\]$/g, '').toLowerCase(), '.');
  const port = portOf(url);
  return parseAllowList(allowPrivateHosts).find(
    (entry) => entry.host === host && (entry.port === undefined || entry.port === port),
  );
}

/** The host's addresses; FetchError('fetch_failed') when it does not resolve (retryable unless ENOTFOUND). */
async function resolveHost(
  url: URL,
  hostname: string,
  options: GuardOptions,
): Promise<readonly { address: string; family: number }[]> {
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = await (options.lookup ?? defaultLookup)(hostname);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FetchError(
      'fetch_failed',
      url.href,
      `cannot resolve host ${hostname}${code ? ` (${code})` : ''}`,
      {
        cause: error,
        retryable: code !== 'ENOTFOUND',
      },
    );
  }
  if (addresses.length === 0) {
    throw new FetchError('fetch_failed', url.href, `host ${hostname} has no addresses`, { retryable: true });
  }
  return addresses;
}
