import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ConfigError } from '../errors.js';
import { loadOpenAI } from '../lazy-modules.js';
import { type Logger, silentLogger } from '../logger.js';
import { type CoreSettings, DEFAULT_MODEL } from '../options.js';
import { retryAfterMs } from '../retry-after.js';
import type { ChatMessage, TokenUsage } from '../types.js';
import { MAX_ANSWER_BYTES } from './answer-bounds.js';
import type { Completion } from './completion.js';
import { mapLlmError } from './errors.js';

/**
 * The model client: the official openai SDK, Chat Completions. The SDK's own retries stay small (it honours
 * Retry-After); a Retry-After longer than MAX_SDK_RETRY_WAIT_MS is not waited out in-process but surfaced as a
 * retryable LlmError carrying retryAfterMs, so the worker can reschedule the job instead of holding a slot.
 */

export const DEFAULT_LLM_TIMEOUT_MS = 120_000;
export const DEFAULT_SDK_MAX_RETRIES = 2;
/** Longest Retry-After the SDK may sleep through; beyond it the error goes to the caller. */
export const MAX_SDK_RETRY_WAIT_MS = 10_000;

/** A completion without a usable answer (an unreadable or oversized body), for the validation loop to count. */
function noAnswer(model: string): Completion {
  return {
    content: null,
    model,
    finishReason: undefined,
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  };
}

export type { Completion } from './completion.js';

export interface CompleteOptions {
  model?: string | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Cap on output tokens, sent as max_completion_tokens. A server that answers 400 to that parameter gets
   * max_tokens instead; one that rejects the value gets the maximum it names, or no cap (see capRejection).
   */
  maxCompletionTokens?: number | undefined;
}

export interface ChatClient {
  readonly defaultModel: string;
  /** Totals over every call made through this client. */
  readonly usage: TokenUsage;
  complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<Completion>;
}

export interface ChatClientOptions {
  logger?: Logger | undefined;
  /** SDK retries for 429/5xx/connection errors (default 2). */
  maxRetries?: number | undefined;
}

/** Reasoning models (gpt-5*, o-series) accept only the default temperature. */
export function acceptsTemperature(model: string): boolean {
  return !/^(gpt-5|o\d)/i.test(model.replace(/^.*\//, ''));
}

/**
 * Largest model HTTP response read: the answer limit (MAX_ANSWER_BYTES) four times over, for JSON escaping and
 * the envelope. A server that sends more (it ignored the token cap, or is hostile) is cut off there, never
 * buffered whole; the attempt fails as answer-too-large.
 */
export const MAX_RESPONSE_BYTES = 4 * MAX_ANSWER_BYTES;

/** The model's HTTP response passed MAX_RESPONSE_BYTES and was cut off. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the model API response is larger than ${limit} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

function capBody(response: Response, limit: number): Response {
  if (!response.body) return response;
  let seen = 0;
  const capped = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new ResponseTooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(capped, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

function tooLarge(error: unknown): ResponseTooLargeError | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (current instanceof ResponseTooLargeError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * fetch that tells the SDK not to retry when the server asks for a wait longer than MAX_SDK_RETRY_WAIT_MS, and
 * reads at most MAX_RESPONSE_BYTES of a successful response.
 */
const boundedRetryFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.ok) return capBody(response, MAX_RESPONSE_BYTES);
  if (response.status === 429 || response.status >= 500) {
    const wait = retryAfterMs(response.headers);
    if (wait !== undefined && wait > MAX_SDK_RETRY_WAIT_MS) {
      const headers = new Headers(response.headers);
      headers.set('x-should-retry', 'false');
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }
  }
  return response;
};

type CapParam = 'max_completion_tokens' | 'max_tokens' | 'none';

/**
 * What to send instead when a 400 is about the token cap: an OpenAI-compatible server that does not know
 * max_completion_tokens (older vLLM, Ollama, proxies) gets max_tokens; a cap over the model's maximum ("at most
 * 16384 completion tokens") gets that maximum; a cap the server rejects otherwise (too large for the context)
 * is dropped: the answer is then still bounded by MAX_ANSWER_BYTES. Undefined: the 400 is about something else.
 */
export function capRejection(
  error: unknown,
  sent: { param: CapParam; cap: number },
): { param: CapParam; cap: number } | undefined {
  if (!(error instanceof loadOpenAI().APIError) || error.status !== 400 || sent.param === 'none')
    return undefined;
  const message = `${error.message} ${typeof error.param === 'string' ? error.param : ''}`;
  const named =
    message.includes(sent.param) || (sent.param === 'max_tokens' && /max[_ ]tokens/i.test(message));
  const aboutTokens =
    named || /max[_ ]?(completion[_ ])?tokens|maximum context|context length/i.test(message);
  if (!aboutTokens) return undefined;
  const most = /at most (\d+)/i.exec(message);
  const limit = most ? Number(most[1]) : undefined;
  if (limit !== undefined && limit > 0 && limit < sent.cap) return { param: sent.param, cap: limit };
  if (
    sent.param === 'max_completion_tokens' &&
    named &&
    /unsupported|unknown|unrecognized|not supported|extra|invalid/i.test(message)
  ) {
    return { param: 'max_tokens', cap: sent.cap };
  }
  return { param: 'none', cap: sent.cap };
}

