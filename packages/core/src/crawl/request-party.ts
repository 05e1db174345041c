/**
 * Whose host a browser request goes to, decided before the guarded fetch (crawl/crawler.ts renderFetch):
 *
 * - site (first party): the crawled site. A site is a registrable domain (Public Suffix List, via tldts), so
 *   `cdn.example.com` serves `docs.example.com`; an IP address or a name without a registrable domain
 *   (`localhost`, an intranet name) is its own site per port (`127.0.0.1:8080` and `127.0.0.1:9090` are two
 *   services). The crawl's alias hosts count as the site too.
 * - tracker: a well-known tracker or analytics domain (list below): always aborted, even when allowed.
 * - third-party: anything else, aborted unless the job's `renderAllowHosts` names its host (or host:port), e.g.
 *   the CDN an app's bundle is served from. The simplest honest rule: a page's own scripts and data render its
 *   text; what another site serves is an ad, a widget, a tracker or a CDN copy of a library, and a job that
 *   needs the last one says so.
 */
import { loadTldts } from '../lazy-modules.js';

/** Registrable domains of widespread trackers and analytics (a request to one of them or a subdomain). */
export const TRACKER_DOMAINS: readonly string[] = [
  'google-analytics.com',
  'googletagmanager.com',
  'googleadservices.com',
  'googlesyndication.com',
  'doubleclick.net',
  'analytics.google.com',
  'facebook.net',
  'connect.facebook.net',
  'hotjar.com',
  'hotjar.io',
  'segment.com',
  'segment.io',
  'mixpanel.com',
  'amplitude.com',
  'heap.io',
  'heapanalytics.com',
  'fullstory.com',
  'clarity.ms',
  'newrelic.com',
  'nr-data.net',
  'sentry.io',
  'datadoghq-browser-agent.com',
  'plausible.io',
  'matomo.cloud',
  'statcounter.com',
  'quantserve.com',
  'scorecardresearch.com',
  'adnxs.com',
  'criteo.com',
  'taboola.com',
  'outbrain.com',
  'hubspot.com',
  'hs-analytics.net',
  'hs-scripts.com',
  'intercom.io',
  'intercomcdn.com',
  'crisp.chat',
  'drift.com',
  'optimizely.com',
  'mouseflow.com',
  'crazyegg.com',
  'px.ads.linkedin.com',
  'snap.licdn.com',
  'ads-twitter.com',
  'analytics.tiktok.com',
  'mc.yandex.ru',
  'bat.bing.com',
  'cloudflareinsights.com',
  'pendo.io',
  'logrocket.io',
  'posthog.com',
  'usefathom.com',
];

/** `site`: the crawled site; `allowed`: a host the job allows (renderAllowHosts). */
export type RequestParty = 'site' | 'allowed' | 'tracker' | 'third-party';

/** The site a host belongs to: its registrable domain, else the host with its port (IPs, localhost). */
export function siteOf(url: URL): string {
  const domain = loadTldts().getDomain(url.hostname, { allowPrivateDomains: true });
  return domain ?? url.host;
}

function isTracker(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return TRACKER_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

export interface PartyRules {
  /** Hosts of the crawled site: its origin's and its aliases'. */
  siteHosts: readonly string[];
  /** Hosts or host:port entries a job allows besides the site (renderAllowHosts). */
  allowHosts?: readonly string[] | undefined;
}

/** Who a browser request goes to (see the module comment). */
export function requestParty(url: URL, rules: PartyRules): RequestParty {
  const site = siteOf(url);
  const sites = rules.siteHosts.map((host) => siteOf(new URL(`http://${host}`)));
  if (sites.includes(site)) return 'site';
  if (isTracker(url.hostname)) return 'tracker';
  const allowed = (rules.allowHosts ?? []).map((entry) => entry.toLowerCase());
  if (allowed.includes(url.host.toLowerCase()) || allowed.includes(url.hostname.toLowerCase()))
    return 'allowed';
  return 'third-party';
}
