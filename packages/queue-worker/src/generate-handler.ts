import { generate } from '@ltx/core';
import type { JobHandler } from './worker.js';

/** The production handler: @ltx/core's generate() for the job's URL, kind and options. */
export const generateHandler: JobHandler = (job, ctx) =>
  generate(
    job.url,
    { ...ctx.options, kind: job.kind },
    {
      signal: ctx.signal,
      logger: ctx.logger,
      settings: ctx.settings,
      onProgress: ctx.onProgress,
      previous: ctx.previous,
    },
  );
