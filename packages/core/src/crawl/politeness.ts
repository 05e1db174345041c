/**
 * Per-host politeness: at least `delayMs` between the starts of two requests to the same host (the larger of
 * the job's perHostDelayMs and the robots Crawl-delay). Slots are reserved in call order, so concurrent
 * workers queue up behind each other instead of bursting.
 */
import { AbortedError } from '../errors.js';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(new AbortedError()) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class HostPoliteness {
  private readonly next = new Map<string, number>();
  constructor(private readonly delayFor: (host: string) => number) {}

  /** Waits until a request to `host` may start, reserving the slot. */
  async wait(host: string, signal?: AbortSignal): Promise<void> {
    const delay = this.delayFor(host);
    if (delay <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, start + delay);
    await sleep(start - now, signal);
  }
}
