import { PassThrough } from 'node:stream';
import type { Progress } from '@ltx/core';
import { describe, expect, it } from 'vitest';
import { optionsFromFlags } from './commands/generate.js';
import { readCliEnv } from './env.js';
import { describeProgress, progressFraction, progressReporter } from './progress.js';

const steps: Progress[] = [
  { phase: 'crawling', pagesFound: 0, pagesFetched: 0 },
  { phase: 'crawling', pagesFound: 10, pagesFetched: 3 },
  { phase: 'crawling', pagesFound: 10, pagesFetched: 10 },
  { phase: 'extracting', pagesFound: 10, pagesFetched: 10 },
  { phase: 'prompting', pagesFound: 10, pagesFetched: 10, pagesInPrompt: 8 },
  { phase: 'model', pagesFound: 10, pagesFetched: 10, attempt: 1, maxAttempts: 3 },
  { phase: 'validating', pagesFound: 10, pagesFetched: 10, attempt: 1, maxAttempts: 3 },
  { phase: 'model', pagesFound: 10, pagesFetched: 10, attempt: 2, maxAttempts: 3 },
  { phase: 'done', pagesFound: 10, pagesFetched: 10 },
];

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 100;
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('progress', () => {
  it('only moves forward through a run', () => {
    const fractions = steps.map(progressFraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
  });

  it('describes pages and attempts', () => {
    expect(describeProgress(steps[1]!)).toBe('crawling, 3/10 pages');
    expect(describeProgress(steps[7]!)).toBe('asking the model, 10/10 pages, attempt 2/3');
  });

  it('draws a bar in place on a terminal and plain lines elsewhere', async () => {
    const tty = capture(true);
    const bar = progressReporter({ quiet: false, stream: tty.stream });
    bar.update(steps[5]!);
    bar.finish();
    const CLEAR = '\r\x1b[2K';
    expect(tty.text().startsWith(`${CLEAR}[`)).toBe(true);
    expect(tty.text().slice(CLEAR.length)).toMatch(/^\[#+\.+\] asking the model/);
    expect(tty.text().endsWith('\r\x1b[2K')).toBe(true);

    const pipe = capture(false);
    const lines = progressReporter({ quiet: false, stream: pipe.stream });
    for (const step of steps) lines.update(step);
    expect(pipe.text().split('\n').filter(Boolean)).toEqual([
      'ltx: crawling',
      'ltx: extracting, 10/10 pages',
      'ltx: building the prompt, 10/10 pages, 8 in the prompt',
      'ltx: asking the model, 10/10 pages, attempt 1/3',
      'ltx: validating, 10/10 pages, attempt 1/3',
      'ltx: asking the model, 10/10 pages, attempt 2/3',
      'ltx: done, 10/10 pages',
    ]);
    const quiet = capture(false);
    progressReporter({ quiet: true, stream: quiet.stream }).update(steps[1]!);
    expect(quiet.text()).toBe('');
  });
});

describe('flags and environment', () => {
  it('turns flags into checked job options', () => {
    expect(optionsFromFlags({ offline: true, maxPages: '5', full: true })).toEqual({
      generator: 'extractive',
      maxPages: 5,
      full: true,
    });
    expect(() => optionsFromFlags({ maxPages: 'many' })).toThrow(/--max-pages/);
    expect(() => optionsFromFlags({ maxDepth: '99' })).toThrow(/--max-depth/);
  });

  it('reads the environment once with defaults and names bad variables', () => {
    const parsed = readCliEnv({});
    expect('env' in parsed && parsed.env).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      LTX_DATA_DIR: './.ltx',
      LTX_GENERATOR: 'llm',
    });
    const bad = readCliEnv({ WORKER_CONCURRENCY: '0', DATABASE_URL: 'nope' });
    expect('errors' in bad && bad.errors.join()).toMatch(
      /WORKER_CONCURRENCY.*DATABASE_URL|DATABASE_URL.*WORKER_CONCURRENCY/,
    );
  });
});
