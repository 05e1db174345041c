import {
  createSchedule,
  deleteSchedule,
  enqueueForSchedule,
  getSchedule,
  listSchedules,
  markScheduleEnqueued,
  type Schedule,
  updateSchedule,
} from '@ltx/data-model';
import { canSee, type Principal, scopeOf } from '../api-keys.js';
import { type ApiApp, type RouteDeps, UUID_RE } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { apiRoute, errorResponses, jsonBody, jsonContent } from '../route-spec.js';
import {
  CreateScheduleSchema,
  IdParamSchema,
  ScheduleListSchema,
  ScheduleRunSchema,
  ScheduleSchema,
  UpdateScheduleSchema,
} from '../schemas.js';
import { jobDetail, scheduleView } from '../serialize.js';
import { acceptSiteUrl } from '../url-policy.js';

async function findSchedule(deps: RouteDeps, id: string, principal: Principal): Promise<Schedule> {
  const schedule = UUID_RE.test(id) ? await getSchedule(deps.database, id) : undefined;
  if (!schedule || !canSee(principal, schedule.owner)) throw notFound(`schedule ${id}`);
  return schedule;
}

const createScheduleRoute = apiRoute('schedules', 'post', '/v1/schedules', {
  summary: 'Refresh a site every intervalSeconds (when its content changed); the first tick builds it',
  request: { body: jsonBody(CreateScheduleSchema) },
  responses: {
    201: jsonContent(ScheduleSchema, 'schedule created'),
    ...errorResponses(400, 409, 413, 503),
  },
});

const listSchedulesRoute = apiRoute('schedules', 'get', '/v1/schedules', {
  summary: 'All schedules, newest first',
  responses: { 200: jsonContent(ScheduleListSchema, 'the schedules') },
});

const getScheduleRoute = apiRoute('schedules', 'get', '/v1/schedules/{id}', {
  summary: 'One schedule',
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(ScheduleSchema, 'the schedule'), ...errorResponses(404, 503) },
});

const updateScheduleRoute = apiRoute('schedules', 'patch', '/v1/schedules/{id}', {
  summary: 'Change interval, enabled, model or options',
  request: {
    params: IdParamSchema,
    body: jsonBody(UpdateScheduleSchema),
  },
  responses: {
    200: jsonContent(ScheduleSchema, 'the updated schedule'),
    ...errorResponses(400, 404, 413, 503),
  },
});

const deleteScheduleRoute = apiRoute('schedules', 'delete', '/v1/schedules/{id}', {
  summary: 'Delete a schedule (its jobs and results stay)',
  request: { params: IdParamSchema },
  responses: { 204: { description: 'deleted' }, ...errorResponses(404, 503) },
});

const runScheduleRoute = apiRoute('schedules', 'post', '/v1/schedules/{id}/run', {
  summary: 'Refresh now: enqueue a job for the site without waiting for the change check',
  request: { params: IdParamSchema },
  responses: {
    200: jsonContent(ScheduleRunSchema, 'a job for the site was already queued or running'),
    202: jsonContent(ScheduleRunSchema, 'job created'),
    ...errorResponses(404, 503),
  },
});

export function registerScheduleRoutes(app: ApiApp, deps: RouteDeps): void {
  app.openapi(createScheduleRoute, async (c) => {
    const body = c.req.valid('json');
    const accepted = await acceptSiteUrl(body.url, deps.settings);
    // createSchedule applies the defaults (enabled, no model, no options).
    const { schedule, created } = await createSchedule(deps.database, {
      ...body,
      url: accepted.url,
      siteKey: accepted.siteKey,
      owner: c.get('principal').owner,
    });
    if (!created) {
      // A site has one schedule; another key's is not named to an owner-scoped key.
      const visible = canSee(c.get('principal'), schedule.owner);
      throw new ApiError(
        409,
        'schedule_exists',
        visible
          ? `${accepted.siteKey} already has schedule ${schedule.id}; PATCH it instead`
          : `${accepted.siteKey} already has a schedule, made with another API key`,
        visible ? { extra: { scheduleId: schedule.id } } : {},
      );
    }
    deps.logger.info(
      { scheduleId: schedule.id, url: schedule.url, intervalSeconds: schedule.intervalSeconds },
      'schedule created',
    );
    c.header('Location', `/v1/schedules/${schedule.id}`);
    return c.json(scheduleView(schedule), 201);
  });

  app.openapi(listSchedulesRoute, async (c) => {
    const rows = await listSchedules(deps.database, { limit: 1000, owner: scopeOf(c.get('principal')) });
    return c.json({ schedules: rows.map(scheduleView) }, 200);
  });

  app.openapi(getScheduleRoute, async (c) =>
    c.json(scheduleView(await findSchedule(deps, c.req.valid('param').id, c.get('principal'))), 200),
  );

  app.openapi(updateScheduleRoute, async (c) => {
    const { id } = c.req.valid('param');
    await findSchedule(deps, id, c.get('principal'));
    const updated = await updateSchedule(deps.database, id, c.req.valid('json'));
    if (!updated) throw notFound(`schedule ${id}`);
    return c.json(scheduleView(updated), 200);
  });

  app.openapi(deleteScheduleRoute, async (c) => {
    const { id } = c.req.valid('param');
    await findSchedule(deps, id, c.get('principal'));
    if (!(await deleteSchedule(deps.database, id))) throw notFound(`schedule ${id}`);
    deps.logger.info({ scheduleId: id }, 'schedule deleted');
    return c.body(null, 204);
  });

  app.openapi(runScheduleRoute, async (c) => {
    const schedule = await findSchedule(deps, c.req.valid('param').id, c.get('principal'));
    const { job, created } = await enqueueForSchedule(deps.database, schedule);
    if (created) {
      deps.logger.info({ jobId: job.id, scheduleId: schedule.id }, 'schedule run now: job enqueued');
      deps.onEnqueued?.(job);
    }
    const marked = created ? await markScheduleEnqueued(deps.database, schedule.id, job.id) : undefined;
    const body = { job: jobDetail(job), created, schedule: scheduleView(marked ?? schedule) };
    return created ? c.json(body, 202) : c.json(body, 200);
  });
}
