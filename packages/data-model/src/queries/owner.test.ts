import { createTestDatabase, type TestDatabase } from '@ltx/test-kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../connect.js';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { complete, enqueue, enqueueUnlessActive, getJob, latestSuccess, listJobs } from './jobs.js';
import { createSchedule, listSchedules } from './schedules.js';

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 4 });
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
});

describe('job ownership (API key names)', () => {
  it('a plain insert has no owner; lists scoped to an owner show only its jobs', async () => {
    await database.db.execute(sql`insert into jobs(url) values ('https://plain.example/')`);
    const a = await enqueue(database, {
      url: 'https://a.example/',
      siteKey: 'https://a.example/',
      owner: 'alice',
    });
    const b = await enqueue(database, {
      url: 'https://b.example/',
      siteKey: 'https://b.example/',
      owner: 'bob',
    });
    const all = (await listJobs(database)).jobs;
    expect(all.map((job) => job.owner).sort()).toEqual(['alice', 'bob', null]);
    expect((await listJobs(database, { owner: 'alice' })).jobs.map((job) => job.id)).toEqual([a.id]);
    expect((await listJobs(database, { owner: 'bob' })).jobs.map((job) => job.id)).toEqual([b.id]);
    expect((await listJobs(database, { owner: 'carol' })).jobs).toEqual([]);
  });

  it('dedupe and latest result are per owner when scoped, global otherwise', async () => {
    const site = 'https://shared.example/';
    const first = await enqueueUnlessActive(database, { url: site, siteKey: site, owner: 'alice' }, 'alice');
    const again = await enqueueUnlessActive(database, { url: site, siteKey: site, owner: 'alice' }, 'alice');
    expect(again).toEqual({ job: first.job, created: false });
    const other = await enqueueUnlessActive(database, { url: site, siteKey: site, owner: 'bob' }, 'bob');
    expect(other.created).toBe(true);
    const admin = await enqueueUnlessActive(database, { url: site, siteKey: site, owner: 'root' });
    expect(admin.created).toBe(false);

    await database.db.execute(
      sql`update jobs set status = 'running', locked_by = 'w' where id = ${other.job.id}`,
    );
    await complete(database, other.job.id, 'w', { llmsTxt: '# B\n' });
    expect((await latestSuccess(database, site, 'bob'))?.id).toBe(other.job.id);
    expect(await latestSuccess(database, site, 'alice')).toBeUndefined();
    expect((await latestSuccess(database, site))?.id).toBe(other.job.id);
  });

  it("a schedule's jobs inherit its owner, whoever inserts them (trigger)", async () => {
    const { schedule } = await createSchedule(database, {
      url: 'https://sched.example/',
      siteKey: 'https://sched.example/',
      intervalSeconds: 3600,
      owner: 'alice',
    });
    const job = await enqueue(database, {
      url: schedule.url,
      siteKey: schedule.siteKey,
      scheduleId: schedule.id,
    });
    expect((await getJob(database, job.id))?.owner).toBe('alice');
    await database.db.execute(
      sql`insert into jobs(url, schedule_id, owner) values (${schedule.url}, ${schedule.id}, 'bob')`,
    );
    const owners = (await listJobs(database, { url: schedule.url })).jobs.map((row) => row.owner).sort();
    expect(owners).toEqual(['alice', 'bob']);
    expect((await listSchedules(database, { owner: 'alice' })).map((row) => row.id)).toEqual([schedule.id]);
    expect(await listSchedules(database, { owner: 'bob' })).toEqual([]);
  });
});
