import ipaddr from 'ipaddr.js';
import { BlockedHostError, InvalidUrlError } from '../errors.js';
import type { CoreSettings } from '../options.js';

/**
 * Which ports may be crawled. A site is served on 80 or 443; anything else (`:22`, `:25`, `:6379`) turns the
 * crawler into a port scanner of other people's hosts. Allowed: 80, 443 and the operator's LTX_ALLOWED_PORTS
 * (settings.allowedPorts). Port 0 is never a valid target.
 *
 * With LTX_ALLOW_PRIVATE_HOSTS=true, loopback, private and link-local targets may use any port: the operator
 * has already opened their own network (tests serve sites on random loopback ports, intranets run docs on 8080),
 * while public hosts stay under the policy. The caller says whether the target is such an address.
 */
export const STANDARD_PORTS: readonly number[] = [80, 443];

export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export function portAllowed(port: number, settings: CoreSettings): boolean {
  return STANDARD_PORTS.includes(port) || (settings.allowedPorts ?? []).includes(port);
}

/** True when the host is an IP literal outside the public ranges (the only case decided without DNS). */
export function isNonPublicLiteral(hostname: string, isPublic: (address: string) => boolean): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) && !isPublic(bare);
}

/**
 * Throws when the URL's port is refused. `exempt`: the target is an allowed non-public address (the exemption
 * above; the SSRF guard decides it, as it alone knows what the host resolves to).
 */
export function assertPortAllowed(url: URL, settings: CoreSettings, exempt = false): void {
  const port = portOf(url);
  if (port === 0) throw new InvalidUrlError(`port 0 in ${url.host} is not a valid port`);
  if (portAllowed(port, settings) || exempt) return;
  const extra = settings.allowedPorts?.length ? `, ${settings.allowedPorts.join(', ')}` : '';
  throw new BlockedHostError(
    `refusing to fetch port ${port} of ${url.hostname}: only ports 80, 443${extra} are allowed (LTX_ALLOWED_PORTS adds ports; LTX_ALLOW_PRIVATE_HOSTS=true allows any port on loopback and private addresses)`,
    { details: { host: url.hostname, port } },
  );
}
