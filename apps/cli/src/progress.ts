import type { Progress } from '@ltx/core';

const PHASE_LABEL: Record<string, string> = {
  crawling: 'crawling',
  extracting: 'extracting',
  prompting: 'building the prompt',
  model: 'asking the model',
  validating: 'validating',
  done: 'done',
};

/** Share of the work done, 0..1: the crawl is most of it, then the model round(s). */
export function progressFraction(p: Progress): number {
  switch (p.phase) {
    case 'crawling':
      return p.pagesFound > 0 ? 0.7 * Math.min(1, p.pagesFetched / p.pagesFound) : 0;
    case 'extracting':
      return 0.72;
    case 'prompting':
      return 0.75;
    case 'model':
    case 'validating': {
      const attempts = Math.max(1, p.maxAttempts ?? 1);
      const attempt = Math.min(attempts, Math.max(1, p.attempt ?? 1));
      return 0.75 + 0.25 * ((attempt - (p.phase === 'model' ? 1 : 0.5)) / attempts);
    }
    case 'done':
      return 1;
    default:
      return 0;
  }
}

export function describeProgress(p: Progress): string {
  const parts = [PHASE_LABEL[p.phase] ?? p.phase];
  if (p.pagesFound > 0 || p.pagesFetched > 0) parts.push(`${p.pagesFetched}/${p.pagesFound} pages`);
  if (p.pagesInPrompt !== undefined) parts.push(`${p.pagesInPrompt} in the prompt`);
  if ((p.phase === 'model' || p.phase === 'validating') && p.attempt !== undefined) {
    parts.push(`attempt ${p.attempt}/${p.maxAttempts ?? '?'}`);
  }
  if (p.message) parts.push(p.message);
  return parts.join(', ');
}

export interface ProgressReporter {
  update(progress: Progress): void;
  /** Clears the bar (TTY) before the final lines. */
  finish(): void;
}

/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise one plain line per phase
 * change (logs and CI stay readable), nothing with --quiet.
 */
export function progressReporter(options: { quiet: boolean; stream?: NodeJS.WriteStream }): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update: () => {}, finish: () => {} };
  if (stream.isTTY) {
    let drawn = false;
    let lastDraw = 0;
    return {
      update(progress) {
        const now = Date.now();
        if (now - lastDraw < 80 && progress.phase === 'crawling') return;
        lastDraw = now;
        const width = 24;
        const filled = Math.round(progressFraction(progress) * width);
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
        const columns = stream.columns ?? 80;
        const line = `${bar} ${describeProgress(progress)}`.slice(0, Math.max(10, columns - 1));
        stream.write(`\r\x1b[2K${line}`);
        drawn = true;
      },
      finish() {
        if (drawn) stream.write('\r\x1b[2K');
      },
    };
  }
  let lastPhase = '';
  return {
    update(progress) {
      const key = `${progress.phase}:${progress.attempt ?? ''}`;
      if (key === lastPhase) return;
      lastPhase = key;
      stream.write(`ltx: ${describeProgress(progress)}\n`);
    },
    finish() {},
  };
}