/** The API key, or the ConfigError every path without one reports (the only place it is raised). */
export function requireApiKey(settings: CoreSettings): string {
  if (!settings.apiKey) {
    throw new ConfigError(
      'OPENAI_API_KEY is not set: the llm generator needs an API key (or use the extractive generator)',
    );
  }
  return settings.apiKey;
}

export function createChatClient(settings: CoreSettings, options: ChatClientOptions = {}): ChatClient {
  const apiKey = requireApiKey(settings);
  const logger = options.logger ?? silentLogger;
  const sdkLogger = {
    error: (message: string, ...rest: unknown[]) => logger.error({ sdk: rest }, message),
    warn: (message: string, ...rest: unknown[]) => logger.warn({ sdk: rest }, message),
    info: (message: string, ...rest: unknown[]) => logger.debug({ sdk: rest }, message),
    debug: (message: string, ...rest: unknown[]) => logger.trace({ sdk: rest }, message),
  };
  const { OpenAI: OpenAIClient } = loadOpenAI();
  const client = new OpenAIClient({
    apiKey,
    baseURL: settings.baseURL,
    timeout: settings.llmTimeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_SDK_MAX_RETRIES,
    fetch: boundedRetryFetch,
    logger: sdkLogger,
    logLevel: 'info',
  });
  const defaultModel = settings.defaultModel ?? DEFAULT_MODEL;
  const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 };
  // Learned from the server's 400s (see capRejection), for every later call of this client.
  let capParam: CapParam = 'max_completion_tokens';

  return {
    defaultModel,
    usage,
    async complete(messages, callOptions = {}) {
      const model = callOptions.model ?? defaultModel;
      const body: ChatCompletionCreateParamsNonStreaming = {
        model,
        messages: messages.map((message) => ({ role: message.role, content: message.content })),
      };
      if (acceptsTemperature(model)) body.temperature = 0.2;
      let cap = callOptions.maxCompletionTokens;
      logger.debug({ model, messages: messages.length, maxCompletionTokens: cap }, 'model call');
      logger.trace({ model, messages }, 'model prompt');
      const started = Date.now();
      let completion: OpenAI.Chat.Completions.ChatCompletion | string | undefined;
      for (let tries = 1; ; tries++) {
        delete body.max_completion_tokens;
        delete body.max_tokens;
        if (cap !== undefined && capParam === 'max_completion_tokens') body.max_completion_tokens = cap;
        if (cap !== undefined && capParam === 'max_tokens') body.max_tokens = cap;
        usage.calls += 1;
        try {
          completion = await client.chat.completions.create(body, { signal: callOptions.signal });
          break;
        } catch (error) {
          const oversize = tooLarge(error);
          if (oversize && !callOptions.signal?.aborted) {
            logger.warn({ model, limit: oversize.limit }, 'model API response over the size limit: cut off');
            return { ...noAnswer(model), responseTooLarge: oversize.limit };
          }
          if (error instanceof SyntaxError && !callOptions.signal?.aborted) {
            // A 200 whose body is not JSON: an unusable answer, for the validation loop to count.
            logger.warn({ model, error: error.message }, 'model API returned an unreadable body');
            return noAnswer(model);
          }
          const instead =
            cap !== undefined && tries < 4 && !callOptions.signal?.aborted
              ? capRejection(error, { param: capParam, cap })
              : undefined;
          if (instead) {
            logger.warn(
              { model, sent: capParam, cap, instead: instead.param, insteadCap: instead.cap },
              'the model API rejected the completion-token cap: sending it another way',
            );
            capParam = instead.param;
            cap = instead.cap;
            continue;
          }
          const mapped = mapLlmError(error, { model, signal: callOptions.signal });
          logger.debug(
            { model, code: mapped.code, retryable: mapped.retryable, retryAfterMs: mapped.retryAfterMs },
            'model call failed',
          );
          throw mapped;
        }
      }
      // A body served with a non-JSON content type reaches us as a string.
      const parsed = typeof completion === 'object' && completion !== null ? completion : undefined;
      const choice = parsed?.choices?.[0];
      const content = typeof choice?.message?.content === 'string' ? choice.message.content : null;
      const callUsage = {
        promptTokens: parsed?.usage?.prompt_tokens ?? 0,
        completionTokens: parsed?.usage?.completion_tokens ?? 0,
        totalTokens:
          parsed?.usage?.total_tokens ??
          (parsed?.usage?.prompt_tokens ?? 0) + (parsed?.usage?.completion_tokens ?? 0),
      };
      usage.promptTokens += callUsage.promptTokens;
      usage.completionTokens += callUsage.completionTokens;
      usage.totalTokens += callUsage.totalTokens;
      logger.debug(
        {
          model: parsed?.model ?? model,
          ms: Date.now() - started,
          ...callUsage,
          finishReason: choice?.finish_reason,
          chars: content?.length ?? 0,
        },
        'model answered',
      );
      logger.trace({ content }, 'model response');
      return {
        content,
        model: parsed?.model ?? model,
        finishReason: choice?.finish_reason ?? undefined,
        usage: callUsage,
        maxCompletionTokens: capParam === 'none' ? undefined : cap,
      };
    },
  };
}
