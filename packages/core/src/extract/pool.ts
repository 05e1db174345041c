/**
 * Where page extraction runs: a worker-thread pool (piscina), so that parsing and extracting a heavy page never
 * blocks the event loop that keeps leases, LISTEN and HTTP answers on time.
 *
 * - One pool per process, shared by every job, created on first use, sized to the cores
 *   (os.availableParallelism()) unless configureExtractPool says otherwise; idle threads are unref'd and end after IDLE_TIMEOUT_MS, and
 *   closeExtractPool() ends them at shutdown.
 * - The interface is narrow on purpose: (html, url, options) -> the plain record extractPage returns, so the
 *   extraction function can change underneath it.
 * - A page gets `budgetMs` of thread time: tasks are handed to the pool only when a thread is free (a gate of
 *   one task per thread in front of it), and the clock starts when the thread reports that it begins the page,
 *   so it runs while the page is worked on, not while it waits or while a new thread loads. A task over its
 *   budget is aborted, which terminates its thread (piscina starts a fresh one), and fails with
 *   PageBudgetError.
 * - The caller's AbortSignal works while waiting for a thread and while running (the thread is terminated).
 *
 * The thread entry is extract-thread.ts, emitted by tsup as dist/extract-thread.js next to dist/index.js
 * (this module is bundled into a file of dist/ too, so the URL below resolves there). When this module runs from
 * source (vitest), the .ts entry is loaded in the thread through tsx.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Piscina } from 'piscina';
import { AbortedError, LtxError, PageBudgetError } from '../errors.js';
import { loadPiscina } from '../lazy-modules.js';
import type { ExtractedPage, ExtractOptions } from './extract-page.js';

/** One page for a thread: what extractPage takes. Plain data (it is copied to the thread). */
export interface ExtractTask {
  html: string;
  url: string;
  options: ExtractOptions;
}

/** What the thread receives: the page, and a port on which it says when it starts on it. */
export interface ThreadTask extends ExtractTask {
  started: MessagePort;
}

export interface ExtractRunOptions {
  /** Thread time this page may take (ms). */
  budgetMs: number;
  signal?: AbortSignal | undefined;
}

/** Idle threads end after this long (a new job starts them again; first use costs a few tens of ms). */
export const IDLE_TIMEOUT_MS = 30_000;
/** Heap cap per thread: a page that needs more fails alone (its thread dies), not the process. */
export const THREAD_HEAP_MB = 1024;
/**
 * Young generation per thread (MB). A thread holds one page at a time, so a large young generation only
 * postpones scavenges: V8's default lets it grow to 48 MB per thread under a stream of pages, which stayed
 * resident. Capped, the 200-page `ltx generate` peak fell by 25-35 MiB (docs/benchmarks.md, memory); a big page
 * still parses, its survivors are promoted to the old generation as usual.
 */
export const THREAD_YOUNG_GENERATION_MB = 8;

interface Pool {
  piscina: Piscina<ThreadTask, ExtractedPage>;
  gate: LimitFunction;
  threads: number;
}

let pool: Pool | undefined;
/** Threads asked for by configureExtractPool (undefined: one per core). */
let configuredThreads: number | undefined;

/**
 * Sets how many threads the pool runs (undefined: one per core, the default). A one-shot command can take one
 * thread: each thread is its own V8 isolate with the parser and converter loaded (~35 MiB of RSS), and the
 * event-loop guarantee the pool gives a worker (leases, /healthz) still holds with one. Takes effect for the
 * pool started next: call it before the first page, or after closeExtractPool().
 */
export function configureExtractPool(options: { threads?: number | undefined }): void {
  const { threads } = options;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1))
    throw new LtxError('config_error', `the extraction pool needs at least one thread, not ${threads}`);
  configuredThreads = threads;
}

