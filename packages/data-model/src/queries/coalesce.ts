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
