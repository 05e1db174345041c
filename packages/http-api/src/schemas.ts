import { z } from '@hono/zod-openapi';
import {
  changeSignalsSchema,
  healthSchema,
  JOB_STATUSES,
  jobKindSchema,
  jobListSchema,
  jobProgressSchema,
  jobSchema,
  jobStatusSchema,
  jobSummarySchema,
  scheduleSchema,
  serverInfoSchema,
  siteSchema,
  statsSchema,
  tokenUsageSchema,
} from '@ltx/contracts';
import { jobOptionsSchema } from '@ltx/core';

/**
 * Every request and response of the API, as zod schemas; /openapi.json is generated from them. The bodies other
 * parts read (jobs, schedules, sites, stats) are defined once in @ltx/contracts (named there with zod's .meta).
 */

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

export const JobStatusSchema = jobStatusSchema;
export const JobKindSchema = jobKindSchema;

// Core builds this schema before @hono/zod-openapi can add .openapi() to it: zod's own .meta() carries the name.
export const JobOptionsSchema = jobOptionsSchema.meta({
  id: 'JobOptions',
  description: 'Per-job options (limits, generator, full text). Unknown keys are refused.',
});

export const UsageSchema = tokenUsageSchema;
export const ProgressSchema = jobProgressSchema;

export const JobSummarySchema = jobSummarySchema;
export const JobSchema = jobSchema;

export const CreateJobSchema = z
  .object({
    url: z.string().min(1).openapi({ example: 'https://docs.example.com/' }),
    kind: JobKindSchema.optional(),
    model: z.string().min(1).max(200).optional().openapi({ example: 'gpt-5-mini' }),
    options: JobOptionsSchema.optional(),
  })
  .strict()
  .openapi('CreateJob');

export const JobListSchema = jobListSchema;

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

export const SignalsSchema = changeSignalsSchema;
export const ScheduleSchema = scheduleSchema;

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

export const SiteSchema = siteSchema;

export const SiteListSchema = z.object({ sites: z.array(SiteSchema) }).openapi('SiteList');

export const StatsSchema = statsSchema;

export const HealthSchema = healthSchema;
export const ServerInfoSchema = serverInfoSchema;
