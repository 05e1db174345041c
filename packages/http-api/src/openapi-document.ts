import type { ApiApp } from './context.js';

/**
 * /openapi.json as this server behaves, not as a template: the route schemas give the operations; this adds
 * what the server's middleware does around them, for the configuration it runs with:
 * - with API keys, every /v1 operation has `security: [{apiKey: []}]` and a 401; /healthz and /openapi.json
 *   have `security: []` (they never need a key); without keys nothing has security or a 401;
 * - 429 on /v1 operations only when the rate limit is on;
 * - 413 and 415 on operations that take a body (over LTX_MAX_BODY_BYTES; a Content-Type the operation does
 *   not list). A request with a wrong method on a known path gets 405 with Allow (see methodNotAllowed).
 * The comparison test (openapi-conformance.test.ts) probes every operation and checks the two agree.
 */

type Json = Record<string, unknown>;

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

export interface DocumentFacts {
  keys: boolean;
  rateLimit: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export function openApiDocument(
  app: ApiApp,
  config: Parameters<ApiApp['getOpenAPI31Document']>[0],
  facts: DocumentFacts,
): Json {
  const doc = app.getOpenAPI31Document(config) as unknown as Json & { paths?: Record<string, Json> };
  const paths = doc.paths ?? {};
  // The document itself, open like /healthz.
  paths['/openapi.json'] = {
    get: {
      tags: ['system'],
      summary: 'This OpenAPI 3.1 document (never needs an API key)',
      responses: {
        200: { description: 'the document', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  };
  for (const [path, item] of Object.entries(paths)) {
    const protectedPath = path.startsWith('/v1/') || path === '/v1';
    for (const method of HTTP_METHODS) {
      const op = item[method] as
        | (Json & { responses: Record<string, unknown>; requestBody?: Json })
        | undefined;
      if (!op) continue;
      const responses = op.responses;
      if (protectedPath && facts.keys) {
        op.security = [{ apiKey: [] }];
        responses['401'] ??= errorResponse('missing or invalid API key');
      } else {
        op.security = [];
        delete responses['401'];
      }
      if (protectedPath && facts.rateLimit)
        responses['429'] ??= errorResponse('rate limited (see Retry-After)');
      else delete responses['429'];
      const content = op.requestBody?.content as Json | undefined;
      if (content) {
        responses['413'] ??= errorResponse('request body too large (LTX_MAX_BODY_BYTES)');
        const types = Object.keys(content).join(', ');
        responses['415'] ??= errorResponse(`unsupported Content-Type (send ${types})`);
      }
    }
  }
  delete doc.security;
  return doc;
}

/** Hono route patterns (`/v1/jobs/:id`) as regular expressions, with their methods. */
export function routeMethods(app: ApiApp): { pattern: RegExp; methods: Set<string> }[] {
  const byPath = new Map<string, Set<string>>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    const methods = byPath.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    byPath.set(route.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(
      `^${path
        .split('/')
        .map((segment) =>
          segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')}/?$`,
    ),
    methods,
  }));
}

/** The methods a known path answers (HEAD with GET), or undefined when no route has this path. */
export function allowedMethods(routes: ReturnType<typeof routeMethods>, path: string): string[] | undefined {
  const methods = new Set<string>();
  for (const route of routes) if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
  if (methods.size === 0) return undefined;
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
