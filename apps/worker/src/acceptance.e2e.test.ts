import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateLlmsTxt } from '@ltx/core';
import { getJob, sql } from '@ltx/data-model';
import { llmsTxtFromPrompt, SKIP_SHARED_REASON, sharedFixture, waitFor } from '@ltx/test-kit';
import { describe, expect, it } from 'vitest';
import { useWorkerBed, workerEnv } from '../test/worker-support.js';

// Issue 3's acceptance run, end to end through a real worker process: a real ~50-page site (the Zola blog
// in ../shared/fixtures/sites/0atman, whose sitemap and links name https://0atman.com/) served on loopback
// under a sub-path, with a robots.txt that disallows one path; a model that first answers with something that
// is not an llms.txt, then rate-limits with a 429, then answers properly.

const root = sharedFixture('sites', '0atman');
if (!root) console.warn(`acceptance (0atman): ${SKIP_SHARED_REASON}`);

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

describe.skipIf(!root)('acceptance: a real blog under a sub-path, a bad first answer and a 429', () => {
  const bed = useWorkerBed({
    site: {
      root: root!,
      mount: '/0atman/',
      files: { '/robots.txt': 'User-agent: *\nDisallow: /0atman/about/\n' },
    },
    pool: 3,
    model: 'per-file',
  });

  it('ends success with a valid llms.txt built from >= 80% of the pages in <= 40k tokens, never fetching the disallowed path', async () => {
    bed.llm.enqueue(
      {
        content: "I'm sorry, but I can't browse the web. Here is a summary: it is a blog about programming.",
      },
      {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { message: 'Rate limit reached', type: 'requests' } },
      },
    );
    bed.llm.setFallback(llmsTxtFromPrompt({ origin: bed.site.origin, title: '0atman' }));
    bed.fleet.spawn(workerEnv(bed.testDb.url, bed.llm, { LOG_LEVEL: 'info' }));
    const [job] = await bed.database.rows<{ id: string }>(
      sql`insert into jobs(url) values (${`${bed.site.url}`}) returning id`,
    );
    await waitFor(
      async () => ['success', 'failure'].includes((await getJob(bed.database, job!.id))?.status ?? ''),
      {
        timeoutMs: 120_000,
        intervalMs: 250,
        what: 'the job to finish',
      },
    );
    const done = await getJob(bed.database, job!.id);
    expect(done?.error ?? null).toBeNull();
    expect(done?.status).toBe('success');

    // Both faults were survived inside one attempt: the garbage answer went back with its errors, the 429
    // was retried by the SDK after its Retry-After.
    expect(done?.attempts).toBe(1);
    expect(bed.llm.requests.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(bed.llm.requests[1]?.messages)).toContain('line');

    // The prompt represents >= 80% of the site's published HTML pages in <= 40k tokens: 404.html is not a
    // page, and the drafts under articles/drafts/ (linked from no published page) are unpublished writing,
    // left out of the file and the prompt by design (issue 9).
    const sitePages = htmlFiles(root!).filter(
      (p) => !p.endsWith('404.html') && !p.includes('/drafts/'),
    ).length;
    const result = done?.result as { pages: { inPrompt: number; fetched: number }; promptTokens: number };
    expect(result.pages.inPrompt / sitePages).toBeGreaterThanOrEqual(0.8);
    expect(result.promptTokens).toBeLessThanOrEqual(40_000);
    for (const request of bed.llm.requests) expect(JSON.stringify(request.messages)).not.toContain('<html');

    // robots.txt was honoured: nothing under the disallowed path was ever requested.
    expect(bed.site.requests.filter((path) => path.startsWith('/0atman/about'))).toEqual([]);

    // The stored file is a valid llms.txt and every link in it answers 200 on the loopback site.
    const verdict = validateLlmsTxt(done!.llmsTxt!);
    expect(verdict.errors).toEqual([]);
    const links = [...done!.llmsTxt!.matchAll(/\]\((http[^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(Math.floor(sitePages * 0.8));
    for (const link of links) {
      expect(link.startsWith(`${bed.site.origin}/0atman/`), link).toBe(true);
      expect((await fetch(link)).status, link).toBe(200);
    }
  }, 150_000);
});
