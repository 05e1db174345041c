import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce.js';

describe('Coalescer', () => {
  it('runs the calls of one turn as one batch per key and answers each caller', async () => {
    const batches: [string, number[]][] = [];
    const c = new Coalescer<string, number, number>(async (key, items) => {
      batches.push([key, [...items]]);
      return items.map((n) => n * 10);
    });
    const answers = await Promise.all([c.add('a', 1), c.add('a', 2), c.add('b', 3), c.add('a', 4)]);
    expect(answers).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([
      ['a', [1, 2, 4]],
      ['b', [3]],
    ]);
    // A later turn is a new batch.
    expect(await c.add('a', 5)).toBe(50);
    expect(batches).toHaveLength(3);
  });

  it('splits at maxBatch and rejects every caller of a failed batch', async () => {
    const sizes: number[] = [];
    const c = new Coalescer<string, number, number>(async (_key, items) => {
      sizes.push(items.length);
      if (items.includes(-1)) throw new Error('batch failed');
      return items;
    }, 2);
    await Promise.all([c.add('k', 1), c.add('k', 2), c.add('k', 3)]);
    expect(sizes).toEqual([2, 1]);
    const failed = [c.add('k', -1), c.add('k', 7)];
    await expect(failed[0]).rejects.toThrow('batch failed');
    await expect(failed[1]).rejects.toThrow('batch failed');
  });
});
