import { z } from '@hono/zod-openapi';
import { jobOptionsSchema } from '@ltx/core';
import { JOB_STATUSES } from '@ltx/data-model';

/** Every request and response of the API, as zod schemas; /openapi.json is generated from them. */

export const ErrorSchema = z
  .object({
    error: z
      .object({
        code: z.string().openapi({ example: 'invalid_url' }),
        message: z.string().openapi({ example: 'only http and https URLs can be crawled, not javascript:' }),
        status: z.enum(JOB_STATUSES).optional().openapi({ description: 'the job status (409 not_ready)' }),
        issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      })
      .loose(),
  })
  .openapi('Error');

const isoDate = z.string().openapi({ format: 'date-time', example: '2026-11-02T10:00:00.000Z' });
const uuid = z.string().openapi({ format: 'uuid', example: '0f8e2d3a-7a51-4c1c-9a59-0a4f2b1b8c11' });

export const JobStatusSchema = z.enum(JOB_STATUSES).openapi('JobStatus');
export const JobKindSchema = z.enum(['new', 'update']).openapi('JobKind');

// Core builds this schema before @hono/zod-openapi can add .openapi() to it: zod's own .meta() carries the name.
export const JobOptionsSchema = jobOptionsSchema.meta({
  id: 'JobOptions',
  description: 'Per-job options (limits, generator, full text). Unknown keys are refused.',
});

export const UsageSchema = z
  .object({
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    totalTokens: z.number().int(),
    calls: z.number().int(),
  })
  .openapi('TokenUsage');

export const ProgressSchema = z
  .object({
    phase: z.string().openapi({ example: 'crawling' }),
    pagesFound: z.number().int().optional(),
    pagesFetched: z.number().int().optional(),
    pagesInPrompt: z.number().int().optional(),
    attempt: z.number().int().optional(),
    maxAttempts: z.number().int().optional(),
    message: z.string().optional(),
  })
  .loose()
  .openapi('JobProgress');

export const JobSummarySchema = z
  .object({
    id: uuid,
    url: z.string(),
    siteKey: z.string().nullable(),
    kind: JobKindSchema,
    status: JobStatusSchema,
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    model: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    progress: ProgressSchema.nullable(),
    error: z.string().nullable(),
    errorCode: z
      .string()
      .nullable()
      .openapi({ description: '@ltx/core error code, e.g. http_error, llm_rate_limited' }),
    usage: UsageSchema.nullable(),
    cancelRequested: z.boolean(),
    scheduleId: uuid.nullable(),
    hasLlmsTxt: z.boolean(),
    hasLlmsFullTxt: z.boolean(),
    createdAt: isoDate,
    updatedAt: isoDate,
    runAt: isoDate.openapi({ description: 'earliest time the job may run (later after a transient error)' }),
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
    durationMs: z.number().int().nullable(),
    links: z.object({ self: z.string(), llmsTxt: z.string(), llmsFullTxt: z.string() }),
  })
  .openapi('JobSummary');

export const JobSchema = JobSummarySchema.extend({
  result: z
    .record(z.string(), z.unknown())
    .nullable()
    .openapi({ description: 'what generation reported: pages, warnings, limits hit, generator, attempts' }),
}).openapi('Job');

export const CreateJobSchema = z
  .object({
    url: z.string().min(1).openapi({ example: 'https://docs.example.com/' }),
    kind: JobKindSchema.optional(),
    model: z.string().min(1).max(200).optional().openapi({ example: 'gpt-5-mini' }),
    options: JobOptionsSchema.optional(),
  })
  .strict()
  .openapi('CreateJob');

export const JobListSchema = z
  .object({
    jobs: z.array(JobSummarySchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'pass as ?cursor= for the next page; null on the last' }),
  })
  .openapi('JobList');

export const ListJobsQuerySchema = z.object({
  status: JobStatusSchema.optional(),
  url: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: 'a site URL (matched after normalisation) or exact job URL' }),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ example: 50 }),
  cursor: z.string().min(1).max(200).optional(),
});

export const IdParamSchema = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
});

