import { fileURLToPath } from 'node:url';
import { connect, createSchedule, type Database, migrate, sql } from '@ltx/data-model';
import {
  type Child,
  createTestDatabase,
  type StaticSite,
  spawnNode,
  startStaticSite,
  type TestDatabase,
  waitFor,
} from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Two built cron processes on one PostgreSQL, ticking every second: the due schedule gets exactly one job,
// and SIGTERM stops each process cleanly.

const CRON_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

let testDb: TestDatabase;
let database: Database;
let site: StaticSite;
const children: Child[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 2 });
  site = await startStaticSite({
    files: {
      '/docs/': {
        body: '<html><title>Docs</title><main><p>Docs</p></main></html>',
        headers: { etag: '"1"' },
      },
    },
  });
});

afterAll(async () => {
  for (const child of children) await child.stop('SIGKILL');
  await site?.close();
  await database?.close();
  await testDb?.drop();
});

describe('cron process', () => {
  it('exits 1 naming a bad variable', async () => {
    const child = spawnNode(CRON_MAIN, [], { DATABASE_URL: testDb.url, CRON_TICK_MS: 'often' });
    children.push(child);
    expect((await child.exited).code).toBe(1);
    expect(child.output()).toContain('CRON_TICK_MS');
  });

  it('two processes enqueue one job for a due schedule, then stop on SIGTERM', async () => {
    const url = `${site.origin}/docs/`;
    const { schedule } = await createSchedule(database, { url, siteKey: url, intervalSeconds: 3600 });
    const env = {
      DATABASE_URL: testDb.url,
      CRON_TICK_MS: '1000',
      LTX_ALLOW_PRIVATE_HOSTS: 'true',
      LOG_LEVEL: 'debug',
    };
    const crons = [spawnNode(CRON_MAIN, [], env), spawnNode(CRON_MAIN, [], env)];
    children.push(...crons);
    await waitFor(
      async () =>
        (await database.rows(sql`select id from jobs where schedule_id = ${schedule.id}`)).length > 0,
      { timeoutMs: 30_000, intervalMs: 100, what: 'a job from the cron' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${crons.map((c) => c.output()).join('\n---\n')}`);
    });
    // Let both run a few more ticks: still exactly one job (the schedule is not due again for an hour).
    const ticks = (c: Child) => (c.output().match(/"msg":"tick done"/g) ?? []).length;
    const seen = crons.map(ticks);
    await waitFor(() => crons.every((c, i) => ticks(c) >= (seen[i] ?? 0) + 2), {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'two more ticks of each cron',
    });
    const jobs = await database.rows<{ kind: string; status: string }>(
      sql`select kind, status from jobs where schedule_id = ${schedule.id}`,
    );
    expect(jobs).toEqual([{ kind: 'new', status: 'queued' }]);

    for (const cron of crons) expect(await cron.stop('SIGTERM')).toMatchObject({ code: 0, signal: null });
    expect(crons.map((c) => c.output()).join('')).toContain('scheduler stopped');
  }, 60_000);
});
