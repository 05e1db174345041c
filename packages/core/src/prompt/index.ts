export {
  type BuiltPrompt,
  buildPrompt,
  buildRetryMessages,
  type PromptOptions,
  type PromptPlan,
  SYSTEM_PROMPT,
} from './build-prompt.js';
export { buildDigest, chunkText, type Digest, type DigestOptions } from './digest.js';
export { pageRef, type ResolvedRefs, resolvePageRefs } from './page-refs.js';
export {
  type ChatMessage,
  countChatTokens,
  loadTokenCounter,
  TOKENS_PER_MESSAGE,
  TOKENS_REPLY_PRIMING,
  type TokenCounter,
} from './tokens.js';
