/** One answer of the model API, as the client returns it (llm/client.ts) and the answer bounds read it. */
export interface Completion {
  /** The answer's text; null when the response had no text (empty, refused, or an unreadable body). */
  content: string | null;
  model: string;
  finishReason: string | undefined;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
  /** The output-token cap the answer was produced under (undefined: none was sent). */
  maxCompletionTokens?: number | undefined;
  /** Set when the HTTP response passed this many bytes and was cut off unread (content is then null). */
  responseTooLarge?: number | undefined;
}