export const SiteQuerySchema = z.object({
  url: z.string().min(1).openapi({ example: 'https://docs.example.com/' }),
});

export const ValidateJsonSchema = z
  .object({
    content: z
      .string()
      .openapi({ example: '# Title\n\n> Summary\n\n## Docs\n\n- [A](https://a.example/)\n' }),
  })
  .strict()
  .openapi('ValidateRequest');

const IssueSchema = z
  .object({ line: z.number().int().optional(), rule: z.string(), message: z.string() })
  .openapi('ValidationIssue');

export const ValidationResultSchema = z
  .object({ valid: z.boolean(), errors: z.array(IssueSchema), warnings: z.array(IssueSchema) })
  .openapi('ValidationResult');

export const SignalsSchema = z
  .object({
    etag: z.string().nullable().optional(),
    lastModified: z.string().nullable().optional(),
    sitemapLastmod: z.string().nullable().optional(),
    contentHash: z.string().nullable().optional(),
  })
  .openapi('ChangeSignals');

export const ScheduleSchema = z
  .object({
    id: uuid,
    url: z.string(),
    siteKey: z.string(),
    intervalSeconds: z.number().int(),
    enabled: z.boolean(),
    model: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    nextRunAt: isoDate,
    lastCheckedAt: isoDate.nullable(),
    lastEnqueuedAt: isoDate.nullable(),
    lastJobId: uuid.nullable(),
    signals: SignalsSchema.nullable(),
    failures: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .openapi('Schedule');

/** 60 s to 365 days. */
const intervalSeconds = z
  .number()
  .int()
  .min(60)
  .max(365 * 86_400)
  .openapi({ example: 86_400 });

export const CreateScheduleSchema = z
  .object({
    url: z.string().min(1),
    intervalSeconds,
    enabled: z.boolean().optional(),
    model: z.string().min(1).max(200).optional(),
    options: JobOptionsSchema.optional(),
  })
  .strict()
  .openapi('CreateSchedule');

export const UpdateScheduleSchema = z
  .object({
    intervalSeconds: intervalSeconds.optional(),
    enabled: z.boolean().optional(),
    model: z.string().min(1).max(200).nullable().optional(),
    options: JobOptionsSchema.optional(),
  })
  .strict()
  .openapi('UpdateSchedule');

export const ScheduleListSchema = z.object({ schedules: z.array(ScheduleSchema) }).openapi('ScheduleList');

export const ScheduleRunSchema = z
  .object({ job: JobSchema, created: z.boolean(), schedule: ScheduleSchema })
  .openapi('ScheduleRun');

export const SiteSchema = z
  .object({
    siteKey: z.string(),
    url: z.string(),
    jobs: z.number().int(),
    latestJob: JobSummarySchema.nullable(),
    latestSuccess: JobSummarySchema.nullable(),
    schedule: ScheduleSchema.nullable(),
  })
  .openapi('Site');

export const SiteListSchema = z.object({ sites: z.array(SiteSchema) }).openapi('SiteList');

export const StatsSchema = z
  .object({
    byStatus: z.record(JobStatusSchema, z.number().int()),
    ready: z.number().int().openapi({ description: 'queued jobs whose run time has come' }),
    inFlight: z.number().int().openapi({ description: 'started + running' }),
    oldestReadyAgeSeconds: z.number().nullable(),
    failuresLastHour: z.number().int(),
    successesLastHour: z.number().int(),
    schedules: z.object({ total: z.number().int(), enabled: z.number().int(), failing: z.number().int() }),
  })
  .openapi('QueueStats');

export const HealthSchema = z
  .object({
    ok: z.boolean(),
    database: z.enum(['ok', 'unreachable']),
    /** The schema version against the committed migrations (absent when the database is unreachable). */
    schema: z.enum(['current', 'missing', 'behind', 'ahead']).optional(),
  })
  .openapi('Health');

export const ServerInfoSchema = z
  .object({
    generator: z.enum(['llm', 'extractive']).nullable(),
    model: z.string().nullable(),
    notices: z.array(z.string()),
  })
  .openapi('ServerInfo');
