import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ConfigError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { type CoreSettings, DEFAULT_MODEL } from '../options.js';
import { retryAfterMs } from '../retry-after.js';
import type { ChatMessage, TokenUsage } from '../types.js';
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

export interface Completion {
  /** The answer's text; null when the response had no text (empty, refused, or an unreadable body). */
  content: string | null;
  model: string;
  finishReason: string | undefined;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
}

export interface CompleteOptions {
  model?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Cap on output tokens (sent as max_completion_tokens). Unset: no cap. */
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

/** fetch that tells the SDK not to retry when the server asks for a wait longer than MAX_SDK_RETRY_WAIT_MS. */
const boundedRetryFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
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
  const client = new OpenAI({
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
      if (callOptions.maxCompletionTokens !== undefined)
        body.max_completion_tokens = callOptions.maxCompletionTokens;
      logger.debug({ model, messages: messages.length }, 'model call');
      logger.trace({ model, messages }, 'model prompt');
      const started = Date.now();
      usage.calls += 1;
      let completion: OpenAI.Chat.Completions.ChatCompletion | string | undefined;
      try {
        completion = await client.chat.completions.create(body, { signal: callOptions.signal });
      } catch (error) {
        if (error instanceof SyntaxError && !callOptions.signal?.aborted) {
          // A 200 whose body is not JSON: an unusable answer, for the validation loop to count.
          logger.warn({ model, error: error.message }, 'model API returned an unreadable body');
          return {
            content: null,
            model,
            finishReason: undefined,
            usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
          };
        }
        const mapped = mapLlmError(error, { model, signal: callOptions.signal });
        logger.debug(
          { model, code: mapped.code, retryable: mapped.retryable, retryAfterMs: mapped.retryAfterMs },
          'model call failed',
        );
        throw mapped;
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
      };
    },
  };
}
