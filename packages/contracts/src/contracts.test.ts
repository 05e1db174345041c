import { describe, expect, it } from 'vitest';
import { changeSignalsSchema, jobProgressSchema, jobResultSchema, tokenUsageSchema } from './index.js';

describe('contract schemas', () => {
  it('keep progress open to keys a newer worker adds, and refuse a progress without its phase', () => {
    expect(jobProgressSchema.parse({ phase: 'model', attempt: 2, extra: 'x' })).toEqual({
      phase: 'model',
      attempt: 2,
      extra: 'x',
    });
    expect(jobProgressSchema.safeParse({ pagesFound: 3 }).success).toBe(false);
  });

  it('require whole-number token counts', () => {
    expect(
      tokenUsageSchema.safeParse({ promptTokens: 1, completionTokens: 2, totalTokens: 3, calls: 1 }).success,
    ).toBe(true);
    expect(
      tokenUsageSchema.safeParse({ promptTokens: 1.5, completionTokens: 2, totalTokens: 3, calls: 1 })
        .success,
    ).toBe(false);
    expect(tokenUsageSchema.safeParse({ promptTokens: 1 }).success).toBe(false);
  });

  it('accept a stored result with only some fields, and change signals that are null', () => {
    expect(jobResultSchema.parse({ generator: 'llm', warnings: [] })).toEqual({
      generator: 'llm',
      warnings: [],
    });
    expect(jobResultSchema.safeParse({ warnings: 'no' }).success).toBe(false);
    // The render summary: counts and the first pages and requests by name; older rows have none.
    const render = {
      mode: 'auto',
      pagesNeedingJs: 3,
      pagesRendered: 3,
      refusedRequests: 1,
      refused: [{ url: 'http://127.0.0.1:9/secret', reason: 'blocked' }],
      blocked: { byType: 2, trackers: 1, thirdParty: 0, hosts: ['www.google-analytics.com'] },
    };
    expect(jobResultSchema.parse({ render }).render).toEqual(render);
    expect(jobResultSchema.safeParse({ render: { pagesRendered: 'three' } }).success).toBe(false);
    expect(changeSignalsSchema.parse({ etag: null, contentHash: 'h' })).toEqual({
      etag: null,
      contentHash: 'h',
    });
  });
});
