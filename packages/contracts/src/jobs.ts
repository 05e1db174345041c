import { z } from 'zod';
import { JOB_KINDS, type JOB_PHASES, JOB_STATUSES } from './statuses.js';

export { ACTIVE_STATUSES, JOB_KINDS, JOB_PHASES, JOB_STATUSES } from './statuses.js';

export const jobStatusSchema = z.enum(JOB_STATUSES).meta({ id: 'JobStatus' });
export const jobKindSchema = z.enum(JOB_KINDS).meta({ id: 'JobKind' });
export type JobStatus = z.infer<typeof jobStatusSchema>;
export type JobKind = z.infer<typeof jobKindSchema>;

/** Token usage recorded from the model API (summed over a job's attempts). */
export const tokenUsageSchema = z
  .object({
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    totalTokens: z.number().int(),
    /** Number of model calls made. */
    calls: z.number().int(),
  })
  .meta({ id: 'TokenUsage' });
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** What the worker last reported while the job ran (for the dashboard and GET /v1/jobs/:id). */
export const jobProgressSchema = z
  .looseObject({
    phase: z.string().meta({ example: 'crawling' }),
    pagesFound: z.number().int().optional(),
    pagesFetched: z.number().int().optional(),
    pagesInPrompt: z.number().int().optional(),
    attempt: z.number().int().optional(),
    maxAttempts: z.number().int().optional(),
    message: z.string().optional(),
  })
  .meta({ id: 'JobProgress' });
export type JobProgress = z.infer<typeof jobProgressSchema>;
/** A phase of JOB_PHASES; the stored progress keeps `phase` a string (older rows, newer workers). */
export type JobPhase = (typeof JOB_PHASES)[number];
/**
 * What core's generate() reports as it goes: the stored progress with a known phase and the counters always set.
 * Derived with Pick (Omit<> of a type with an index signature keeps no named keys), so it stays assignable.
 */
export type PhaseProgress = Pick<JobProgress, 'pagesInPrompt' | 'attempt' | 'maxAttempts' | 'message'> & {
  phase: JobPhase;
  pagesFound: number;
  pagesFetched: number;
};

/** What the worker stored about a finished generation (GenerateResult minus the files), in `jobs.result`. */
export const jobResultSchema = z.looseObject({
  generator: z.string().optional(),
  model: z.string().optional(),
  pages: z
    .object({
      discovered: z.number().int().optional(),
      fetched: z.number().int().optional(),
      inPrompt: z.number().int().optional(),
      linked: z.number().int().optional(),
      /** Crawled pages per page kind (content, home, generated-index, listing, old-version, ...). */
      kinds: z.record(z.string(), z.number().int()).optional(),
    })
    .optional(),
  /** Validation attempts made (1 = first answer valid). */
  attempts: z.number().int().optional(),
  /** Update job whose crawl was unchanged: the previous file was kept, no model call. */
  unchanged: z.boolean().optional(),
  warnings: z.array(z.string()).optional(),
  limitsHit: z.array(z.string()).optional(),
  skipped: z.number().int().optional(),
  durationMs: z.number().optional(),
  promptTokens: z.number().int().optional(),
  /** Rendering (pages that need JavaScript); absent when no page needed it. Older rows have none. */
  render: z
    .looseObject({
      mode: z.string().optional(),
      available: z.boolean().optional(),
      pagesNeedingJs: z.number().int().optional(),
      pagesRendered: z.number().int().optional(),
      /** The first pages that needed JavaScript, and the first of those kept as served. */
      needed: z.array(z.string()).optional(),
      notRendered: z.array(z.string()).optional(),
      notRenderedCount: z.number().int().optional(),
      /** Browser requests refused by the SSRF guard or robots.txt (count, the first few with reasons). */
      refusedRequests: z.number().int().optional(),
      refused: z.array(z.looseObject({ url: z.string(), reason: z.string() })).optional(),
      /** Browser requests aborted by rule before any fetch: resource type, trackers, third-party hosts. */
      blocked: z
        .looseObject({
          byType: z.number().int().optional(),
          trackers: z.number().int().optional(),
          thirdParty: z.number().int().optional(),
          hosts: z.array(z.string()).optional(),
        })
        .optional(),
      renderMs: z.number().optional(),
    })
    .optional(),
});
export type JobResult = z.infer<typeof jobResultSchema>;

const isoDate = z.string().meta({ format: 'date-time', example: '2026-11-02T10:00:00.000Z' });
const uuid = z.string().meta({ format: 'uuid', example: '0f8e2d3a-7a51-4c1c-9a59-0a4f2b1b8c11' });

export { isoDate, uuid };

/** A job in lists (GET /v1/jobs): everything but the result and the files. */
export const jobSummarySchema = z
  .object({
    id: uuid,
    url: z.string(),
    siteKey: z.string().nullable(),
    kind: jobKindSchema,
    status: jobStatusSchema,
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    model: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    progress: jobProgressSchema.nullable(),
    error: z.string().nullable(),
    errorCode: z
      .string()
      .nullable()
      .meta({ description: '@ltx/core error code, e.g. http_error, llm_rate_limited' }),
    usage: tokenUsageSchema.nullable(),
    cancelRequested: z.boolean(),
    scheduleId: uuid.nullable(),
    owner: z.string().nullable().meta({
      description: 'name of the API key that submitted it (LTX_API_KEYS); null: SQL, CLI or an open API',
    }),
    hasLlmsTxt: z.boolean(),
    hasLlmsFullTxt: z.boolean(),
    createdAt: isoDate,
    updatedAt: isoDate,
    runAt: isoDate.meta({ description: 'earliest time the job may run (later after a transient error)' }),
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
    durationMs: z.number().int().nullable(),
    links: z.object({ self: z.string(), llmsTxt: z.string(), llmsFullTxt: z.string() }),
  })
  .meta({ id: 'JobSummary' });
export type JobSummary = z.infer<typeof jobSummarySchema>;

/** One job (GET /v1/jobs/:id): the summary and what generation reported. */
export const jobSchema = jobSummarySchema
  .extend({
    result: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'what generation reported: pages, warnings, limits hit, generator, attempts' }),
  })
  .meta({ id: 'Job' });
/** `result` typed as the worker writes it (the schema keeps it open: older rows may hold other keys). */
export type JobDetail = Omit<z.infer<typeof jobSchema>, 'result'> & { result: JobResult | null };

export const jobListSchema = z
  .object({
    jobs: z.array(jobSummarySchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'pass as ?cursor= for the next page; null on the last' }),
  })
  .meta({ id: 'JobList' });
export type JobList = z.infer<typeof jobListSchema>;
