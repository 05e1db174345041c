import { z } from '@hono/zod-openapi';
import { decodeSiteCursor, listSites, queueStats, scheduleCounts, schemaStatus } from '@ltx/data-model';
import { scopeOf } from '../api-keys.js';
import type { ApiApp, RouteDeps } from '../context.js';
import { ApiError } from '../errors.js';
import { apiRoute, errorResponses, jsonContent } from '../route-spec.js';
import { HealthSchema, ServerInfoSchema, SiteListSchema, StatsSchema } from '../schemas.js';
import { jobSummary, scheduleView } from '../serialize.js';

const healthRoute = apiRoute('system', 'get', '/healthz', {
  summary: 'Liveness, database reachability and schema version (never needs an API key)',
  responses: {
    200: jsonContent(HealthSchema, 'the API and its database answer, and the schema is migrated'),
    503: jsonContent(HealthSchema, 'the database does not answer, or its schema is missing or behind'),
  },
});

const serverRoute = apiRoute('system', 'get', '/v1/server', {
  summary: "The server's defaults: the generator and model a job gets when it names none, and notices",
  responses: { 200: jsonContent(ServerInfoSchema, 'server defaults (null: not known to this process)') },
});

const statsRoute = apiRoute('system', 'get', '/v1/stats', {
  summary:
    "The queue's health: jobs by status, ready depth, oldest wait, failures and successes in the last hour",
  responses: { 200: jsonContent(StatsSchema, 'queue statistics'), ...errorResponses(503) },
});

const sitesRoute = apiRoute('results', 'get', '/v1/sites', {
  summary: 'Known sites, most recently active first: newest job, newest success, schedule',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).optional().openapi({ example: 100 }),
      cursor: z.string().min(1).max(600).optional(),
    }),
  },
  responses: {
    200: jsonContent(SiteListSchema.extend({ nextCursor: z.string().nullable() }), 'one page of sites'),
    ...errorResponses(400, 503),
  },
});

export function registerSystemRoutes(app: ApiApp, deps: RouteDeps): void {
  app.openapi(healthRoute, async (c) => {
    try {
      await deps.database.ping();
      const { state } = await schemaStatus(deps.database);
      const ok = state === 'current' || state === 'ahead';
      if (!ok)
        deps.logger.warn(
          { schema: state },
          'health check: the database schema is out of date: run pnpm db:migrate',
        );
      return c.json({ ok, database: 'ok' as const, schema: state }, ok ? 200 : 503);
    } catch (error) {
      // The reason stays in the log: this route is open to anyone, and a driver message names hosts and users.
      deps.logger.warn({ err: error }, 'health check: database unreachable');
      return c.json({ ok: false, database: 'unreachable' as const }, 503);
    }
  });

  app.openapi(serverRoute, (c) =>
    c.json(
      {
        generator: deps.server?.generator ?? null,
        model: deps.server?.model ?? null,
        notices: deps.server?.notices ?? [],
      },
      200,
    ),
  );

  app.openapi(statsRoute, async (c) => {
    const [stats, schedules] = await Promise.all([queueStats(deps.database), scheduleCounts(deps.database)]);
    return c.json({ ...stats, inFlight: stats.byStatus.started + stats.byStatus.running, schedules }, 200);
  });

  app.openapi(sitesRoute, async (c) => {
    const query = c.req.valid('query');
    const cursor = query.cursor ? decodeSiteCursor(query.cursor) : undefined;
    if (query.cursor && !cursor)
      throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API returned');
    const page = await listSites(deps.database, {
      limit: query.limit ?? 100,
      cursor,
      owner: scopeOf(c.get('principal')),
    });
    return c.json(
      {
        sites: page.sites.map((site) => ({
          siteKey: site.siteKey,
          url: site.url,
          jobs: site.jobs,
          latestJob: site.latestJob
            ? jobSummary({
                ...site.latestJob.job,
                hasLlmsTxt: site.latestJob.hasLlmsTxt,
                hasLlmsFullTxt: site.latestJob.hasLlmsFullTxt,
              })
            : null,
          latestSuccess: site.latestSuccess
            ? jobSummary({
                ...site.latestSuccess.job,
                hasLlmsTxt: site.latestSuccess.hasLlmsTxt,
                hasLlmsFullTxt: site.latestSuccess.hasLlmsFullTxt,
              })
            : null,
          schedule: site.schedule ? scheduleView(site.schedule) : null,
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
}
