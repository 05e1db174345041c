/** Turns a job's status and last progress report into steps, a bar fraction and a sentence. Pure. */
import type { Job } from './api.js';

export const STEPS = [
  { id: 'queued', label: 'Queued' },
  { id: 'crawling', label: 'Crawl' },
  { id: 'extracting', label: 'Extract' },
  { id: 'prompting', label: 'Prompt' },
  { id: 'model', label: 'Model' },
  { id: 'validating', label: 'Validate' },
  { id: 'done', label: 'Done' },
] as const;

export type StepState = 'done' | 'current' | 'todo' | 'failed' | 'skipped';

/** Prompt and Model: the steps of a job built without a model (extractive), which it never goes through. */
const MODEL_STEPS: ReadonlySet<number> = new Set([3, 4]);

export interface ProgressView {
  /** Index into STEPS of the step the job is at. */
  stepIndex: number;
  /** 0..1 for the bar. */
  fraction: number;
  /** One sentence for people (and screen readers). */
  text: string;
  /** Small facts: "12 / 40 pages fetched" etc. */
  facts: { label: string; value: string }[];
}

const PHASE_STEP: Record<string, number> = {
  queued: 0,
  started: 0,
  crawling: 1,
  fetching: 1,
  extracting: 2,
  prompting: 3,
  model: 4,
  generating: 4,
  validating: 5,
  done: 6,
};

function ratio(part: number | undefined, whole: number | undefined): number {
  if (!part || !whole || whole <= 0) return 0;
  return Math.max(0, Math.min(1, part / whole));
}

export function progressView(job: Job): ProgressView {
  const p = job.progress ?? null;
  const facts: ProgressView['facts'] = [];
  if (p?.pagesFound !== undefined) facts.push({ label: 'Pages found', value: String(p.pagesFound) });
  if (p?.pagesFetched !== undefined) facts.push({ label: 'Pages fetched', value: String(p.pagesFetched) });
  if (p?.pagesInPrompt !== undefined)
    facts.push({ label: 'Pages in prompt', value: String(p.pagesInPrompt) });
  if (p?.attempt !== undefined) {
    facts.push({
      label: 'Model attempt',
      value: p.maxAttempts ? `${p.attempt} of ${p.maxAttempts}` : String(p.attempt),
    });
  }

  if (job.status === 'success') {
    return { stepIndex: 6, fraction: 1, text: 'Done: the llms.txt is ready.', facts };
  }

  const phase = p?.phase ?? (job.status === 'queued' ? 'queued' : 'started');
  const stepIndex = job.status === 'queued' ? 0 : (PHASE_STEP[phase] ?? 1);
  let fraction = 0.02;
  let text = 'Waiting for a worker to pick the job up.';

  if (job.status === 'queued' && job.attempts > 0) {
    text = `Waiting to retry (attempt ${job.attempts + 1}${job.maxAttempts ? ` of ${job.maxAttempts}` : ''}).`;
  } else if (job.status !== 'queued') {
    switch (stepIndex) {
      case 0:
        fraction = 0.05;
        text = 'A worker has claimed the job.';
        break;
      case 1: {
        fraction = 0.05 + 0.45 * ratio(p?.pagesFetched, p?.pagesFound);
        const found = p?.pagesFound ?? 0;
        const fetched = p?.pagesFetched ?? 0;
        text = found > 0 ? `Crawling: ${fetched} of ${found} pages fetched.` : 'Crawling the site.';
        break;
      }
      case 2:
        fraction = 0.55;
        text = 'Extracting the main content of each page.';
        break;
      case 3:
        fraction = 0.62;
        text =
          p?.pagesInPrompt !== undefined
            ? `Building the prompt from ${p.pagesInPrompt} pages.`
            : 'Building the prompt.';
        break;
      case 4: {
        const attempt = p?.attempt ?? 1;
        const max = p?.maxAttempts ?? attempt;
        fraction = 0.65 + 0.25 * ratio(attempt - 1, max);
        text = `Asking the model${max > 1 ? ` (attempt ${attempt} of ${max})` : ''}.`;
        break;
      }
      case 5: {
        const attempt = p?.attempt ?? 1;
        const max = p?.maxAttempts ?? attempt;
        fraction = 0.9;
        text = `Validating the llms.txt${max > 1 ? ` (attempt ${attempt} of ${max})` : ''}.`;
        break;
      }
      default:
        fraction = 0.97;
        text = 'Saving the result.';
    }
  }
  if (p?.message && job.status !== 'failure' && job.status !== 'cancelled') text = `${text} ${p.message}`;
  if (job.status === 'failure') text = 'The job failed.';
  if (job.status === 'cancelled') text = 'The job was cancelled.';
  return { stepIndex, fraction, text, facts };
}

/**
 * Whether the job builds its file without a model: what it reported (result), else what it asked for
 * (options), else the server's default generator when known.
 */
export function isExtractive(job: Job, serverGenerator?: 'llm' | 'extractive' | null): boolean {
  const generator = job.result?.generator ?? job.options?.generator ?? serverGenerator ?? undefined;
  return generator === 'extractive';
}

export function stepState(
  view: ProgressView,
  index: number,
  status: Job['status'],
  extractive = false,
): StepState {
  if (extractive && MODEL_STEPS.has(index)) return 'skipped';
  if (status === 'success') return 'done';
  if (index < view.stepIndex) return 'done';
  if (index === view.stepIndex) return status === 'failure' || status === 'cancelled' ? 'failed' : 'current';
  return 'todo';
}
