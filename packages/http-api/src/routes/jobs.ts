import { z } from '@hono/zod-openapi';
import {
  cancelJob,
  decodeCursor,
  enqueueUnlessActive,
  getJob,
  type Job,
  latestSuccess,
  listJobs,
} from '@ltx/data-model';
import type { Context } from 'hono';
import { canSee, type Principal, scopeOf } from '../api-keys.js';
import { type ApiApp, type RouteDeps, UUID_RE } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { apiRoute, errorResponses, jsonBody, jsonContent } from '../route-spec.js';
import {
  CreateJobSchema,
  IdParamSchema,
  JobListSchema,
  JobSchema,
  ListJobsQuerySchema,
  SiteQuerySchema,
} from '../schemas.js';
import { jobDetail, jobSummary } from '../serialize.js';
import { acceptSiteUrl, siteKeyOf } from '../url-policy.js';

const MARKDOWN = 'text/markdown; charset=utf-8';
const markdownContent = (description: string) => ({
  content: { 'text/markdown': { schema: z.string() } },
  description,
});

const FINISHED = new Set(['success', 'failure', 'cancelled']);

async function findJob(deps: RouteDeps, id: string, principal: Principal): Promise<Job> {
  // A malformed id names no job: 404 like any unknown id (and never a database cast error). Another key's job
  // is a 404 too: an owner-scoped key cannot tell it from a job that does not exist.
  const job = UUID_RE.test(id) ? await getJob(deps.database, id) : undefined;
  if (!job || !canSee(principal, job.owner)) throw notFound(`job ${id}`);
  return job;
}

function markdown(c: Context, text: string, job: Job): Response {
  c.header('Content-Type', MARKDOWN);
  c.header('X-Ltx-Job-Id', job.id);
  if (job.finishedAt) c.header('Last-Modified', job.finishedAt.toUTCString());
  return c.body(text, 200);
}

function notReady(job: Job, what: string): ApiError {
  const reason =
    job.status === 'failure'
      ? `job ${job.id} failed: ${job.error ?? 'unknown error'}`
      : job.status === 'cancelled'
        ? `job ${job.id} was cancelled`
        : `job ${job.id} is ${job.status}; ${what} is not ready yet`;
  return new ApiError(409, 'not_ready', reason, { extra: { status: job.status } });
}

const createJob = apiRoute('jobs', 'post', '/v1/jobs', {
  summary:
    'Submit a site: 202 with a new job, or 200 with the queued/running job for the same normalised URL',
  request: { body: jsonBody(CreateJobSchema) },
  responses: {
    200: jsonContent(JobSchema, 'a job for this site is already queued or running; no duplicate was made'),
    202: jsonContent(JobSchema, 'job created'),
    ...errorResponses(400, 413, 503),
  },
});

const listJobsRoute = apiRoute('jobs', 'get', '/v1/jobs', {
  summary: 'List jobs, newest first, keyset-paginated',
  request: { query: ListJobsQuerySchema },
  responses: { 200: jsonContent(JobListSchema, 'one page of jobs'), ...errorResponses(400, 503) },
});

const getJobRoute = apiRoute('jobs', 'get', '/v1/jobs/{id}', {
  summary: 'A job: status, timestamps, attempts, progress, error and error code, token usage, result summary',
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(JobSchema, 'the job'), ...errorResponses(404, 503) },
});

const cancelRoute = apiRoute('jobs', 'post', '/v1/jobs/{id}/cancel', {
  summary: 'Cancel a job: a queued job is cancelled at once, a running one at its next heartbeat',
  request: { params: IdParamSchema },
  responses: {
    200: jsonContent(JobSchema, 'cancelled (or cancel requested: cancelRequested is true)'),
    ...errorResponses(404, 409, 503),
  },
});

const llmsTxtRoute = apiRoute('results', 'get', '/v1/jobs/{id}/llms.txt', {
  summary: "The job's llms.txt",
  request: { params: IdParamSchema },
  responses: { 200: markdownContent('the llms.txt'), ...errorResponses(404, 409, 503) },
});

const llmsFullTxtRoute = apiRoute('results', 'get', '/v1/jobs/{id}/llms-full.txt', {
  summary: "The job's llms-full.txt (jobs submitted with options.full)",
  request: { params: IdParamSchema },
  responses: { 200: markdownContent('the llms-full.txt'), ...errorResponses(404, 409, 503) },
});

