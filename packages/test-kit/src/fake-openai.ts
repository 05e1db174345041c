import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  [key: string]: unknown;
}

export type FakeResponse =
  | {
      content: string;
      delayMs?: number;
      usage?: { prompt_tokens: number; completion_tokens: number };
      /** The choice's finish_reason (default 'stop'; 'length' = cut at the token cap). */
      finishReason?: string;
    }
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { raw: string; status?: number; delayMs?: number }
  | ((request: ChatRequest) => FakeResponse | Promise<FakeResponse>);

export interface FakeOpenAI {
  /** Pass as OPENAI_BASE_URL / `baseURL` (ends in /v1). */
  baseURL: string;
  port: number;
  /** Parsed chat completion requests, in arrival order. */
  requests: ChatRequest[];
  /** Responses served in order, one per request; then the fallback. */
  enqueue(...responses: FakeResponse[]): void;
  setFallback(response: FakeResponse): void;
  /** Requests currently being answered (for concurrency checks). */
  inFlight(): number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Rough token estimate (4 characters a token) for the usage block when none is scripted. */
const estimate = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/**
 * An OpenAI-compatible stand-in on 127.0.0.1 that the real `openai` SDK talks to over HTTP:
 * scripted answers, latency, 429s with Retry-After, 5xx, and garbage bodies.
 */
export async function startFakeOpenAI(options: { fallback?: FakeResponse } = {}): Promise<FakeOpenAI> {
  const queue: FakeResponse[] = [];
  let fallback: FakeResponse = options.fallback ?? {
    status: 500,
    body: { error: { message: 'no scripted response left', type: 'server_error' } },
  };
  const requests: ChatRequest[] = [];
  let active = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && url.pathname.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            data: [{ id: 'gpt-5-mini', object: 'model', owned_by: 'ltx-test' }],
          }),
        );
        return;
      }
      if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${url.pathname}` } }));
        return;
      }
      const body = JSON.parse(await readBody(req)) as ChatRequest;
      requests.push(body);
      active++;
      try {
        let response = queue.shift() ?? fallback;
        while (typeof response === 'function') response = await response(body);
        if (response.delayMs) await sleep(response.delayMs);
        if (res.destroyed) return;
        if ('content' in response) {
          const promptText = body.messages.map((m) => m.content).join('\n');
          const usage = response.usage ?? {
            prompt_tokens: estimate(promptText),
            completion_tokens: estimate(response.content),
          };
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: `chatcmpl-${requests.length}`,
              object: 'chat.completion',
              created: Math.floor(Date.now() / 1000),
              model: body.model,
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: response.content },
                  finish_reason: response.finishReason ?? 'stop',
                },
              ],
              usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
            }),
          );
        } else if ('raw' in response) {
          res.writeHead(response.status ?? 200, { 'content-type': 'application/json' });
          res.end(response.raw);
        } else {
          res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
          res.end(
            JSON.stringify(
              response.body ?? { error: { message: `scripted ${response.status}`, type: 'scripted' } },
            ),
          );
        }
      } finally {
        active--;
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    enqueue: (...responses) => void queue.push(...responses),
    setFallback: (response) => {
      fallback = response;
    },
    inFlight: () => active,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
