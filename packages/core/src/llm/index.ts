export {
  type AnswerProblem,
  answerProblem,
  COMPLETION_TOKENS,
  completionTokenCap,
  isReasoningModel,
  MAX_ANSWER_BYTES,
} from './answer-bounds.js';
export {
  acceptsTemperature,
  type ChatClient,
  type ChatClientOptions,
  type CompleteOptions,
  type Completion,
  capRejection,
  createChatClient,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_SDK_MAX_RETRIES,
  MAX_RESPONSE_BYTES,
  MAX_SDK_RETRY_WAIT_MS,
  ResponseTooLargeError,
  requireApiKey,
} from './client.js';
export { mapLlmError } from './errors.js';
