import type { Completion } from './completion.js';

/**
 * Bounds on a model's answer. An llms.txt lists each page once, so its size follows from the page count:
 *
 *   max_completion_tokens = clamp(BASE + PER_PAGE x pages (+ REASONING for reasoning models), FLOOR, CEILING)
 *
 * - BASE (2,000): the H1, summary, intro and section headings;
 * - PER_PAGE (120): one `- [title](url): notes` line is about 40-60 tokens; twice that leaves room for long URLs
 *   and non-English titles;
 * - REASONING (8,192): reasoning models (gpt-5*, o-series) spend completion tokens on hidden reasoning first;
 * - FLOOR (4,096) so a tiny site still gets a full answer; CEILING (32,768): a file over ~130 KB is not one a
 *   consumer reads (the validator warns past 100 KB) and many models cannot produce more anyway.
 *
 * `pages` is the number of pages the model was shown (pagesInPrompt). A finish reason of `length` means the
 * answer was cut at that cap: the attempt fails (the model is told to write a shorter file), even when the cut
 * still parses. An answer over MAX_ANSWER_BYTES (a server that ignores the cap, or a hostile one) is refused
 * without being parsed; a legitimate answer under the ceiling is about a quarter of that limit.
 */
export const COMPLETION_TOKENS = {
  base: 2_000,
  perPage: 120,
  reasoning: 8_192,
  floor: 4_096,
  ceiling: 32_768,
} as const;

export const MAX_ANSWER_BYTES = 512 * 1024;

/** Reasoning models (gpt-5*, o1/o3/o4...) count hidden reasoning tokens against max_completion_tokens. */
export function isReasoningModel(model: string): boolean {
  return /^(gpt-5|o\d)/i.test(model.replace(/^.*\//, ''));
}

export function completionTokenCap(pages: number, model: string): number {
  const wanted =
    COMPLETION_TOKENS.base +
    COMPLETION_TOKENS.perPage * Math.max(0, Math.floor(pages)) +
    (isReasoningModel(model) ? COMPLETION_TOKENS.reasoning : 0);
  return Math.min(COMPLETION_TOKENS.ceiling, Math.max(COMPLETION_TOKENS.floor, wanted));
}

export interface AnswerProblem {
  rule: 'answer-truncated' | 'answer-too-large';
  message: string;
}

/**
 * Why an answer cannot be used as it is, before it is parsed: cut off at the token cap, or over the byte limit.
 * Undefined when it may go on to validation.
 */
export function answerProblem(
  completion: Pick<Completion, 'content' | 'finishReason' | 'responseTooLarge'>,
  bounds: { maxCompletionTokens?: number | undefined; maxBytes?: number | undefined } = {},
): AnswerProblem | undefined {
  const maxBytes = bounds.maxBytes ?? MAX_ANSWER_BYTES;
  if (completion.responseTooLarge !== undefined) {
    return {
      rule: 'answer-too-large',
      message: `the response passed ${completion.responseTooLarge} bytes and was cut off unread: write a much shorter llms.txt (each page once, one short line of notes)`,
    };
  }
  const bytes = completion.content === null ? 0 : Buffer.byteLength(completion.content, 'utf8');
  if (bytes > maxBytes) {
    return {
      rule: 'answer-too-large',
      message: `the answer is ${bytes} bytes, over the ${maxBytes}-byte limit: write a much shorter llms.txt (each page once, one short line of notes)`,
    };
  }
  if (completion.finishReason === 'length') {
    const cap = bounds.maxCompletionTokens === undefined ? '' : ` (${bounds.maxCompletionTokens} tokens)`;
    return {
      rule: 'answer-truncated',
      message: `the answer was cut off at the completion-token limit${cap}: write a shorter llms.txt (shorter notes, the less important pages under '## Optional' or left out) and finish it`,
    };
  }
  return undefined;
}
