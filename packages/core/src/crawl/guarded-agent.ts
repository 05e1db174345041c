/**
 * The HTTP dispatcher behind safeFetch: an undici Agent whose connect-time DNS lookup applies the SSRF address
 * policy. The guard (assertCrawlableUrl) resolves a name before each hop, but the connection resolves it again;
 * a name that answers a public address to the first lookup and a private one to the second (DNS rebinding)
 * would slip between the two. Here the lookup that picks the address the socket connects to is the one that
 * checks it: every address it returns must pass the policy, or the connection fails with BlockedHostError.
 * Connections to IP literals do no lookup; the guard checks those per hop.
 *
 * undici is Node's own HTTP client (global fetch is built on it); an Agent with `connect.lookup` is the only
 * way to hook the lookup made at connect time. Node 20's global fetch bundles its own undici and only accepts
 * dispatchers from that copy, so safeFetch uses the package's fetch with the package's Agent.
 *
 * One Agent per policy (open for allowPrivateHosts, guarded otherwise; a test's own lookup or address policy
 * gets its own), cached for the life of the process so connections are pooled across requests and jobs.
 */
import type { LookupAddress } from 'node:dns';
import type { Agent, Dispatcher } from 'undici';
import { BlockedHostError } from '../errors.js';
import { loadUndici } from '../lazy-modules.js';
import type { CoreSettings } from '../options.js';
import {
  type AddressPolicy,
  addressRange,
  defaultLookup,
  isPublicAddress,
  type LookupFn,
  parseAllowList,
  SSRF_HINT,
} from './ssrf.js';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** dns.lookup's signature, as net.connect calls it (with `all: true` when it tries several addresses). */
export type ConnectLookup = (
  hostname: string,
  options: { family?: number | string | undefined; all?: boolean | undefined },
  callback: LookupCallback,
) => void;

function familyNumber(family: number | string | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

/** A connect-time lookup that resolves with `resolve` and refuses the name when any address fails `allow`. */
export function guardedLookup(
  resolve: LookupFn,
  allow: AddressPolicy,
  allowedHosts: ReadonlySet<string> = new Set(),
): ConnectLookup {
  return (hostname, options, callback) => {
    // A host the operator listed in LTX_ALLOW_PRIVATE_HOSTS may resolve to a private address (its port was
    // checked by the guard before the request).
    const listed = allowedHosts.has(hostname.toLowerCase());
    resolve(hostname).then(
      (found) => {
        const blocked = listed ? undefined : found.find(({ address }) => !allow(address));
        if (blocked) {
          const range = addressRange(blocked.address);
          callback(
            new BlockedHostError(
              `refusing to connect to ${hostname}: it resolves to ${blocked.address}, a ${range} address (${SSRF_HINT}; refused at connect time)`,
              { details: { host: hostname, address: blocked.address, range } },
            ) as unknown as NodeJS.ErrnoException,
            '',
          );
          return;
        }
        const family = familyNumber(options.family);
        const addresses = found
          .filter((entry) => family === 0 || entry.family === family)
          .map((entry) => ({ address: entry.address, family: entry.family }));
        const first = addresses[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '');
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

let openAgent: Agent | undefined;
const listAgents = new Map<string, Agent>();
const guardedAgents = new WeakMap<LookupFn, WeakMap<AddressPolicy, Agent>>();

/** The cached dispatcher for these settings and (test) hooks. */
export function dispatcherFor(
  settings: CoreSettings,
  hooks: { lookup?: LookupFn | undefined; allowAddress?: AddressPolicy | undefined } = {},
): Dispatcher {
  if (settings.allowPrivateHosts === true) {
    openAgent ??= new (loadUndici().Agent)();
    return openAgent;
  }
  const resolve = hooks.lookup ?? defaultLookup;
  const allow = hooks.allowAddress ?? isPublicAddress;
  if (Array.isArray(settings.allowPrivateHosts) && settings.allowPrivateHosts.length > 0) {
    const hosts = new Set(parseAllowList(settings.allowPrivateHosts).map((entry) => entry.host));
    // Keyed by the list; a test's own lookup or policy gets an uncached agent.
    const key = [...hosts].sort().join(',');
    if (hooks.lookup || hooks.allowAddress) {
      return new (loadUndici().Agent)({ connect: { lookup: guardedLookup(resolve, allow, hosts) } });
    }
    let agent = listAgents.get(key);
    if (!agent) {
      agent = new (loadUndici().Agent)({ connect: { lookup: guardedLookup(resolve, allow, hosts) } });
      listAgents.set(key, agent);
    }
    return agent;
  }
  let byPolicy = guardedAgents.get(resolve);
  if (!byPolicy) {
    byPolicy = new WeakMap();
    guardedAgents.set(resolve, byPolicy);
  }
  let agent = byPolicy.get(allow);
  if (!agent) {
    agent = new (loadUndici().Agent)({ connect: { lookup: guardedLookup(resolve, allow) } });
    byPolicy.set(allow, agent);
  }
  return agent;
}
