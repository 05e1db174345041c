import type { GenerateResult } from '@ltx/core';

/** What a stubbed generation returns in the queue benchmarks: the queue is measured, not the crawl or the model. */
export const stubResult: GenerateResult = {
  llmsTxt: '# Stub\n\n> Stubbed generation.\n\n## Docs\n\n- [Home](https://example.com/)\n',
  generator: 'extractive',
  usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 },
  pages: { discovered: 1, fetched: 1, inPrompt: 1, linked: 1 },
  attempts: 1,
  unchanged: false,
  contentHash: 'stub',
  warnings: [],
  limitsHit: [],
  skipped: 0,
  durationMs: 0,
};