const latestRoute = apiRoute('results', 'get', '/v1/llms.txt', {
  summary: 'The latest successful llms.txt for a site',
  request: { query: SiteQuerySchema },
  responses: { 200: markdownContent('the llms.txt'), ...errorResponses(400, 404, 503) },
});

export function registerJobRoutes(app: ApiApp, deps: RouteDeps): void {
  app.openapi(createJob, async (c) => {
    const body = c.req.valid('json');
    const accepted = await acceptSiteUrl(body.url, deps.settings);
    // A model the operator did not allow (LTX_ALLOWED_MODELS) is refused now rather than failing in a worker.
    const named = body.options?.model ?? body.model;
    const allowed = deps.settings.allowedModels;
    if (named && allowed?.length && !allowed.includes(named)) {
      throw new ApiError(
        400,
        'model_not_allowed',
        `model "${named}" is not allowed here; allowed: ${allowed.join(', ')}`,
      );
    }
    const principal = c.get('principal');
    const { job, created } = await enqueueUnlessActive(
      deps.database,
      {
        url: accepted.url,
        siteKey: accepted.siteKey,
        kind: body.kind ?? 'new',
        model: body.model ?? null,
        options: body.options ?? {},
        owner: principal.owner,
      },
      scopeOf(principal),
    );
    if (created) {
      deps.logger.info({ jobId: job.id, url: job.url, kind: job.kind }, 'job enqueued');
      deps.onEnqueued?.(job);
    }
    c.header('Location', `/v1/jobs/${job.id}`);
    return created ? c.json(jobDetail(job), 202) : c.json(jobDetail(job), 200);
  });

  app.openapi(listJobsRoute, async (c) => {
    const query = c.req.valid('query');
    // decodeCursor checks every field of the time is in range, so a forged cursor (2026-02-30) is a 400
    // rather than a database cast error.
    if (query.cursor && !decodeCursor(query.cursor)) {
      throw new ApiError(
        400,
        'invalid_cursor',
        'cursor is not one this API returned (use nextCursor as given)',
      );
    }
    const page = await listJobs(deps.database, {
      status: query.status,
      url: query.url ? siteKeyOf(query.url) : undefined,
      limit: query.limit ?? 50,
      cursor: query.cursor,
      owner: scopeOf(c.get('principal')),
    });
    return c.json({ jobs: page.jobs.map((job) => jobSummary(job)), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getJobRoute, async (c) =>
    c.json(jobDetail(await findJob(deps, c.req.valid('param').id, c.get('principal'))), 200),
  );

  app.openapi(cancelRoute, async (c) => {
    const job = await findJob(deps, c.req.valid('param').id, c.get('principal'));
    if (FINISHED.has(job.status)) {
      throw new ApiError(409, 'already_finished', `job ${job.id} already ended (${job.status})`, {
        extra: { status: job.status },
      });
    }
    const cancelled = (await cancelJob(deps.database, job.id)) ?? job;
    deps.logger.info({ jobId: job.id, status: cancelled.status }, 'job cancel requested');
    return c.json(jobDetail(cancelled), 200);
  });

  app.openapi(llmsTxtRoute, async (c) => {
    const job = await findJob(deps, c.req.valid('param').id, c.get('principal'));
    if (job.status !== 'success' || job.llmsTxt === null) throw notReady(job, 'llms.txt');
    return markdown(c, job.llmsTxt, job);
  });

  app.openapi(llmsFullTxtRoute, async (c) => {
    const job = await findJob(deps, c.req.valid('param').id, c.get('principal'));
    if (job.status !== 'success') throw notReady(job, 'llms-full.txt');
    if (job.llmsFullTxt === null) {
      throw new ApiError(
        404,
        'not_generated',
        `job ${job.id} made no llms-full.txt (submit with options.full: true)`,
      );
    }
    return markdown(c, job.llmsFullTxt, job);
  });

  app.openapi(latestRoute, async (c) => {
    const { url } = c.req.valid('query');
    const job = await latestSuccess(deps.database, siteKeyOf(url), scopeOf(c.get('principal')));
    if (!job?.llmsTxt) throw new ApiError(404, 'not_generated', `no successful llms.txt for ${url} yet`);
    return markdown(c, job.llmsTxt, job);
  });
}
