import { fileURLToPath } from 'node:url';
import { connect, type Database, migrate, sql } from '@ltx/data-model';
import {
  type Child,
  createTestDatabase,
  type FakeOpenAI,
  llmsTxtFromPrompt,
  type StaticSite,
  type StaticSiteOptions,
  spawnNode,
  startFakeOpenAI,
  startStaticSite,
  type TestDatabase,
} from '@ltx/test-kit';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const WORKER_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** The built worker (apps/worker/dist/main.js) as a child process with exactly `env` (plus PATH). */
export function spawnWorker(env: Record<string, string>): Child {
  return spawnNode(WORKER_MAIN, [], env);
}

/** A page of the Acme docs the worker tests crawl: a title, one paragraph and a nav of `links`. */
export function acmePage(title: string, body: string, links: readonly string[]): string {
  return (
    `<!doctype html><html lang="en"><head><title>${title} | Acme Docs</title><meta name="description" content="${title} of the Acme toolkit."></head>` +
    `<body><nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`
  );
}

/** Pages by path, each `[title, body]`, every one with a nav of all the paths. */
export function acmeSite(
  pages: Record<string, readonly [title: string, body: string]>,
): Record<string, string> {
  const nav = Object.keys(pages);
  return Object.fromEntries(
    Object.entries(pages).map(([path, [title, body]]) => [path, acmePage(title, body, nav)]),
  );
}

/** The environment of a worker that may run jobs: a database, the stand-in model, loopback sites allowed. */
export function workerEnv(
  databaseUrl: string,
  llm: FakeOpenAI,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: llm.baseURL,
    LTX_ALLOW_PRIVATE_HOSTS: 'true',
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

/** The worker processes a test file started; killAll() ends them (SIGKILL) and waits for each. */
export class WorkerFleet {
  readonly children: Child[] = [];

  spawn(env: Record<string, string>): Child {
    const child = spawnWorker(env);
    this.children.push(child);
    return child;
  }

  async killAll(): Promise<void> {
    for (const child of this.children.splice(0)) {
      child.proc.kill('SIGKILL');
      await child.exited;
    }
  }
}

export interface WorkerBedOptions {
  /** The site the jobs crawl. */
  site: StaticSiteOptions;
  /** Pool size of the test's own connection. */
  pool: number;
  /** One stand-in model for the whole file, or a fresh one for each test (default). */
  model?: 'per-file' | 'per-test';
  /** Title of the llms.txt the model answers with by default (llmsTxtFromPrompt); none: no default answer. */
  answerTitle?: string;
}

export interface WorkerBed {
  readonly testDb: TestDatabase;
  readonly database: Database;
  readonly site: StaticSite;
  readonly llm: FakeOpenAI;
  readonly fleet: WorkerFleet;
}

/**
 * The set-up every worker e2e file shares, as vitest hooks: a fresh migrated database and a connection to it,
 * the site, the stand-in model (per file or per test), jobs truncated before each test and every worker
 * process killed after it. Call it at the top of the file (or of a describe).
 */
export function useWorkerBed(options: WorkerBedOptions): WorkerBed {
  const perTest = (options.model ?? 'per-test') === 'per-test';
  const fleet = new WorkerFleet();
  let testDb: TestDatabase | undefined;
  let database: Database | undefined;
  let site: StaticSite | undefined;
  let llm: FakeOpenAI | undefined;
  const startModel = async () => {
    llm = await startFakeOpenAI();
    if (options.answerTitle)
      llm.setFallback(llmsTxtFromPrompt({ origin: site!.origin, title: options.answerTitle }));
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrate(testDb.url);
    database = connect(testDb.url, { max: options.pool });
    site = await startStaticSite(options.site);
    if (!perTest) await startModel();
  });
  afterAll(async () => {
    await fleet.killAll();
    if (!perTest) await llm?.close();
    await database?.close();
    await site?.close();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await database!.rows(sql`truncate jobs`);
    if (perTest) await startModel();
  });
  afterEach(async () => {
    await fleet.killAll();
    if (perTest) await llm?.close();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the worker bed's ${what} is set up in beforeAll`);
    return value;
  };
  return {
    get testDb() {
      return ready(testDb, 'database');
    },
    get database() {
      return ready(database, 'connection');
    },
    get site() {
      return ready(site, 'site');
    },
    get llm() {
      return ready(llm, 'model');
    },
    fleet,
  };
}

/** The worker has started listening for new jobs (NOTIFY). */
export const listening = (child: Child) => child.logs().some((l) => l.msg === 'listening for new jobs');

/** The job ids the workers logged as swept from another worker (its lease ran out). */
export const sweptJobIds = (children: readonly Child[]) =>
  children.flatMap((c) =>
    c
      .logs()
      .filter((l) => String(l.msg).startsWith('requeued a job whose worker stopped'))
      .map((l) => String(l.jobId)),
  );
