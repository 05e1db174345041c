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
    expect(changeSignalsSchema.parse({ etag: null, contentHash: 'h' })).toEqual({
      etag: null,
      contentHash: 'h',
    });
  });
});
