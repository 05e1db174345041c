import { createTestDatabase, type TestDatabase } from '@ltx/test-kit';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../migrate.js';

// The claim's plan on a table whose statistics say nothing yet (never analyzed, as after a burst of inserts
// into a fresh table): it must read jobs_claim_idx in claim order and stop at the first unlocked row, not
// sort every queued row. Never analyzed, 4,000-7,000 queued rows are estimated at 2-3 and PostgreSQL 15 then
// chose a bitmap scan of all of them and a sort (2.5 ms a claim at 5,000 instead of 0.17). auto_explain (a contrib module shipped with PostgreSQL) reports the plan of the
// statement inside ltx_claim_jobs as a notice to this session.

let testDb: TestDatabase;
let client: postgres.Sql;
const notices: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  client = postgres(testDb.url, { max: 1, onnotice: (notice) => notices.push(String(notice.message)) });
});

afterAll(async () => {
  await client.end();
  await testDb.drop();
});

it('claims in index order without sorting the queue, whatever the statistics say', async () => {
  await client`insert into jobs(url) select 'https://plan' || g || '.example/' from generate_series(1, 5000) g`;
  const [stats] = await client<{ analyzed: boolean }[]>`
    select last_analyze is not null or last_autoanalyze is not null as analyzed
    from pg_stat_user_tables where relname = 'jobs'`;
  expect(stats?.analyzed).toBe(false);
  await client`load 'auto_explain'`;
  await client`set auto_explain.log_min_duration = 0`;
  await client`set auto_explain.log_nested_statements = on`;
  await client`set auto_explain.log_level = notice`;
  // One insert: every row has the same run_at, so claim order is by id.
  const [first] = await client<
    { id: string }[]
  >`select id from jobs order by priority desc, run_at, id limit 1`;
  const claimed = await client<{ id: string; status: string }[]>`select * from ltx_claim_jobs('w1', 1)`;
  expect(claimed).toEqual([expect.objectContaining({ id: first?.id, status: 'started' })]);
  const plan = notices.find(
    (n) => n.includes('FOR UPDATE SKIP LOCKED') || n.includes('for update skip locked'),
  );
  expect(plan, `no plan of the claim among: ${notices.join('\n')}`).toBeDefined();
  expect(plan).toContain('Index Scan using jobs_claim_idx');
  expect(plan).not.toMatch(/\bSort\b/);
});
