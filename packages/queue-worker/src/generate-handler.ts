import {
  ConfigError,
  type CoreSettings,
  type GenerateResult,
  generate,
  type JobOptions,
  jobOptionsSchema,
  type Logger,
  type Progress,
  type Renderer,
  ValidationFailedError,
} from '@ltx/core';
import { normalizeUrl } from '@ltx/core/crawl';
import { type CompleteInput, type Database, type Job, type JobUsage, latestSuccess } from '@ltx/data-model';
import type { JobHandler, JobSuccess, RunContext } from './job-handler.js';
import { modelOfJob } from './job-model.js';

/** What a generate function gets for one job: core's options, parsed and merged, and the previous result. */
export interface GenerateContext {
  signal: AbortSignal;
  logger: Logger;
  settings: CoreSettings;
  /** The job's options with its model column merged in and the effective time limit. */
  options: JobOptions;
  onProgress: (progress: Progress) => void;
  /** Update jobs: the site's latest successful llms.txt and the crawl hash it was made from. */
  previous?: { llmsTxt: string; contentHash?: string | null } | undefined;
}

/** Builds one job's llms.txt: @ltx/core's generate() in production, a stub in queue tests and benchmarks. */
export type GenerateJob = (job: Job, ctx: GenerateContext) => Promise<GenerateResult>;

/** core's generate() with this process's browser (@ltx/render) for pages that need JavaScript, if any. */
export const generateWithCoreUsing =
  (renderer?: Renderer): GenerateJob =>
  (job, ctx) =>
    generate(
      job.url,
      { ...ctx.options, kind: job.kind },
      {
        signal: ctx.signal,
        logger: ctx.logger,
        settings: ctx.settings,
        onProgress: ctx.onProgress,
        previous: ctx.previous,
        renderer,
      },
    );

export const generateWithCore: GenerateJob = generateWithCoreUsing(undefined);

/** The job's options (core's schema) with the model column merged in; a ConfigError when they are invalid. */
export function jobOptionsOf(job: Job): JobOptions {
  const parsed = jobOptionsSchema.safeParse(job.options ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
    throw new ConfigError(`invalid job options: ${issues.join('; ')}`);
  }
  return { ...parsed.data, ...(job.model && !parsed.data.model ? { model: job.model } : {}) };
}

/** GenerateResult as the row stores it: the files and usage in their columns, the rest in `result`. */
export function toStoredResult(result: GenerateResult): CompleteInput {
  return {
    llmsTxt: result.llmsTxt,
    llmsFullTxt: result.llmsFullTxt ?? null,
    usage: result.usage,
    contentHash: result.contentHash,
    model: result.model ?? null,
    result: {
      generator: result.generator,
      model: result.model,
      pages: result.pages,
      attempts: result.attempts,
      unchanged: result.unchanged,
      warnings: result.warnings,
      limitsHit: result.limitsHit,
      skipped: result.skipped,
      durationMs: result.durationMs,
      promptTokens: result.promptTokens,
      render: result.render,
    },
  };
}

/** Debug lines at the phases a reader of the logs looks for. */
function withPhaseLogs(job: Job, ctx: RunContext): (progress: Progress) => void {
  let lastPhase = '';
  return (progress) => {
    if (progress.phase !== lastPhase) {
      lastPhase = progress.phase;
      if (progress.phase === 'crawling') ctx.logger.debug(`Job ${job.id}: Fetching website content`);
      if (progress.phase === 'model') ctx.logger.debug(`Job ${job.id}: Sending to LLM for generation`);
      if (progress.phase === 'validating')
        ctx.logger.debug({ attempt: progress.attempt }, `Job ${job.id}: Validating the answer`);
    }
    ctx.onProgress({ ...progress });
  };
}

/**
 * The llms.txt side of the worker: reads core's job options, merges the model column, finds the previous
 * result of an update job, runs generation and packs its result for the row.
 */
export function createGenerateHandler(
  database: Database,
  settings: CoreSettings,
  run: GenerateJob = generateWithCore,
): JobHandler {
  return {
    prepare(job) {
      const options = jobOptionsOf(job);
      let siteKey: string | undefined;
      try {
        siteKey = normalizeUrl(job.url);
      } catch {
        // An unusable URL: generate() reports it with a clear error.
      }
      return {
        siteKey,
        timeoutMs: options.jobTimeoutMs,
        async run(ctx): Promise<JobSuccess> {
          const previousJob =
            job.kind === 'update'
              ? await ctx.persist('load previous result', () => latestSuccess(database, siteKey ?? job.url))
              : undefined;
          const result = await run(job, {
            signal: ctx.signal,
            logger: ctx.logger,
            settings,
            // The effective limit goes down to core, which gives the crawl its share of it.
            options: { ...options, jobTimeoutMs: ctx.timeoutMs },
            previous: previousJob?.llmsTxt
              ? { llmsTxt: previousJob.llmsTxt, contentHash: previousJob.contentHash }
              : undefined,
            onProgress: withPhaseLogs(job, ctx),
          });
          return {
            stored: toStoredResult(result),
            summary: {
              pages: result.pages,
              tokens: result.usage.totalTokens,
              attempts: result.attempts,
              unchanged: result.unchanged,
              generator: result.generator,
            },
          };
        },
      };
    },
    describeFailure(error, job) {
      return {
        model: modelOfJob(job, settings),
        message:
          error instanceof ValidationFailedError && error.issues.length > 0
            ? `${error.message}:\n- ${error.issues.join('\n- ')}`
            : error.message,
        usage: (error.details?.usage as JobUsage | undefined) ?? null,
      };
    },
  };
}
