/**
 * Per-host politeness: at least `delayMs` between the starts of two requests to the same host (the larger of
 * the job's perHostDelayMs and the robots Crawl-delay). Requests queue per host in call order, and each waits
 * for the previous one's actual start plus the delay (not for a slot reserved in advance: a timer that fires
 * late on a busy event loop would otherwise let the next request follow too closely).
 */
import { setTimeout as wait } from 'node:timers/promises';
import { AbortedError } from '../errors.js';

/** node:timers/promises' timer, rejecting with core's AbortedError when the signal aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new AbortedError();
  if (ms <= 0) return;
  try {
    await wait(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw new AbortedError();
    throw error;
  }
}

export class HostPoliteness {
  /** Per host: resolves with the time the last queued request was let through. */
  private readonly tails = new Map<string, Promise<number>>();
  constructor(private readonly delayFor: (host: string) => number) {}

  /** Waits until a request to `host` may start: `delay` after the previous request to it started. */
  async wait(host: string, signal?: AbortSignal): Promise<void> {
    const delay = this.delayFor(host);
    if (delay <= 0) return;
    const previous = this.tails.get(host);
    let release!: (startedAt: number) => void;
    this.tails.set(host, new Promise<number>((resolve) => (release = resolve)));
    const previousStart = previous ? await previous : Number.NEGATIVE_INFINITY;
    try {
      await sleep(previousStart + delay - Date.now(), signal);
    } catch (error) {
      release(previousStart); // aborted: the next request keeps its distance from the previous one
      throw error;
    }
    release(Date.now());
  }
}
