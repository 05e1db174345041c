import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { connectEmbedded } from './embedded.js';
import { migrateEmbedded } from './migrate.js';
import { claim, complete, enqueue, getJob, markRunning } from './queries/jobs.js';

describe('embedded PGlite', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('runs the same migrations and queries, persists to disk and notifies on insert', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ltx-pglite-'));
    dirs.push(dir);
    const first = await connectEmbedded(dir);
    await migrateEmbedded(first.pglite);
    const notified: string[] = [];
    await first.listen('ltx_jobs', (p) => notified.push(p));
    await first.rows(sql`insert into jobs(url) values ('https://embedded.example/')`);
    const [job] = await claim(first, 'w1', 1);
    expect(job?.status).toBe('started');
    expect(await markRunning(first, job!.id, 'w1')).toBe(true);
    expect(await complete(first, job!.id, 'w1', { llmsTxt: '# E\n' })).toBe(true);
    expect(notified.length).toBeGreaterThan(0);
    await first.close();

    const second = await connectEmbedded(dir);
    await migrateEmbedded(second.pglite);
    expect((await getJob(second, job!.id))?.llmsTxt).toBe('# E\n');
    const other = await enqueue(second, { url: 'https://two.example/' });
    expect(other.status).toBe('queued');
    await second.close();
  }, 60_000);
});
