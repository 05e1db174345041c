import type { JobPhase, PhaseProgress, TokenUsage } from '@ltx/contracts';
import type { Logger } from 'pino';
import type { Renderer, RenderMode, RenderReport } from './crawl/renderer.js';
import type { ContentStats } from './extract/extract-page.js';
import type { NavBlock } from './extract/nav-blocks.js';
import type { CoreSettings, JobOptions } from './options.js';

/** What a page is for (site/page-kinds.ts classifies; junk kinds never reach the output, secondary go to Optional). */
export type PageKind =
  | 'home'
  | 'content'
  | 'generated-index'
  | 'source-listing'
  | 'listing'
  | 'redirect'
  | 'draft'
  | 'unlinked-draft'
  | 'error'
  | 'changelog'
  | 'news'
  | 'legal'
  | 'example'
  | 'old-version'
  | 'translation';

/** One HTML page of the site as the crawler saw and extracted it. */
export interface CrawledPage {
  /** Normalised, canonical URL of the page on the crawled origin (what llms.txt links to). */
  url: string;
  /** URL of the page's Markdown twin if one answered 200 with Markdown (page.md, page.html.md, rel=alternate). */
  markdownUrl?: string | undefined;
  /** Breadth-first depth from the start URL (start = 0). */
  depth: number;
  /** Title with the site-name suffix stripped. */
  title: string;
  /** Raw <title> text as served. */
  rawTitle: string;
  description: string;
  /** h1-h3 texts, in document order. */
  headings: string[];
  lang?: string | undefined;
  /** Main content as plain text (no nav, footer, scripts). */
  text: string;
  /** Main content as Markdown (from the twin when there is one). */
  markdown: string;
  /** Number of distinct crawled pages linking here. */
  inboundLinks: number;
  /** Linked from the site's navigation (nav, header, sidebar). */
  inNav: boolean;
  /** Importance in [0,1]: higher first. */
  rank: number;
  /** sha256 of the main text, for change detection. */
  contentHash: string;
  /** Bytes of HTML received. */
  bytes: number;
  /** Out-links on the crawled site, normalised (for section and rank building). */
  links: string[];
  /** Links that sit inside navigation elements, in order. */
  navLinks: string[];
  /** Last-Modified / sitemap lastmod when known (ISO). */
  lastModified?: string | undefined;
  /** The HTML was longer than maxBytesPerPage and only its first bytes were read and extracted. */
  truncated?: boolean | undefined;
  /** <priority> from the sitemap, when the sitemap listed the page with one. */
  sitemapPriority?: number | undefined;
  /** The page's navigation blocks, links mapped onto crawled page URLs (links to pages not crawled dropped). */
  navBlocks?: NavBlock[] | undefined;
  /** The main content's first prose paragraphs, one line each. */
  paragraphs?: string[] | undefined;
  /** Meta refresh target (a crawled page's URL when it was crawled). */
  refresh?: string | undefined;
  /** hreflang alternates of the page. */
  alternates?: { lang: string; url: string }[] | undefined;
  /** rel=next, mapped onto a crawled page's URL (undefined when that page was not crawled). */
  next?: string | undefined;
  /** <meta name=generator>. */
  generator?: string | undefined;
  /** Shape of the main content (page-kind rules). */
  stats?: ContentStats | undefined;
  /** The served HTML needed JavaScript to show its content (site/needs-js.ts). */
  needsJs?: boolean | undefined;
  /** The content comes from the DOM rendered in the browser. */
  rendered?: boolean | undefined;
}

export interface SkippedUrl {
  url: string;
  reason:
    | 'robots'
    | 'not_html'
    | 'http_error'
    | 'too_large'
    | 'timeout'
    | 'fetch_failed'
    | 'out_of_scope'
    | 'duplicate'
    | 'limit'
    | 'blocked_host'
    | 'redirect_loop'
    | 'too_many_redirects'
    /** Parsing and extraction took longer than pageCpuBudgetMs: the page was dropped, its thread stopped. */
    | 'cpu_budget';
  detail?: string;
}

export type LimitName =
  | 'maxPages'
  | 'maxDepth'
  | 'maxBytesPerPage'
  | 'jobTimeoutMs'
  | 'requestTimeoutMs'
  | 'promptTokenBudget'
  | 'fullTextMaxBytes'
  | 'maxElementsPerPage'
  | 'maxLinksPerPage'
  | 'maxElementDepth'
  | 'pageCpuBudgetMs'
  | 'renderTimeoutMs'
  | 'maxRenderedPages';

