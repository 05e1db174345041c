export { buildExtractive, type ExtractiveResult } from './extractive.js';
export { allowedUrlsOf, type GenerateOptions, generate, generateFromCrawl } from './generate.js';
export {
  findHome,
  firstSentence,
  humanize,
  type PlannedLink,
  type PlannedSection,
  type PlanOptions,
  planSite,
  planToDraft,
  relativeSegments,
  type SitePlan,
  siteNameOf,
} from './site-plan.js';
