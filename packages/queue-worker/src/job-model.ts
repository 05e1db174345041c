import { type CoreSettings, DEFAULT_MODEL } from '@ltx/core';
import type { Job } from '@ltx/data-model';

/**
 * The model a job runs with, for the record of a failed job (a success stores the one generation used): its
 * own, else the worker's default. Null when the job builds its file without a model (extractive).
 */
export function modelOfJob(job: Pick<Job, 'model' | 'options'>, settings: CoreSettings): string | null {
  const generator = (job.options?.generator as string | undefined) ?? settings.defaultGenerator ?? 'llm';
  if (generator !== 'llm') return job.model ?? null;
  return job.model ?? settings.defaultModel ?? DEFAULT_MODEL;
}
