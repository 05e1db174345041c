import { ConfigError, LlmError, LtxError, ValidationFailedError } from '@ltx/core';
import { describe, expect, it } from 'vitest';
import { decideSettlement } from './settle-decision.js';

const policy = { retryBaseMs: 1000, retryMaxMs: 60_000, random: () => 0.5 };

describe('decideSettlement', () => {
  it('fails a permanent error at once, whatever the attempt', () => {
    const thrown = new ValidationFailedError('not a valid llms.txt', ['line 1: missing H1']);
    const decision = decideSettlement({ thrown, attempt: 1, timeoutMs: 1000 }, policy);
    expect(decision).toEqual({ action: 'fail', error: thrown });
    expect(
      decideSettlement({ thrown: new ConfigError('bad'), attempt: 4, timeoutMs: 1 }, policy).action,
    ).toBe('fail');
  });

  it('retries a transient error after an exponential delay', () => {
    const thrown = new LlmError('llm_unavailable', '503', { retryable: true });
    expect(decideSettlement({ thrown, attempt: 1, timeoutMs: 1000 }, policy)).toEqual({
      action: 'retry',
      error: thrown,
      delayMs: 1000,
    });
    expect(decideSettlement({ thrown, attempt: 3, timeoutMs: 1000 }, policy)).toMatchObject({
      delayMs: 4000,
    });
  });

  it("waits as long as the server's Retry-After asks, within the cap", () => {
    const thrown = new LlmError('llm_rate_limited', '429', { retryable: true, retryAfterMs: 20_000 });
    expect(decideSettlement({ thrown, attempt: 1, timeoutMs: 1000 }, policy)).toMatchObject({
      action: 'retry',
      delayMs: 20_000,
    });
  });

  it('turns a timeout abort into a retryable timeout error naming the limit', () => {
    const decision = decideSettlement(
      { thrown: new Error('job timeout'), reason: 'timeout', attempt: 1, timeoutMs: 1234 },
      policy,
    );
    expect(decision.action).toBe('retry');
    if (decision.action !== 'retry') return;
    expect(decision.error.code).toBe('timeout');
    expect(decision.error.message).toBe('job exceeded its time limit of 1234 ms');
  });

  it('releases on shutdown, cancels on request and abandons a lost lease, whatever was thrown', () => {
    const thrown = new LtxError('internal', 'boom');
    expect(decideSettlement({ thrown, reason: 'shutdown', attempt: 1, timeoutMs: 1 }, policy)).toEqual({
      action: 'release',
    });
    expect(decideSettlement({ thrown, reason: 'cancelled', attempt: 1, timeoutMs: 1 }, policy)).toEqual({
      action: 'cancel',
    });
    expect(decideSettlement({ thrown, reason: 'lost', attempt: 1, timeoutMs: 1 }, policy)).toEqual({
      action: 'abandon',
    });
  });

  it('treats anything thrown that is not an LtxError as a permanent internal error', () => {
    const decision = decideSettlement({ thrown: 'a string', attempt: 1, timeoutMs: 1 }, policy);
    expect(decision.action).toBe('fail');
    if (decision.action === 'fail') expect(decision.error).toBeInstanceOf(LtxError);
  });
});
