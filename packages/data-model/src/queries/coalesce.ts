import type { Database } from '../database.js';

/**
 * Merges calls made in the same turn of the event loop into one batch: the first call schedules the batch
 * with setImmediate, later calls of that turn join it, and each caller gets its own answer from the batch's
 * result. The queue uses it for state changes of jobs that move together (the jobs of one claim go running in
 * one statement; jobs finishing together are stored in one), so nothing waits for a timer: a lone call runs
 * at the end of the turn it was made in.
 */
export class Coalescer<K, I, O> {
  readonly #pending = new Map<
    K,
    { items: I[]; waiters: { resolve(o: O): void; reject(e: unknown): void }[] }
  >();

  /** `run` executes one batch for `key` and returns one answer per item, in order. */
  constructor(
    private readonly run: (key: K, items: I[]) => Promise<O[]>,
    private readonly maxBatch = 100,
  ) {}

  add(key: K, item: I): Promise<O> {
    let batch = this.#pending.get(key);
    if (!batch || batch.items.length >= this.maxBatch) {
      const fresh = { items: [] as I[], waiters: [] as { resolve(o: O): void; reject(e: unknown): void }[] };
      batch = fresh;
      this.#pending.set(key, fresh);
      setImmediate(() => {
        if (this.#pending.get(key) === fresh) this.#pending.delete(key);
        this.run(key, fresh.items).then(
          (answers) => {
            for (const [i, w] of fresh.waiters.entries()) w.resolve(answers[i] as O);
          },
          (error: unknown) => {
            for (const w of fresh.waiters) w.reject(error);
          },
        );
      });
    }
    const target = batch;
    return new Promise<O>((resolve, reject) => {
      target.items.push(item);
      target.waiters.push({ resolve, reject });
    });
  }
}

/**
 * One coalescer per database for an owner-checked batch statement on jobs: `statement` gets the items' ids
 * ($1), the worker id ($2) and `columns(items)` ($3...), and returns the ids of the rows it changed; each caller
 * learns whether its row was one (false: the worker no longer owns the job).
 */
export function ownedJobBatches<I extends { id: string }>(
  statement: string,
  columns: (items: I[]) => unknown[],
  maxBatch?: number,
): (database: Database) => Coalescer<string, I, boolean> {
  const byDatabase = new WeakMap<Database, Coalescer<string, I, boolean>>();
  return (database) => {
    let batches = byDatabase.get(database);
    if (!batches) {
      batches = new Coalescer(async (worker, items) => {
        const rows = await database.exec<{ id: string }>(statement, [
          items.map((i) => i.id),
          worker,
          ...columns(items),
        ]);
        const done = new Set(rows.map((r) => r.id));
        return items.map((i) => done.has(i.id));
      }, maxBatch);
      byDatabase.set(database, batches);
    }
    return batches;
  };
}