/**
 * Another address of the crawled site: a URL on `host` under `fromPrefix` is the page under `toPrefix` on the
 * crawled origin (e.g. 0atman.com '/' -> '/0atman/' for a production root mirrored under a sub-path).
 */
export interface HostAlias {
  host: string;
  fromPrefix: string;
  toPrefix: string;
}

export interface CrawlResult {
  /** The URL the user gave, normalised. */
  startUrl: string;
  /** The start URL after redirects: its origin + path prefix define the scope. */
  rootUrl: string;
  origin: string;
  /** Path prefix the crawl stayed under, e.g. '/docs/'. */
  basePath: string;
  /** Pages in importance order (rank descending, then BFS order). */
  pages: CrawledPage[];
  skipped: SkippedUrl[];
  /** Limits that were reached (reported, not fatal). */
  limitsHit: LimitName[];
  /** Hosts treated as aliases of the origin (from sitemap/links naming a production host). */
  hostAliases: string[];
  /** The same aliases with their path mapping (a production root mirrored under a sub-path). */
  aliases?: HostAlias[] | undefined;
  robots: { found: boolean; crawlDelayMs?: number | undefined; sitemaps: string[] };
  sitemapUrls: number;
  /** Site name shared by the page titles as a prefix/suffix (` | Site`), when one was found. */
  siteName?: string | undefined;
  /** How the site's Markdown twins are named, when the start page has one ('append' = page.html.md ...). */
  markdownTwinPattern?: 'alternate' | 'append' | 'replace' | 'index-md' | undefined;
  /** Hash over every page's URL and contentHash, sorted: unchanged crawl => unchanged hash. */
  contentHash: string;
  durationMs: number;
  /** Pages that needed JavaScript, how many were rendered, browser requests the guard refused. */
  render?: RenderReport | undefined;
}

/** Token usage from the model API: the contract type of @ltx/contracts. */
export type { TokenUsage };

/** The phases and the progress generate() reports: defined once, in @ltx/contracts (JobPhase, PhaseProgress). */
export type Phase = JobPhase;
export type Progress = PhaseProgress;

export interface GenerateContext {
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  settings?: CoreSettings | undefined;
  onProgress?: ((progress: Progress) => void) | undefined;
  /** For update jobs: the site's last successful llms.txt and the crawl hash it was made from. */
  previous?: { llmsTxt: string; contentHash?: string | null | undefined } | undefined;
  /** The browser for pages that need JavaScript (@ltx/render), when this process has one. */
  renderer?: Renderer | undefined;
}

export interface GenerateRequest {
  url: string;
  kind?: 'new' | 'update';
  options?: JobOptions;
}

export interface GenerateResult {
  llmsTxt: string;
  llmsFullTxt?: string | undefined;
  generator: 'llm' | 'extractive';
  model?: string | undefined;
  usage: TokenUsage;
  /** Page counts; `kinds`: crawled pages per page kind (site understanding), absent for an unchanged update. */
  pages: {
    discovered: number;
    fetched: number;
    inPrompt: number;
    linked: number;
    kinds?: Partial<Record<PageKind, number>> | undefined;
  };
  /** Validation attempts made (1 = first answer valid). */
  attempts: number;
  /** Update job whose crawl hash matched: the previous file was kept, no model call. */
  unchanged: boolean;
  contentHash: string;
  warnings: string[];
  limitsHit: LimitName[];
  skipped: number;
  durationMs: number;
  promptTokens?: number | undefined;
  /** Rendering in this job (absent when no page needed JavaScript and none was rendered). */
  render?: RenderSummary | undefined;
}

/**
 * A job's rendering as its stored result carries it (`jobs.result.render`): pages that needed JavaScript and
 * those rendered, the ones kept as served, browser requests the guard refused and those aborted by rule.
 */
export type RenderSummary = {
  mode: RenderMode;
  available: boolean;
  pagesNeedingJs: number;
  pagesRendered: number;
  /** The first pages that needed JavaScript, and the first of them kept as served (with their count). */
  needed: string[];
  notRendered: string[];
  notRenderedCount: number;
  /** Browser requests refused by the SSRF guard or robots.txt, with the first few. */
  refusedRequests: number;
  refused: { url: string; reason: string }[];
  /** Aborted before the guard: by resource type, to trackers, to third-party hosts (first hosts named). */
  blocked: { byType: number; trackers: number; thirdParty: number; hosts: string[] };
  renderMs: number;
};

/** One message of a chat request (the prompt builds them, the LLM client sends them). */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
