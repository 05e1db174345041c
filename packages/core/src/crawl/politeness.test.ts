import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.js';
import { HostPoliteness, sleep } from './politeness.js';

describe('HostPoliteness', () => {
  it('lets requests to a host start one after another, in call order', async () => {
    const polite = new HostPoliteness((host) => (host === 'slow.example' ? 20 : 0));
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) => polite.wait('slow.example').then(() => order.push(name))),
    );
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('starts concurrent requests to one host at least the delay apart (a lower bound)', async () => {
    const polite = new HostPoliteness((host) => (host === 'slow.example' ? 150 : 0));
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () => polite.wait('slow.example').then(() => started.push(Date.now()))),
    );
    expect(started).toHaveLength(4);
    for (let i = 1; i < started.length; i++)
      expect(started[i]! - started[i - 1]!).toBeGreaterThanOrEqual(145);
  });

  it('does not wait when the delay is 0', async () => {
    const polite = new HostPoliteness(() => 0);
    let settled = false;
    const waiting = polite.wait('fast.example').then(() => {
      settled = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(true);
    await waiting;
  });

  it('an aborted wait keeps the queue: the next request still waits the delay after the one before', async () => {
    const polite = new HostPoliteness(() => 150);
    const controller = new AbortController();
    const started: number[] = [];
    const first = polite.wait('slow.example').then(() => started.push(Date.now()));
    const aborted = polite.wait('slow.example', controller.signal);
    const third = polite.wait('slow.example').then(() => started.push(Date.now()));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    await Promise.all([first, third]);
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(145);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
  });
});
