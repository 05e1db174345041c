/**
 * Token counting with gpt-tokenizer's o200k_base encoding (the GPT-4o / GPT-5 family). The encoding tables
 * are large, so they are imported on first use only: code paths that never build a prompt never load them.
 */

export type TokenCounter = (text: string) => number;

import type { ChatMessage } from '../types.js';

export type { ChatMessage };

/** Chat framing per message (role and separators) and for priming the reply, as OpenAI counts them. */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_REPLY_PRIMING = 3;

let loading: Promise<TokenCounter> | undefined;

export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then((encoding) => {
    // Page text may contain strings like "<|endoftext|>": count them as text, never refuse them.
    const options = { disallowedSpecial: new Set<string>() };
    return (text: string) => (text === '' ? 0 : encoding.countTokens(text, options));
  });
  return loading;
}

/** Input tokens of a chat request: every message's content plus the chat framing. */
export function countChatTokens(messages: readonly ChatMessage[], count: TokenCounter): number {
  let total = TOKENS_REPLY_PRIMING;
  for (const message of messages) total += TOKENS_PER_MESSAGE + count(message.content);
  return total;
}
