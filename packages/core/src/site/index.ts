export { buildNavModel, type NavModel, type NavNode, renderNavTree } from './nav-model.js';
export {
  type NeedsJsInput,
  needsJavaScript,
  SHELL_TEXT_CHARS,
  type ShellSignal,
  shellSignals,
} from './needs-js.js';
export {
  classifyPage,
  JUNK_KINDS,
  type KindContext,
  kindCounts,
  PAGE_KINDS,
  type PageKind,
  SECONDARY_KINDS,
} from './page-kinds.js';
export {
  asSentence,
  cleanProse,
  decodeEntities,
  firstSentenceOf,
  isBoilerplate,
  isCompleteSentence,
} from './prose.js';
export { findHome, type SiteModel, understandSite } from './understand.js';
export {
  crawlDeferral,
  normalizeLang,
  pathLanguage,
  pathVersion,
  primaryLang,
  versionKey,
} from './url-signals.js';
