// Prompt size: input tokens per job and pages represented, for every fixture site, against the original
// service's approach measured in the same run (the home page's raw HTML pasted into its prompt template).
// Both are counted with the same tokenizer (gpt-tokenizer, o200k_base, as @ltx/core counts its prompts).
// Answer size: the site's llms.txt (the extractive file, as a model would write it) with absolute URLs
// against the same file linking pages by reference ([Title](p12)), which ltx resolves before validation.
//   pnpm --filter @ltx/bench exec tsx prompt.ts [promptTokenBudget=32000]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtractive } from '@ltx/core';
import { crawlSite } from '@ltx/core/crawl';
import { buildPrompt, countChatTokens, loadTokenCounter } from '@ltx/core/prompt';
import { SKIP_SHARED_REASON, sharedFixture, startStaticSite } from '@ltx/test-kit';
import { report, round } from './stats.js';

const BUDGET = Number(process.argv[2] ?? 32_000);

/**
 * Tokens (o200k_base) of the original service's GENERATE_LLMS_TXT template (malcolmgreaves/llm-web-index,
 * src/core-ltx/src/llms/prompts.rs, HEAD 4700aca) with its ${WEBSITE} placeholder empty: the spec text, the
 * example and the instructions around the pasted HTML. Measured once from the source; the template is constant.
 * Its one-sentence system message is not counted (in the baseline's favour).
 */
const ORIGINAL_TEMPLATE_TOKENS = 832;

function htmlFiles(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) count += htmlFiles(path);
    else if (entry.endsWith('.html')) count += 1;
  }
  return count;
}

const sites = [
  'summit-docs',
  '0atman',
  'weac',
  'bookops-worldcat',
  'typescript-book',
  'shared-utils',
  'hexo-theme-cactus',
  'async-book',
  'Kakunin',
  'diveintohtml5',
].map((name) => ({ name, mount: `/${name}/` }));

const root = sharedFixture('sites');
if (!root) {
  console.log(`prompt benchmark ${SKIP_SHARED_REASON}`);
  process.exit(0);
}

const count = await loadTokenCounter();
for (const { name, mount } of sites) {
  const dir = sharedFixture('sites', name)!;
  const site = await startStaticSite({ root: dir, mount });
  try {
    const crawl = await crawlSite(site.url, {}, { settings: { allowPrivateHosts: true } });
    const started = performance.now();
    const skeleton = buildExtractive(crawl);
    const prompt = await buildPrompt(crawl, skeleton, { promptTokenBudget: BUDGET });
    const buildMs = performance.now() - started;

    // The original approach: the start page's raw HTML inside its prompt template, one user message.
    const homeHtml = await (await fetch(site.url)).text();
    const originalTokens =
      ORIGINAL_TEMPLATE_TOKENS + countChatTokens([{ role: 'user', content: homeHtml }], count);
    const files = htmlFiles(dir);
    // The answer as a model writes it: with the pages' URLs, and with the prompt's page references.
    const refOf = new Map([...prompt.refs].map(([ref, url]) => [url, ref]));
    const withRefs = skeleton.llmsTxt.replace(/\]\(([^)\s]+)\)/g, (whole, url: string) => {
      const ref = refOf.get(url);
      return ref ? `](${ref})` : whole;
    });
    const answerUrlTokens = count(skeleton.llmsTxt);
    const answerRefTokens = count(withRefs);

    report(`prompt: ${name}`, {
      'html files in folder': files,
      'pages crawled': crawl.pages.length,
      'ltx input tokens': prompt.promptTokens,
      'ltx pages represented': prompt.pagesInPrompt,
      'ltx pages with excerpt': prompt.pagesWithExcerpt,
      'ltx represented / crawled': `${prompt.pagesInPrompt}/${crawl.pages.length}`,
      'ltx represented / html files': `${prompt.pagesInPrompt}/${files} (${round((100 * prompt.pagesInPrompt) / files, 1)}%)`,
      'ltx tokens per page represented': round(prompt.promptTokens / Math.max(1, prompt.pagesInPrompt), 1),
      'ltx prompt build ms': round(buildMs, 1),
      'original input tokens (home raw HTML)': originalTokens,
      'original pages represented': 1,
      'original tokens per page represented': originalTokens,
      'ratio tokens ltx/original': round(prompt.promptTokens / originalTokens, 2),
      'ratio pages ltx/original': prompt.pagesInPrompt,
      'ratio tokens-per-page original/ltx': round(
        originalTokens / (prompt.promptTokens / Math.max(1, prompt.pagesInPrompt)),
        1,
      ),
      'pages left out as junk/duplicates': prompt.pagesExcluded,
      'page kinds': JSON.stringify(skeleton.plan.site.counts),
      'answer tokens with URLs': answerUrlTokens,
      'answer tokens with page refs': answerRefTokens,
      'ratio answer tokens refs/URLs': round(answerRefTokens / answerUrlTokens, 2),
      budget: BUDGET,
      'limits hit': prompt.limitsHit.join(',') || 'none',
    });
  } finally {
    await site.close();
  }
}