function threadEntry(): { filename: string; execArgv: string[] } {
  const built = new URL('./extract-thread.js', import.meta.url);
  if (existsSync(built)) return { filename: fileURLToPath(built), execArgv: [] };
  const source = new URL('./extract-thread.ts', import.meta.url);
  if (existsSync(source)) return { filename: fileURLToPath(source), execArgv: ['--import', 'tsx'] };
  throw new LtxError(
    'internal',
    `the extraction thread entry is missing: neither ${fileURLToPath(built)} nor its source exists (rebuild @ltx/core)`,
  );
}

function getPool(): Pool {
  if (pool) return pool;
  const threads = extractPoolSize();
  const entry = threadEntry();
  const { Piscina: PiscinaPool } = loadPiscina();
  const piscina = new PiscinaPool<ThreadTask, ExtractedPage>({
    filename: entry.filename,
    execArgv: entry.execArgv,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: IDLE_TIMEOUT_MS,
    concurrentTasksPerWorker: 1,
    resourceLimits: {
      maxOldGenerationSizeMb: THREAD_HEAP_MB,
      maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB,
    },
    name: 'default',
  });
  pool = { piscina, gate: pLimit(threads), threads };
  return pool;
}

/** Threads the pool runs at most (the cores, unless configured); it has started none until the first page. */
export function extractPoolSize(): number {
  return pool?.threads ?? configuredThreads ?? Math.max(1, availableParallelism());
}

/** Pages waiting for a free thread, and pages being extracted now (0 when the pool was never used). */
export function extractPoolLoad(): { waiting: number; running: number } {
  if (!pool) return { waiting: 0, running: 0 };
  return { waiting: pool.gate.pendingCount, running: pool.gate.activeCount };
}

function abortReason(signal: AbortSignal): LtxError {
  const reason: unknown = signal.reason;
  if (reason instanceof LtxError) return reason;
  return new AbortedError('extraction aborted by the caller');
}

/**
 * Extracts one page in the pool. Rejects with PageBudgetError when it takes longer than `budgetMs` of thread
 * time, with the caller's abort reason (an AbortedError unless it is an LtxError) when `signal` fires, and with
 * an LtxError 'internal' when the thread fails (a crash or running out of its heap).
 */
export function extractInPool(task: ExtractTask, run: ExtractRunOptions): Promise<ExtractedPage> {
  const { signal, budgetMs } = run;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const { piscina, gate } = getPool();
  const work = gate(async () => {
    if (signal?.aborted) throw abortReason(signal);
    const controller = new AbortController();
    let overBudget = false;
    let timer: NodeJS.Timeout | undefined;
    let started = performance.now();
    // The budget counts from the moment the thread starts on the page (not its start-up or module loading).
    const channel = new MessageChannel();
    channel.port1.once('message', () => {
      started = performance.now();
      timer = setTimeout(() => {
        overBudget = true;
        controller.abort();
      }, budgetMs);
    });
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await piscina.run(
        { ...task, started: channel.port2 },
        { signal: controller.signal, transferList: [channel.port2] },
      );
    } catch (error) {
      if (overBudget) throw new PageBudgetError(task.url, budgetMs, Math.round(performance.now() - started));
      if (signal?.aborted) throw abortReason(signal);
      if (error instanceof LtxError) throw error;
      throw new LtxError(
        'internal',
        `extracting ${task.url} failed in its thread: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
      channel.port1.close();
      signal?.removeEventListener('abort', onAbort);
    }
  });
  if (!signal) return work;
  // Waiting for a thread ends at once when the caller aborts (the queued task then returns without work).
  return new Promise<ExtractedPage>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Ends the pool's threads (pages in flight are aborted) and forgets the pool; the next page starts a new one.
 * Call it at shutdown, after the jobs have stopped. Safe to call when no pool was started.
 */
export async function closeExtractPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  if (!current) return;
  // Pages still waiting at the gate then reach a destroyed pool and reject at once (no promise is left hanging).
  await current.piscina.destroy();
}
