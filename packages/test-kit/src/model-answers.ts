import type { ChatRequest, FakeResponse } from './fake-openai.js';

/**
 * A scripted "model" for the stand-in: answers with a valid llms.txt whose links are the site URLs found in
 * the prompt (the crawl digest), so its answers only ever name pages that were really crawled.
 * `marker` (e.g. the request number) goes into the summary so a test can tell answers apart.
 */
export function llmsTxtFromPrompt(options: {
  origin: string;
  title?: string;
  marker?: (request: ChatRequest, n: number) => string;
  delayMs?: number;
}): (request: ChatRequest) => FakeResponse {
  let n = 0;
  return (request: ChatRequest) => {
    n++;
    const prompt = request.messages.map((m) => m.content).join('\n');
    const escaped = options.origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const found = prompt.match(new RegExp(`${escaped}[^\\s)\\]"'<>|]*`, 'g')) ?? [];
    // A URL at the end of a sentence carries its full stop; links never end in punctuation here.
    const urls = [...new Set(found.map((url) => url.replace(/[.,;:!?]+$/, '')))].slice(0, 50);
    const summary = options.marker ? options.marker(request, n) : 'A site crawled by ltx.';
    const lines = [`# ${options.title ?? 'Test Site'}`, '', `> ${summary}`, '', '## Docs', ''];
    for (const url of urls) {
      const name = new URL(url).pathname.replace(/\/$/, '').split('/').pop() || 'Home';
      lines.push(`- [${name}](${url})`);
    }
    return { content: `${lines.join('\n')}\n`, ...(options.delayMs ? { delayMs: options.delayMs } : {}) };
  };
}
