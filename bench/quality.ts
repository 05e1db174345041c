// Quality report (issue 9, item 6): serves every fixture site of ../shared/fixtures/sites on loopback the way
// GitHub Pages served it, runs ltx's extractive generator on its start URL (default limits) and builds the
// model prompt for the same crawl, then judges the llms.txt with judges independent of @ltx/core (bench/quality/)
// and prints, per site, counts of each defect class, prompt tokens and tokens per represented page.
//   pnpm --filter @ltx/bench run quality [--json] [--examples] [--site NAME]... [--out DIR] [--baseline F.json]
//   pnpm --filter @ltx/bench run quality --dir PATH [--base /x/] [--name NAME] [--production URL] [...]
// --baseline: a file written by an earlier --json run; changed cells show the earlier value (`12 ←30`).
// --dir: judge one built site from a folder outside the fixtures (served under --base, default '/', the way
// GitHub Pages serves it), instead of the fixture sites; --production names the host its links may use.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtractive, type CrawlResult, generateFromCrawl } from '@ltx/core';
import { crawlSite } from '@ltx/core/crawl';
import { buildPrompt, countChatTokens, loadTokenCounter } from '@ltx/core/prompt';
import { SKIP_SHARED_REASON, sharedFixture } from '@ltx/test-kit';
import { type FixtureSite, folderSite, listFixtureSites, serveFixtureSite } from './quality/fixture-sites.js';
import { pageFacts } from './quality/html-facts.js';
import { judgeLlmsTxt, type SiteJudgement } from './quality/judge-site.js';
import { isForeignLanguage, isOtherVersion, junkKind, pathLocale } from './quality/page-judges.js';
import { httpPageReader, type PageReader } from './quality/page-reader.js';
import { mentions, tokensByPage } from './quality/prompt-pages.js';
import { formatExamples, formatTable, LEGEND, type QualityRow } from './quality/report.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const examples = args.includes('--examples');
const only = args.flatMap((arg, i) => (arg === '--site' && args[i + 1] ? [args[i + 1]!] : []));
const flagValue = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const dirSite = flagValue('--dir');
const outAt = args.indexOf('--out');
const outDir = outAt >= 0 ? args[outAt + 1] : undefined;
const baselineAt = args.indexOf('--baseline');
const baseline =
  baselineAt >= 0 && args[baselineAt + 1]
    ? (JSON.parse(readFileSync(args[baselineAt + 1]!, 'utf8')) as { sites: QualityRow[] }).sites
    : undefined;

// Piped into `head`: stop quietly when the reader goes away.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const root = dirSite ? undefined : sharedFixture('sites');
if (!dirSite && !root) {
  console.log(`quality report ${SKIP_SHARED_REASON}`);
  process.exit(0);
}

const settings = { allowPrivateHosts: true };
const count = await loadTokenCounter();

/**
 * Crawled pages the prompt names (by URL or path) that the judges call junk, foreign or another version, and
 * the share of the prompt's tokens on the lines of those pages' blocks.
 */
async function promptJunk(
  crawl: CrawlResult,
  promptText: string,
  read: PageReader,
  judgement: SiteJudgement,
  basePath: string,
): Promise<{ junk: number; foreign: number; otherVersion: number; unwantedTokenShare: number }> {
  const versions = new Set(judgement.currentVersions);
  const start = {
    language: judgement.startLanguage,
    pathLocale: pathLocale(judgement.resolvedStart, basePath),
  };
  const result = { junk: 0, foreign: 0, otherVersion: 0, unwantedTokenShare: 0 };
  const named = crawl.pages.map((page) => page.url).filter((url) => mentions(promptText, url));
  const unwanted = new Set<string>();
  for (const url of named) {
    const fetched = await read(url);
    const facts = fetched.html ? pageFacts(fetched.html, fetched.finalUrl) : undefined;
    if (junkKind(url, facts, basePath)) result.junk += 1;
    else if (isForeignLanguage(url, facts, start, basePath)) result.foreign += 1;
    else if (isOtherVersion(url, versions, basePath)) result.otherVersion += 1;
    else continue;
    unwanted.add(url);
  }
  const { byPage, total } = tokensByPage(promptText, named, count);
  let unwantedTokens = 0;
  for (const [url, tokens] of byPage) if (unwanted.has(url)) unwantedTokens += tokens;
  result.unwantedTokenShare = total > 0 ? unwantedTokens / total : 0;
  return result;
}

async function runSite(site: FixtureSite): Promise<QualityRow> {
  const server = await serveFixtureSite(site);
  try {
    const started = performance.now();
    const crawl = await crawlSite(server.url, {}, { settings });
    const result = await generateFromCrawl(crawl, { generator: 'extractive' }, { settings });
    const prompt = await buildPrompt(crawl, buildExtractive(crawl));
    const promptTokens = countChatTokens(prompt.messages, count);
    const read = httpPageReader();
    const scope = { origin: server.origin, basePath: site.base, production: site.production };
    const judgement = await judgeLlmsTxt(result.llmsTxt, server.url, scope, read);
    const promptText = prompt.messages.map((m) => m.content).join('\n');
    const inPrompt = await promptJunk(crawl, promptText, read, judgement, site.base);
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, `${site.name}.llms.txt`), result.llmsTxt);
      writeFileSync(join(outDir, `${site.name}.prompt.txt`), promptText);
    }
    return {
      site: site.name,
      crawled: crawl.pages.length,
      seconds: (performance.now() - started) / 1000,
      judgement,
      prompt: {
        tokens: promptTokens,
        coreCount: prompt.promptTokens,
        pagesInPrompt: prompt.pagesInPrompt,
        perPage: prompt.pagesInPrompt > 0 ? promptTokens / prompt.pagesInPrompt : undefined,
        junkPages: inPrompt.junk,
        foreignPages: inPrompt.foreign,
        otherVersionPages: inPrompt.otherVersion,
        unwantedTokenShare: inPrompt.unwantedTokenShare,
      },
    };
  } finally {
    await server.close();
  }
}

const sites: FixtureSite[] = dirSite
  ? [folderSite(dirSite, flagValue('--base'), flagValue('--name'), flagValue('--production'))]
  : listFixtureSites(root!).filter((s) => only.length === 0 || only.includes(s.name));
const rows: QualityRow[] = [];
for (const site of sites) {
  try {
    rows.push(await runSite(site));
  } catch (error) {
    rows.push({ site: site.name, error: error instanceof Error ? error.message : String(error) });
  }
}
if (json) process.stdout.write(`${JSON.stringify({ bench: 'quality', sites: rows }, null, 2)}\n`);
else {
  console.log(formatTable(rows, baseline));
  console.log(`\n${LEGEND}`);
  if (examples) console.log(`\n${formatExamples(rows)}`);
}
process.exitCode = rows.some((row) => row.error !== undefined) ? 1 : 0;
