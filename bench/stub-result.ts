import type { GenerateResult } from '@ltx/core';
import type { Database } from '@ltx/data-model';
import { createGenerateHandler, startWorker } from '@ltx/queue-worker';

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

/** A worker whose jobs return stubResult at once, listening for new jobs: the queue benchmarks' worker. */
export function startStubWorker(database: Database, concurrency: number) {
  return startWorker(
    database,
    {
      concurrency,
      pollIntervalMs: 1000,
      leaseMs: 30_000,
      shutdownGraceMs: 5000,
      jobTimeoutMs: 60_000,
      listen: true,
    },
    { handler: createGenerateHandler(database, {}, async () => stubResult) },
  );
}
