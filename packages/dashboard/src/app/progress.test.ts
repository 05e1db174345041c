import { describe, expect, it } from 'vitest';
import type { Job } from './api.js';
import { isExtractive, progressView, STEPS, stepState } from './progress.js';

function job(patch: Partial<Job>): Job {
  return {
    id: 'j',
    url: 'https://a.example/',
    siteKey: null,
    kind: 'new',
    status: 'queued',
    attempts: 0,
    maxAttempts: 5,
    model: null,
    options: {},
    progress: null,
    error: null,
    errorCode: null,
    usage: null,
    cancelRequested: false,
    scheduleId: null,
    owner: null,
    hasLlmsTxt: false,
    hasLlmsFullTxt: false,
    createdAt: '',
    updatedAt: '',
    runAt: '',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    links: { self: '', llmsTxt: '', llmsFullTxt: '' },
    ...patch,
  };
}

describe('progressView', () => {
  it('moves forward through the phases', () => {
    const views = [
      job({ status: 'queued' }),
      job({ status: 'started', attempts: 1 }),
      job({
        status: 'running',
        attempts: 1,
        progress: { phase: 'crawling', pagesFound: 10, pagesFetched: 2 },
      }),
      job({
        status: 'running',
        attempts: 1,
        progress: { phase: 'crawling', pagesFound: 10, pagesFetched: 9 },
      }),
      job({
        status: 'running',
        attempts: 1,
        progress: { phase: 'extracting', pagesFound: 10, pagesFetched: 10 },
      }),
      job({
        status: 'running',
        attempts: 1,
        progress: { phase: 'prompting', pagesFound: 10, pagesFetched: 10, pagesInPrompt: 8 },
      }),
      job({
        status: 'running',
        attempts: 1,
        progress: { phase: 'model', pagesFound: 10, pagesFetched: 10, attempt: 1, maxAttempts: 3 },
      }),
      job({
        status: 'running',
        attempts: 1,
        progress: { phase: 'model', pagesFound: 10, pagesFetched: 10, attempt: 2, maxAttempts: 3 },
      }),
      job({ status: 'running', attempts: 1, progress: { phase: 'validating', attempt: 2, maxAttempts: 3 } }),
      job({ status: 'success', attempts: 1, progress: { phase: 'done' } }),
    ].map(progressView);
    for (let i = 1; i < views.length; i += 1) {
      expect(views[i]!.fraction, `step ${i}`).toBeGreaterThan(views[i - 1]!.fraction);
      expect(views[i]!.stepIndex).toBeGreaterThanOrEqual(views[i - 1]!.stepIndex);
    }
    expect(views[2]!.text).toBe('Crawling: 2 of 10 pages fetched.');
    expect(views[5]!.text).toBe('Building the prompt from 8 pages.');
    expect(views[7]!.text).toBe('Asking the model (attempt 2 of 3).');
    expect(views.at(-1)).toMatchObject({ fraction: 1, stepIndex: STEPS.length - 1 });
  });

  it('reports a waiting retry and a failure at the step where it stopped', () => {
    expect(progressView(job({ status: 'queued', attempts: 2, maxAttempts: 5 })).text).toBe(
      'Waiting to retry (attempt 3 of 5).',
    );
    const failed = job({
      status: 'failure',
      attempts: 1,
      progress: { phase: 'model', attempt: 3, maxAttempts: 3 },
    });
    const view = progressView(failed);
    expect(view.text).toBe('The job failed.');
    expect(stepState(view, view.stepIndex, 'failure')).toBe('failed');
    expect(stepState(view, 0, 'failure')).toBe('done');
    expect(stepState(view, STEPS.length - 1, 'failure')).toBe('todo');
  });

  it('lists the numbers the worker reported', () => {
    const view = progressView(
      job({
        status: 'running',
        progress: {
          phase: 'model',
          pagesFound: 4,
          pagesFetched: 4,
          pagesInPrompt: 3,
          attempt: 1,
          maxAttempts: 3,
        },
      }),
    );
    expect(view.facts).toEqual([
      { label: 'Pages found', value: '4' },
      { label: 'Pages fetched', value: '4' },
      { label: 'Pages in prompt', value: '3' },
      { label: 'Model attempt', value: '1 of 3' },
    ]);
  });
});

describe('an extractive job', () => {
  it('skips Prompt and Model instead of marking them done', () => {
    const prompt = STEPS.findIndex((s) => s.id === 'prompting');
    const model = STEPS.findIndex((s) => s.id === 'model');
    const running = job({
      status: 'running',
      attempts: 1,
      options: { generator: 'extractive' },
      progress: { phase: 'validating' },
    });
    const view = progressView(running);
    const states = STEPS.map((_, i) => stepState(view, i, running.status, isExtractive(running)));
    expect(states[prompt]).toBe('skipped');
    expect(states[model]).toBe('skipped');
    expect(states[STEPS.findIndex((s) => s.id === 'extracting')]).toBe('done');
    const done = job({ status: 'success', result: { generator: 'extractive' } });
    expect(STEPS.map((_, i) => stepState(progressView(done), i, 'success', isExtractive(done)))).toEqual([
      'done',
      'done',
      'done',
      'skipped',
      'skipped',
      'done',
      'done',
    ]);
  });

  it('is known from the result, the options, or the server default, in that order', () => {
    expect(isExtractive(job({ result: { generator: 'llm' }, options: { generator: 'extractive' } }))).toBe(
      false,
    );
    expect(isExtractive(job({ options: { generator: 'extractive' } }), 'llm')).toBe(true);
    expect(isExtractive(job({}), 'extractive')).toBe(true);
    expect(isExtractive(job({}), null)).toBe(false);
    expect(isExtractive(job({ options: { generator: 'llm' } }), 'extractive')).toBe(false);
  });
});
