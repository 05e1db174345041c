import { readFileSync } from 'node:fs';
import { SKIP_SHARED_REASON, sharedFixture } from '@ltx/test-kit';
import { describe, expect, it } from 'vitest';
import { listFixtureSites, serveFixtureSite } from './fixture-sites.js';
import { judgeLlmsTxt } from './judge-site.js';
import { httpPageReader } from './page-reader.js';

const sites = sharedFixture('sites');
const shipped = sharedFixture('llms-txt', 'typescript-book.llms.txt');

describe.skipIf(!sites || !shipped)(
  `the judges on the llms.txt typescript-book ships, against its served site ${sites && shipped ? '' : SKIP_SHARED_REASON}`,
  () => {
    it('reads its Markdown-twin links as the pages they stand for and finds no junk, foreign page or old version', async () => {
      const site = listFixtureSites(sites!).find((s) => s.name === 'typescript-book')!;
      const server = await serveFixtureSite(site);
      try {
        const text = readFileSync(shipped!, 'utf8').replaceAll(site.production!, server.url);
        const scope = { origin: server.origin, basePath: site.base, production: site.production };
        const judgement = await judgeLlmsTxt(text, server.url, scope, httpPageReader());
        expect(judgement.links.total).toBeGreaterThan(50);
        expect(judgement.unreadable).toBe(0);
        expect(judgement.summary.text).toBe('The Concise TypeScript Book');
        expect(judgement.junk.count).toBe(0);
        expect(judgement.foreign.count).toBe(0);
        expect(judgement.oldVersions.count).toBe(0);
        expect(judgement.badSections.count).toBe(0);
        expect(judgement.duplicates.count).toBe(0);
        // Its links are in alphabetical order, not the sidebar's: the nav order judge sees it.
        expect(judgement.nav?.source).toBe('common nav');
        expect(judgement.nav!.outOfOrder).toBeGreaterThan(10);
      } finally {
        await server.close();
      }
    });
  },
);
