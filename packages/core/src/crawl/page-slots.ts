/**
 * Back-pressure between fetching and extraction (issue 13 item 3): a process-wide cap on pages whose body has
 * been read but not yet extracted, shared by every crawl (every job) of the process. A page fetch takes a slot
 * once the response's headers are in and before it reads the body (safe-fetch.ts `beforeBody`), and gives it
 * back when the extraction thread has returned the page's record. So however many jobs and requests are in
 * flight, at most `capacity` bodies (and their decoded text, and the copies handed to the pool) wait for the
 * extraction threads at once; the other responses wait unread in their sockets, where the kernel's receive
 * window throttles the server. Requests themselves are not capped: network waits still overlap freely.
 *
 * Waiting for a slot does not count against the request's time limit (the crawler pauses it) and ends at once
 * when the crawl's signal aborts. The counters are what the tests and the benchmarks read.
 */
import { AbortedError, LtxError } from '../errors.js';
import { extractPoolSize } from '../extract/pool.js';

/** Bodies per extraction thread that may wait for it (default capacity = this x the pool's threads). */
export const PAGES_PER_THREAD = 4;

export interface PageSlotStats {
  capacity: number;
  /** Pages holding a slot now (body read, not yet extracted). */
  held: number;
  /** Fetches waiting for a slot now. */
  waiting: number;
  /** The most slots held at once since the process started (or resetPageSlotPeak). */
  peak: number;
  /** Slots handed out in all. */
  acquired: number;
}

interface Waiter {
  grant: () => void;
}

let capacity: number | undefined;
let held = 0;
let peak = 0;
let acquired = 0;
const waiters: Waiter[] = [];

function currentCapacity(): number {
  return capacity ?? PAGES_PER_THREAD * extractPoolSize();
}

/** Gives the next waiter a freed slot while there is room. */
function drain(): void {
  while (waiters.length > 0 && held < currentCapacity()) {
    held += 1;
    acquired += 1;
    peak = Math.max(peak, held);
    waiters.shift()!.grant();
  }
}

/**
 * Sets the cap (pages read but not yet extracted, per process). Undefined restores the default
 * (PAGES_PER_THREAD per extraction thread). Raising it lets waiting fetches go at once.
 */
export function configurePageSlots(pages: number | undefined): void {
  if (pages !== undefined && (!Number.isInteger(pages) || pages < 1))
    throw new LtxError('config_error', `the cap on pages waiting for extraction must be >= 1, not ${pages}`);
  capacity = pages;
  drain();
}

/** The counters now. */
export function pageSlotStats(): PageSlotStats {
  return { capacity: currentCapacity(), held, waiting: waiters.length, peak, acquired };
}

/** Starts the peak over from the slots held now (benchmarks and tests measure one run). */
export function resetPageSlotPeak(): void {
  peak = held;
}

/**
 * Waits for a slot; resolves with its release (idempotent). Rejects with an AbortedError when `signal` aborts
 * first (no slot is then held).
 */
export function acquirePageSlot(signal?: AbortSignal): Promise<() => void> {
  if (signal?.aborted)
    return Promise.reject(new AbortedError('aborted while waiting for an extraction slot'));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held -= 1;
    drain();
  };
  if (waiters.length === 0 && held < currentCapacity()) {
    held += 1;
    acquired += 1;
    peak = Math.max(peak, held);
    return Promise.resolve(release);
  }
  return new Promise((resolve, reject) => {
    const waiter: Waiter = {
      grant: () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      },
    };
    const onAbort = () => {
      const index = waiters.indexOf(waiter);
      if (index >= 0) waiters.splice(index, 1);
      reject(new AbortedError('aborted while waiting for an extraction slot'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    waiters.push(waiter);
  });
}
