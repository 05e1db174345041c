import { DEFAULT_MODEL } from '@ltx/core';
import { describe, expect, it } from 'vitest';
import { modelOfJob } from './job-model.js';

describe('modelOfJob', () => {
  it("is the job's own model, else the worker's default; none for an extractive job", () => {
    expect(modelOfJob({ model: 'gpt-5.2', options: {} }, { defaultModel: 'gpt-5-nano' })).toBe('gpt-5.2');
    expect(modelOfJob({ model: null, options: {} }, { defaultModel: 'gpt-5-nano' })).toBe('gpt-5-nano');
    expect(modelOfJob({ model: null, options: {} }, {})).toBe(DEFAULT_MODEL);
    expect(modelOfJob({ model: null, options: { generator: 'extractive' } }, {})).toBeNull();
    expect(modelOfJob({ model: null, options: {} }, { defaultGenerator: 'extractive' })).toBeNull();
  });
});
