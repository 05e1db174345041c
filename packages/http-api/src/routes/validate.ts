import { z } from '@hono/zod-openapi';
import { validateLlmsTxt } from '@ltx/core';
import type { ApiApp } from '../context.js';
import { apiRoute, errorResponses, jsonContent } from '../route-spec.js';
import { ValidateJsonSchema, ValidationResultSchema } from '../schemas.js';

const validateRoute = apiRoute('results', 'post', '/v1/validate', {
  summary: 'Validate an llms.txt (text/plain, text/markdown, or JSON {content}): errors and warnings by line',
  request: {
    body: {
      content: {
        'application/json': { schema: ValidateJsonSchema },
        'text/plain': { schema: z.string() },
        'text/markdown': { schema: z.string() },
      },
    },
  },
  responses: {
    200: jsonContent(ValidationResultSchema, 'the verdict (valid is false when there is any error)'),
    ...errorResponses(400, 413),
  },
});

export function registerValidateRoutes(app: ApiApp): void {
  app.openapi(validateRoute, async (c) => {
    const isJson = /^application\/([\w.+-]*\+)?json/i.test(c.req.header('content-type') ?? '');
    const text = isJson ? (c.req.valid('json') as { content: string }).content : await c.req.text();
    const { valid, errors, warnings } = validateLlmsTxt(text);
    return c.json({ valid, errors, warnings }, 200);
  });
}
