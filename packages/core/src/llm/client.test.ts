import { type FakeOpenAI, startFakeOpenAI } from '@ltx/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbortedError, ConfigError, LlmError } from '../errors.js';
import { acceptsTemperature, createChatClient } from './client.js';

const MESSAGES = [
  { role: 'system' as const, content: 'You write llms.txt files.' },
  { role: 'user' as const, content: 'Site: https://example.com/' },
];

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.setFallback({ status: 500, body: { error: { message: 'no scripted response left' } } });
});

const client = (settings: Record<string, unknown> = {}) =>
  createChatClient({ apiKey: 'sk-test', baseURL: fake.baseURL, ...settings });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('createChatClient', () => {
  it('sends the messages and the model, returns the text and records usage over calls', async () => {
    fake.enqueue({ content: 'first', usage: { prompt_tokens: 100, completion_tokens: 20 } });
    fake.enqueue({ content: 'second', usage: { prompt_tokens: 50, completion_tokens: 5 } });
    const chat = client({ defaultModel: 'gpt-5-mini' });
    const one = await chat.complete(MESSAGES);
    const two = await chat.complete(MESSAGES, { model: 'gpt-4o-mini' });
    expect(one).toMatchObject({
      content: 'first',
      model: 'gpt-5-mini',
      usage: { promptTokens: 100, completionTokens: 20, totalTokens: 120 },
    });
    expect(two.content).toBe('second');
    expect(chat.usage).toEqual({ promptTokens: 150, completionTokens: 25, totalTokens: 175, calls: 2 });
    expect(fake.requests[0]).toMatchObject({ model: 'gpt-5-mini', messages: MESSAGES });
    // GPT-5 models reject a temperature; other models get a low one. No max_tokens is ever sent.
    expect(fake.requests[0]).not.toHaveProperty('temperature');
    expect(fake.requests[1]).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2 });
    for (const request of fake.requests) expect(request).not.toHaveProperty('max_tokens');
  });

  it('uses DEFAULT_MODEL without settings.defaultModel, and max_completion_tokens only when asked', async () => {
    fake.enqueue({ content: 'ok' });
    await client().complete(MESSAGES, { maxCompletionTokens: 500 });
    expect(fake.requests[0]).toMatchObject({ model: 'gpt-5-mini', max_completion_tokens: 500 });
  });

  it('an empty or unreadable answer comes back as content null or empty, not as an error', async () => {
    fake.enqueue({ raw: '{"not json' }, { raw: 'plain garbage', status: 200 }, { content: '' });
    const chat = client();
    expect((await chat.complete(MESSAGES)).content).toBeNull();
    expect((await chat.complete(MESSAGES)).content).toBeNull();
    expect((await chat.complete(MESSAGES)).content).toBe('');
  });

  it('survives a 429 with a short Retry-After through the SDK retry', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'slow down' } } });
    fake.enqueue({ content: 'after the wait' });
    const result = await client().complete(MESSAGES);
    expect(result.content).toBe('after the wait');
    expect(fake.requests).toHaveLength(2);
  });

  it('a 429 asking for a long wait is not waited out: retryable llm_rate_limited with retryAfterMs, one request', async () => {
    fake.setFallback({
      status: 429,
      headers: { 'retry-after': '120' },
      body: { error: { message: 'rate limited' } },
    });
    const error = await failure(client().complete(MESSAGES));
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({
      code: 'llm_rate_limited',
      retryable: true,
      retryAfterMs: 120_000,
      status: 429,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('a persistent 429 with a short wait: the SDK retries twice, then the error carries retryAfterMs', async () => {
    fake.setFallback({
      status: 429,
      headers: { 'retry-after-ms': '20' },
      body: { error: { message: 'rate limited' } },
    });
    const error = await failure(client().complete(MESSAGES));
    expect(error).toMatchObject({ code: 'llm_rate_limited', retryable: true, retryAfterMs: 20 });
    expect(fake.requests).toHaveLength(3);
  });

  it('an exhausted quota (429 insufficient_quota) is not retryable', async () => {
    fake.setFallback({
      status: 429,
      headers: { 'retry-after': '600' },
      body: { error: { message: 'quota', code: 'insufficient_quota' } },
    });
    expect(await failure(client().complete(MESSAGES))).toMatchObject({
      code: 'llm_rate_limited',
      retryable: false,
    });
  });

  it('5xx -> retryable llm_unavailable after the SDK retries', async () => {
    fake.setFallback({
      status: 503,
      headers: { 'retry-after-ms': '10' },
      body: { error: { message: 'overloaded' } },
    });
    const error = await failure(client().complete(MESSAGES));
    expect(error).toMatchObject({ code: 'llm_unavailable', retryable: true, status: 503 });
    expect(fake.requests).toHaveLength(3);
  });

  it('401/403 -> llm_auth, 400/404/422 -> llm_bad_request, none retryable and none retried', async () => {
    for (const [status, code] of [
      [401, 'llm_auth'],
      [403, 'llm_auth'],
      [400, 'llm_bad_request'],
      [404, 'llm_bad_request'],
      [422, 'llm_bad_request'],
    ] as const) {
      fake.requests.length = 0;
      fake.setFallback({ status, body: { error: { message: `scripted ${status}` } } });
      const error = await failure(client().complete(MESSAGES));
      expect(error, String(status)).toMatchObject({ code, retryable: false, status });
      expect((error as Error).message).toContain(`scripted ${status}`);
      expect(fake.requests).toHaveLength(1);
    }
  });

  it('an unreachable API -> retryable llm_unavailable', async () => {
    const gone = await startFakeOpenAI();
    const baseURL = gone.baseURL;
    await gone.close();
    const error = await failure(
      createChatClient({ apiKey: 'sk-test', baseURL }, { maxRetries: 0 }).complete(MESSAGES),
    );
    expect(error).toMatchObject({ code: 'llm_unavailable', retryable: true });
  });

  it('the AbortSignal cancels a call in flight -> AbortedError', async () => {
    fake.enqueue({ content: 'too late', delayMs: 5_000 });
    const controller = new AbortController();
    const pending = client().complete(MESSAGES, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toBeInstanceOf(AbortedError);
  });

  it('refuses to start without an API key', () => {
    expect(() => createChatClient({ baseURL: fake.baseURL })).toThrow(ConfigError);
  });
});

describe('acceptsTemperature', () => {
  it('knows which models take a temperature', () => {
    expect(acceptsTemperature('gpt-5-mini')).toBe(false);
    expect(acceptsTemperature('gpt-5.2')).toBe(false);
    expect(acceptsTemperature('o3-mini')).toBe(false);
    expect(acceptsTemperature('gpt-4o-mini')).toBe(true);
    expect(acceptsTemperature('llama3.1:8b')).toBe(true);
  });
});
