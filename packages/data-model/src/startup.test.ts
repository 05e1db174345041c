import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase, waitFor } from '@ltx/test-kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from './connect.js';
import type { Database } from './database.js';
import { databaseAddress } from './database-errors.js';
import { migrate } from './migrate.js';
import { readJournal, SchemaOutOfDateError, schemaStatus } from './schema-version.js';
import { DatabaseStartupError, ensureSchema, openDatabase, waitForDatabase } from './startup.js';

interface Line {
  level: 'info' | 'warn' | 'debug';
  fields: Record<string, unknown>;
  message: string;
}
function recorder() {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (fields: object, message: string) =>
    lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { lines, logger: { info: at('info'), warn: at('warn'), debug: at('debug') } };
}

/** A port on loopback that nothing listens on (taken from the OS, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connect(testDb.url, { max: 2 });
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe('schema version', () => {
  it('is missing on a fresh database, behind with a pending migration, current after migrate', async () => {
    const journal = readJournal();
    expect(journal.length).toBeGreaterThan(1);
    expect(await schemaStatus(database)).toMatchObject({
      state: 'missing',
      applied: 0,
      expected: journal.length,
    });

    const { lines, logger } = recorder();
    const refused = await ensureSchema(database, testDb.url, { logger, autoMigrate: false }).catch((e) => e);
    expect(refused).toBeInstanceOf(SchemaOutOfDateError);
    expect(refused.message).toContain('pnpm db:migrate');
    expect(refused.message).toContain(databaseAddress(testDb.url));
    expect(refused.message).not.toMatch(/\n/);

    await migrate(testDb.url);
    expect(await schemaStatus(database)).toMatchObject({
      state: 'current',
      applied: journal.length,
      pending: [],
    });

    // The newest migration "not applied yet": what a database migrated by the previous version looks like.
    const last = journal[journal.length - 1]!;
    const behind = await schemaStatus(database, [...journal, { tag: '9999_next', when: last.when + 1000 }]);
    expect(behind).toMatchObject({ state: 'behind', applied: journal.length, pending: ['9999_next'] });
    const ahead = await schemaStatus(database, journal.slice(0, -1));
    expect(ahead.state).toBe('ahead');
    expect(lines).toEqual([]);
  });

  it('migrates itself when asked (LTX_AUTO_MIGRATE)', async () => {
    const other = await createTestDatabase();
    const db = connect(other.url, { max: 1 });
    try {
      const { lines, logger } = recorder();
      const status = await ensureSchema(db, other.url, { logger, autoMigrate: true });
      expect(status.state).toBe('current');
      expect(lines.map((l) => l.message)).toEqual([
        expect.stringContaining('LTX_AUTO_MIGRATE: applying'),
        'migrations applied',
      ]);
      expect(await db.rows(sql`select count(*)::int as n from jobs`)).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
      await other.drop();
    }
  });
});

describe('waitForDatabase', () => {
  it('returns at once when the database answers', async () => {
    const { lines, logger } = recorder();
    await waitForDatabase(database, testDb.url, { logger });
    expect(lines).toEqual([]);
  });

  it('logs one line per distinct error naming host and port, retries with backoff, and stops on abort', async () => {
    const port = await closedPort();
    const url = `postgres://postgres:hunter2-secret@127.0.0.1:${port}/postgres`;
    const down = connect(url, { max: 1, connectTimeout: 2 });
    const { lines, logger } = recorder();
    const controller = new AbortController();
    try {
      const waiting = waitForDatabase(down, url, {
        logger,
        baseDelayMs: 20,
        maxDelayMs: 40,
        signal: controller.signal,
      });
      // Wait for several attempts (the condition, not a time).
      for (let i = 0; i < 500 && lines.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
      controller.abort(new Error('stopping'));
      await expect(waiting).rejects.toThrow('stopping');
    } finally {
      await down.close();
    }
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(
      new RegExp(
        `^cannot reach the database at 127\\.0\\.0\\.1:${port}/postgres: .+ \\(ECONNREFUSED\\); retrying$`,
      ),
    );
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    expect(lines.filter((l) => l.level === 'debug').length).toBeGreaterThanOrEqual(3);
    const delays = lines.map((l) => l.fields.retryInMs);
    expect(delays.slice(0, 3)).toEqual([20, 40, 40]);
  });

  it('does not retry what a retry cannot fix (no such database)', async () => {
    const url = testDb.url.replace(testDb.name, `${testDb.name}_absent`);
    const absent = connect(url, { max: 1 });
    const { lines, logger } = recorder();
    try {
      const error = await waitForDatabase(absent, url, { logger }).catch((e) => e);
      expect(error).toBeInstanceOf(DatabaseStartupError);
      expect(error.message).toBe(
        `cannot use the database at ${databaseAddress(url)}: database "${testDb.name}_absent" does not exist (3D000)`,
      );
      expect(lines).toEqual([]);
    } finally {
      await absent.close();
    }
  });
});

describe('openDatabase', () => {
  it('connects and prepares a migrated database, and hands back a pool that answers', async () => {
    const migrated = await createTestDatabase();
    try {
      await migrate(migrated.url);
      const { logger } = recorder();
      const opened = await openDatabase(
        { DATABASE_URL: migrated.url, LTX_AUTO_MIGRATE: false },
        { logger, max: 1, applicationName: 'ltx-open-test' },
      );
      try {
        const [row] = await opened.rows<{ name: string }>(
          sql`select current_setting('application_name') as name`,
        );
        expect(row?.name).toBe('ltx-open-test');
      } finally {
        await opened.close();
      }
    } finally {
      await migrated.drop();
    }
  });

  it('throws the start-up error of an unmigrated database (and leaves no pool behind)', async () => {
    const bare = await createTestDatabase();
    try {
      const { logger } = recorder();
      const error = await openDatabase(
        { DATABASE_URL: bare.url, LTX_AUTO_MIGRATE: false },
        { logger, max: 1 },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaOutOfDateError);
      await waitFor(
        async () => {
          const [row] = await database.rows<{ n: number }>(
            sql`select count(*)::int as n from pg_stat_activity where datname = ${bare.name}`,
          );
          return row?.n === 0;
        },
        { timeoutMs: 10_000, what: 'no connection left to the unmigrated database' },
      );
    } finally {
      await bare.drop();
    }
  });
});
