import { SKIP_SHARED_REASON, sharedFixture, startStaticSite } from '@ltx/test-kit';
import { describe, expect, it } from 'vitest';
import { crawlSite } from '../crawl/crawler.js';
import { buildExtractive } from '../generate/extractive.js';
import { validateLlmsTxt } from '../llmstxt/validate.js';
import { buildPrompt } from '../prompt/build-prompt.js';
import { isBoilerplate } from './prose.js';

/**
 * The extractive llms.txt of every shared fixture site, read as its maintainer would: a real summary, described
 * links, no junk pages, one language, the current version, the site's own order. `described` is the share of
 * main-section links (home excepted) with a description: at least 90% on every site (issue 9).
 */
const SITES: { name: string; described: number }[] = [
  '0atman',
  'summit-docs',
  'weac',
  'bookops-worldcat',
  'typescript-book',
  'shared-utils',
  'hexo-theme-cactus', // four copies of one demo blog: one copy kept, the others listed once (variants)
  'async-book',
  'Kakunin',
  'diveintohtml5',
].map((name) => ({ name, described: 0.9 }));
const JUNK_PATH =
  /\/(genindex|py-modindex|search)\.html|\/_modules\/|\/_sources\/|\/(tags|categories|archives)\/|\/page\/\d+\/|\/404(\.html)?$/;

const root = sharedFixture('sites');
describe.skipIf(!root)(`extractive llms.txt on the fixture sites ${root ? '' : SKIP_SHARED_REASON}`, () => {
  for (const { name, described } of SITES) {
    it(`${name}: real summary, described links, no junk, one language, current version`, async () => {
      const site = await startStaticSite({ root: sharedFixture('sites', name)!, mount: `/${name}/` });
      try {
        const crawl = await crawlSite(site.url, {}, { settings: { allowPrivateHosts: true } });
        const { llmsTxt, plan } = buildExtractive(crawl);
        const parsed = validateLlmsTxt(llmsTxt).parsed!;
        expect(plan.summary).toMatch(/[.!?]$/);
        expect(plan.summary).not.toMatch(/…$/);
        expect(isBoilerplate(plan.summary)).toBe(false);
        const links = parsed.sections.flatMap((section) => section.links);
        for (const link of links) expect(new URL(link.url).pathname).not.toMatch(JUNK_PATH);
        for (const section of parsed.sections) expect(section.name).not.toMatch(/^[\d. ]+$|^(ja|zh.*|es)$/i);
        const main = parsed.sections
          .filter((section) => section.name !== 'Optional')
          .flatMap((section) => section.links)
          .filter((link) => link.url !== plan.home?.url);
        const withDescription = main.filter((link) => (link.desc ?? '').trim() !== '');
        expect(withDescription.length / Math.max(1, main.length)).toBeGreaterThanOrEqual(described);
        for (const link of withDescription) {
          expect(link.desc).not.toMatch(/<[a-z][^>]*>|&[a-z]+;|\[source\]|¶/i);
          expect(link.desc).toMatch(/[.!?…)"'”’]$/);
        }
        // Titles are unique within the file.
        const titles = links.map((link) => link.title.toLowerCase());
        expect(new Set(titles).size).toBe(titles.length);
        // The prompt carries no junk page and at most half the tokens per page of the previous build
        // (87..168 tokens per represented page on these sites against 175..589 before, docs/benchmarks.md).
        const prompt = await buildPrompt(crawl, { plan });
        const user = prompt.messages[1]!.content;
        for (const url of prompt.refs.values()) expect(new URL(url).pathname).not.toMatch(JUNK_PATH);
        expect(user).not.toMatch(/<(html|div|body|script)\b/i);
        expect(prompt.promptTokens / prompt.pagesInPrompt).toBeLessThan(300);

        const paths = links.map((link) => new URL(link.url).pathname);
        if (name === 'bookops-worldcat') {
          // The root is a meta refresh (inside <noscript>) to 1.2/: followed, the stub is not listed.
          expect(crawl.rootUrl).toBe(`${site.origin}/bookops-worldcat/1.2/`);
          expect(links.map((link) => link.title)).not.toContain('Redirecting');
          expect(paths.every((path) => path.startsWith('/bookops-worldcat/1.2/'))).toBe(true);
        }
        if (name === 'Kakunin') {
          for (const path of paths) expect(path).not.toMatch(/\/docs\/(next|2\.5\.0|2\.4\.0)\//);
          expect(parsed.sections.map((section) => section.name)).toEqual([
            'Documentation',
            'Built in mechanisms',
            'Features',
            'Steps',
          ]);
        }
        if (name === '0atman') {
          // Drafts no published page links to are unpublished: not listed at all, nor shown to the model.
          expect(links.filter((link) => link.url.includes('/drafts/'))).toEqual([]);
          expect(plan.site.counts['unlinked-draft']).toBeGreaterThan(0);
        }
        if (name === 'typescript-book') {
          for (const path of paths) expect(path).not.toMatch(/\/zh-cn\//);
          // By option (job option languageNote), the info paragraph names the other languages (hreflang).
          expect(plan.info).not.toContain('zh-cn');
          expect(buildExtractive(crawl, { noteLanguages: true }).plan.info).toMatch(
            /also available in .*zh-cn/,
          );
        }
        if (name === 'hexo-theme-cactus') {
          // Four copies of one demo blog: the one the landing page links first is listed, the others once.
          const main = parsed.sections.filter((s) => s.name !== 'Optional').flatMap((s) => s.links);
          expect(new Set(main.map((link) => new URL(link.url).pathname.split('/')[2]))).toEqual(
            new Set(['cactus-dark']),
          );
          expect(plan.site.counts.variant).toBe(3);
        }
        if (name === 'weac') expect(plan.site.counts['source-listing']).toBeGreaterThanOrEqual(20);
        if (name === 'async-book') {
          // The book's own reading order (rel=next chain), not URL order.
          const at = (path: string) => paths.indexOf(`/async-book/${path}`);
          expect(at('part-guide/intro.html')).toBeLessThan(at('part-guide/concurrency.html'));
          expect(at('part-guide/concurrency.html')).toBeLessThan(at('part-guide/async-await.html'));
          expect(at('02_execution/01_chapter.html')).toBeLessThan(at('02_execution/02_future.html'));
        }
      } finally {
        await site.close();
      }
    });
  }
});
