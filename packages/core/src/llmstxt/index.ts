export { normalizeLlmsTxt } from './normalize.js';
export {
  type LlmsTxtDocument,
  type LlmsTxtLink,
  type LlmsTxtSection,
  type ParseProblem,
  type ParseResult,
  parseLlmsTxt,
} from './parse.js';
export {
  clip,
  type LlmsTxtDraft,
  type LlmsTxtDraftLink,
  type LlmsTxtDraftSection,
  linkName,
  oneLine,
  renderLlmsTxt,
} from './render.js';
export { exactKey, linkSafeUrl, looseKey } from './url-key.js';
export {
  formatIssue,
  type Issue,
  type ValidateOptions,
  type ValidationResult,
  validateLlmsTxt,
} from './validate.js';
