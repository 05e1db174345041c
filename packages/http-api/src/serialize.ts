import type { JobDetail, JobSummary, ScheduleBody } from '@ltx/contracts';
import type { Job, JobListItem, Schedule } from '@ltx/data-model';

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

/** A job without its result texts (those are served as text/markdown by their own routes). */
export function jobSummary(job: Job | JobListItem): JobSummary {
  const hasLlmsTxt = 'hasLlmsTxt' in job ? job.hasLlmsTxt : job.llmsTxt !== null;
  const hasLlmsFullTxt = 'hasLlmsFullTxt' in job ? job.hasLlmsFullTxt : job.llmsFullTxt !== null;
  const base = `/v1/jobs/${job.id}`;
  return {
    id: job.id,
    url: job.url,
    siteKey: job.siteKey,
    kind: job.kind,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    model: job.model,
    options: job.options ?? {},
    progress: job.progress ?? null,
    error: job.error,
    errorCode: job.errorCode,
    usage: job.usage ?? null,
    cancelRequested: job.cancelRequested,
    scheduleId: job.scheduleId,
    owner: job.owner,
    hasLlmsTxt,
    hasLlmsFullTxt,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    runAt: job.runAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    durationMs: job.startedAt && job.finishedAt ? Math.max(0, +job.finishedAt - +job.startedAt) : null,
    links: { self: base, llmsTxt: `${base}/llms.txt`, llmsFullTxt: `${base}/llms-full.txt` },
  };
}

/** The job as GET /v1/jobs/:id shows it: the summary plus what generation reported. */
export function jobDetail(job: Job): JobDetail {
  return { ...jobSummary(job), result: job.result ?? null };
}

export function scheduleView(schedule: Schedule): ScheduleBody {
  return {
    id: schedule.id,
    url: schedule.url,
    siteKey: schedule.siteKey,
    intervalSeconds: schedule.intervalSeconds,
    enabled: schedule.enabled,
    model: schedule.model,
    options: schedule.options ?? {},
    nextRunAt: schedule.nextRunAt.toISOString(),
    lastCheckedAt: iso(schedule.lastCheckedAt),
    lastEnqueuedAt: iso(schedule.lastEnqueuedAt),
    lastJobId: schedule.lastJobId,
    signals: schedule.signals ?? null,
    failures: schedule.failures,
    lastError: schedule.lastError,
    owner: schedule.owner,
    createdAt: schedule.createdAt.toISOString(),
    updatedAt: schedule.updatedAt.toISOString(),
  };
}
