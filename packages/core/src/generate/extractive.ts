import { EmptySiteError } from '../errors.js';
import { renderLlmsTxt } from '../llmstxt/render.js';
import { type PlanOptions, planSite, planToDraft, type SitePlan } from '../plan/site-plan.js';
import type { CrawlResult } from '../types.js';

/**
 * The extractive generator: a complete llms.txt from the crawl alone, no model. H1 = site name, `>` summary
 * from the home page, an info line, sections from URL folders in navigation order, secondary pages under
 * `## Optional` (last). It is also the skeleton the model is asked to improve.
 *
 * Links point at the crawled HTML page, not its Markdown twin (`linkMarkdownTwins` switches): the page URL is
 * the one the crawl proved answers 200 and the one people share; an agent finds the twin from the page
 * (`rel=alternate`) or by the `.md` convention. Both are accepted by validation.
 */

export interface ExtractiveResult {
  llmsTxt: string;
  plan: SitePlan;
  /** Links written. */
  linked: number;
}

export function buildExtractive(crawl: CrawlResult, options: PlanOptions = {}): ExtractiveResult {
  const plan = planSite(crawl, options);
  const draft = planToDraft(plan);
  const linked = draft.sections.reduce((sum, section) => sum + section.links.length, 0);
  if (linked === 0) throw new EmptySiteError(`no page of ${crawl.rootUrl} could be listed`);
  return { llmsTxt: renderLlmsTxt(draft), plan, linked };
}
