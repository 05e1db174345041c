import { AbortedError, LlmError, type LtxError } from '../errors.js';
import { loadOpenAI } from '../lazy-modules.js';
import { retryAfterMs } from '../retry-after.js';

/**
 * Maps what the openai SDK throws to typed errors that say whether a later retry can help:
 * 429 -> llm_rate_limited (retryable, Retry-After carried; not retryable when the quota is exhausted),
 * 5xx / 408 / 409 / connection / timeout -> llm_unavailable (retryable), 401/403 -> llm_auth,
 * 400/404/422 -> llm_bad_request (not retryable), an abort -> AbortedError.
 */

export function mapLlmError(
  error: unknown,
  context: { model: string; signal?: AbortSignal | undefined },
): LtxError {
  // An error of the SDK's comes from a client, so the SDK is loaded already whenever one is mapped.
  const { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } = loadOpenAI();
  if (error instanceof APIUserAbortError || context.signal?.aborted) {
    return new AbortedError('the model call was aborted', { cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError('llm_unavailable', 'the model API did not answer in time', {
      cause: error,
      retryable: true,
    });
  }
  if (error instanceof APIConnectionError) {
    return new LlmError('llm_unavailable', `cannot reach the model API: ${error.message}`, {
      cause: error,
      retryable: true,
    });
  }
  if (error instanceof APIError) {
    const status = error.status;
    const wait = retryAfterMs(error.headers);
    const detail = `model API answered ${status ?? 'an error'} for ${context.model}: ${error.message}`;
    const base = { cause: error, status, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
    if (status === 429) {
      const exhausted = error.code === 'insufficient_quota';
      return new LlmError('llm_rate_limited', exhausted ? `${detail} (quota exhausted)` : detail, {
        ...base,
        retryable: !exhausted,
      });
    }
    if (status === 401 || status === 403)
      return new LlmError('llm_auth', detail, { ...base, retryable: false });
    if (status === 400 || status === 404 || status === 422) {
      return new LlmError('llm_bad_request', detail, { ...base, retryable: false });
    }
    if (status !== undefined && (status >= 500 || status === 408 || status === 409)) {
      return new LlmError('llm_unavailable', detail, { ...base, retryable: true });
    }
    return new LlmError('llm_error', detail, { ...base, retryable: false });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError('llm_error', `model call failed: ${message}`, { cause: error, retryable: false });
}
