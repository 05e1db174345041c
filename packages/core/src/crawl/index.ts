export type { CrawledPage, CrawlResult, SkippedUrl } from '../types.js';
export {
  CHECK_LIMITS,
  type CheckOptions,
  type CheckResult,
  checkSite,
  newestLastmod,
  pageHash,
} from './change-check.js';
export {
  type CrawlContext,
  crawlSite,
  DEFAULT_RENDER_LIMITS,
  type RenderLimits,
} from './crawler.js';
export { type ContentKind, classifyContent, decodeBody, detectEncoding, parseContentType } from './decode.js';
export { fetchTwin, markdownLinkHeader, TWIN_PATTERNS, type TwinPattern, twinUrl } from './markdown-twin.js';
export {
  hasNonHtmlExtension,
  isTrackingParam,
  normalizeUrl,
  tryNormalizeUrl,
  urlKey,
} from './normalize-url.js';
export {
  acquirePageSlot,
  configurePageSlots,
  PAGES_PER_THREAD,
  type PageSlotStats,
  pageSlotStats,
  resetPageSlotPeak,
} from './page-slots.js';
export { assertPortAllowed, portAllowed, portOf, STANDARD_PORTS } from './port-policy.js';
export type * from './renderer.js';
export { loadRobots, parseRobots, type RobotsRules, robotsToken } from './robots.js';
export {
  type FetchedText,
  fetchText,
  httpError,
  type SafeFetchOptions,
  type SafeResponse,
  safeFetch,
} from './safe-fetch.js';
export { basePathOf, CrawlScope } from './scope.js';
export { loadSitemaps, type ParsedSitemap, parseSitemap, type SitemapEntry } from './sitemap.js';
export {
  addressRange,
  assertCrawlableUrl,
  defaultLookup,
  isBlockedAddress,
  isBlockedHostname,
  type LookupFn,
  parseAllowList,
  parseHttpUrl,
} from './ssrf.js';
