export { DEFAULT_PAGE_CAPS, type PageCapName, type PageCaps } from './caps.js';
export {
  absoluteLinkUrl,
  type ExtractedPage,
  type ExtractOptions,
  extractPage,
  NAV_SELECTORS,
} from './extract-page.js';
export { buildFullText, type FullTextPage, type FullTextResult } from './full-text.js';
export { fragmentToMarkdown, htmlToMarkdown } from './html-to-markdown.js';
export { CHROME_SELECTORS, MAIN_SELECTORS, selectMainContent } from './main-content.js';
export {
  closeExtractPool,
  configureExtractPool,
  type ExtractRunOptions,
  type ExtractTask,
  extractInPool,
  extractPoolLoad,
  extractPoolSize,
} from './pool.js';
export { type RankInput, rankPages, sortByRank } from './rank.js';
export { blockText, inlineText } from './text.js';
export { detectSiteAffix, finalizeTitles, pickTitle, type SiteAffix, stripSiteAffix } from './titles.js';
