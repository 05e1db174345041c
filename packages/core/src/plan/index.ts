export {
  DEFAULT_MAX_LINKS,
  describePage,
  descriptionContext,
  firstSentence,
  type PlannedLink,
  type PlannedSection,
  type PlanOptions,
  planSite,
  planToDraft,
  relativeSegments,
  type SitePlan,
  siteNameOf,
} from './site-plan.js';
