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
} from '../plan/site-plan.js';
export { buildExtractive, type ExtractiveResult } from './extractive.js';
export { allowedUrlsOf, type GenerateOptions, generate, generateFromCrawl } from './generate.js';
