/** Process-wide settings the app reads from its environment once and hands to core. */
export interface CoreSettings {
  /** OPENAI_API_KEY; required only for the llm generator. */
  apiKey?: string | undefined;
  /** OPENAI_BASE_URL; undefined uses the SDK default. */
  baseURL?: string | undefined;
  /** LTX_MODEL; default gpt-5-mini. */
  defaultModel?: string | undefined;
  /** LTX_GENERATOR; default 'llm'. */
  defaultGenerator?: 'llm' | 'extractive' | undefined;
  /**
   * LTX_ALLOW_PRIVATE_HOSTS; default false (SSRF guard on). true opens every loopback and private address; a
   * list opens only those hosts ('intranet.local') or host:port pairs ('127.0.0.1:8080'), see crawl/ssrf.ts.
   */
  allowPrivateHosts?: boolean | readonly string[] | undefined;
  /** LTX_RENDER: off, auto (default: pages that need JavaScript, when a renderer is given), always. */
  renderMode?: 'off' | 'auto' | 'always' | undefined;
  /** LTX_ALLOWED_PORTS: ports allowed besides 80 and 443 (crawl/port-policy.ts). */
  allowedPorts?: readonly number[] | undefined;
  /** User-Agent for every request; default `ltx/<version> (+https://llmstxt.org)`. */
  userAgent?: string | undefined;
  /** LTX_ALLOWED_MODELS; when set, a job may only name one of these models (cost control). */
  allowedModels?: readonly string[] | undefined;
  /** Per-call timeout for the model API (ms); default 120 s. */
  llmTimeoutMs?: number | undefined;
}
