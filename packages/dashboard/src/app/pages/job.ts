/**
 * One job, live: status, a progress bar and steps driven by the worker's progress reports (polled every second
 * while the job is active), then the llms.txt rendered and raw, with copy and downloads; the error on failure.
 */
import { ACTIVE_STATUSES, ApiError, AuthRequiredError, api, type Job } from '../api.js';
import {
  button,
  copyText,
  downloadText,
  empty,
  errorState,
  facts,
  isAbort,
  loading,
  type PageContext,
  statusBadge,
} from '../components.js';
import { type Child, h, replace, uid } from '../dom.js';
import { elapsed, formatCount, formatDate, formatDuration, shortUrl, statusLabel } from '../format.js';
import { externalLink } from '../links.js';
import { renderMarkdown } from '../markdown.js';
import { isExtractive, progressView, STEPS, stepState } from '../progress.js';
import { sleep } from '../refresh.js';

const POLL_MS = 1000;

/**
 * The server's default generator (GET /v1/server), for a job that named none and has not reported yet: an
 * extractive job's stepper skips Prompt and Model. Fetched once per page load; null until known.
 */
let serverGenerator: 'llm' | 'extractive' | null = null;
let serverAsked = false;
const MAX_POLL_MS = 8000;

export function jobPage(ctx: PageContext): HTMLElement {
  const id = ctx.params.id ?? '';
  ctx.setTitle('Job');
  if (!serverAsked) {
    serverAsked = true;
    void api.server().then(
      (server) => {
        serverGenerator = server.generator;
      },
      () => {
        serverAsked = false;
      },
    );
  }
  const root = h('section', { class: 'page page-job', 'aria-busy': 'true' }, loading('Loading the job…'));
  void run(ctx, id, root);
  return root;
}

interface View {
  title: HTMLElement;
  badge: HTMLElement;
  meta: HTMLElement;
  actions: HTMLElement;
  steps: HTMLOListElement;
  bar: HTMLProgressElement;
  barText: HTMLElement;
  status: HTMLElement;
  numbers: HTMLElement;
  connection: HTMLElement;
  problem: HTMLElement;
  details: HTMLElement;
  result: HTMLElement;
}

async function run(ctx: PageContext, id: string, root: HTMLElement): Promise<void> {
  let job: Job;
  try {
    job = await api.job(id, ctx.signal);
  } catch (error) {
    if (isAbort(error)) return;
    root.removeAttribute('aria-busy');
    if (error instanceof ApiError && error.status === 404) {
      replace(
        root,
        h('h1', null, 'Job not found'),
        empty(
          'There is no job with this id.',
          h('p', null, h('code', null, id)),
          h(
            'p',
            null,
            h('a', { href: '#/jobs' }, 'See all jobs'),
            ' or ',
            h('a', { href: '#/' }, 'submit a site'),
            '.',
          ),
        ),
      );
      return;
    }
    replace(
      root,
      h('h1', null, 'Job'),
      errorState(ctx, error, () => ctx.navigate(location.hash)),
    );
    return;
  }

  const view = build(ctx, root);
  let best = 0;
  let lastStatus = '';
  let lastAttempts = job.attempts;
  let delay = POLL_MS;
  root.removeAttribute('aria-busy');

  for (;;) {
    if (job.attempts !== lastAttempts) best = 0; // a retry starts the bar again
    lastAttempts = job.attempts;
    best = update(ctx, view, job, best, job.status !== lastStatus);
    if (job.status !== lastStatus && !ACTIVE_STATUSES.includes(job.status)) {
      if (lastStatus) ctx.announce(`Job ${statusLabel(job.status).toLowerCase()}.`);
      if (job.status === 'success') void showResult(ctx, view, job);
    }
    lastStatus = job.status;
    if (!ACTIVE_STATUSES.includes(job.status)) return;

    await sleep(document.hidden ? Math.max(delay, 5000) : delay, ctx.signal);
    if (ctx.signal.aborted) return;
    try {
      job = await api.job(id, ctx.signal);
      delay = POLL_MS;
      view.connection.hidden = true;
    } catch (error) {
      if (isAbort(error)) return;
      if (error instanceof AuthRequiredError) {
        ctx.requireKey(error.message);
        return;
      }
      delay = Math.min(MAX_POLL_MS, delay * 2);
      replace(
        view.connection,
        `Lost contact with the API (${error instanceof Error ? error.message : String(error)}). Retrying…`,
      );
      view.connection.hidden = false;
    }
  }
}

function build(ctx: PageContext, root: HTMLElement): View {
  const barId = uid('bar');
  const view: View = {
    title: h('h1', { class: 'job-title' }),
    badge: h('span', { class: 'job-badge' }),
    meta: h('p', { class: 'job-meta muted' }),
    actions: h('div', { class: 'actions job-actions' }),
    steps: h('ol', { class: 'steps', 'aria-label': 'Steps' }),
    bar: h('progress', { id: barId, max: 100, value: 0 }),
    barText: h('span', { class: 'bar-value' }),
    status: h('p', { class: 'progress-text', role: 'status', 'aria-live': 'polite' }),
    numbers: h('div', { class: 'progress-numbers' }),
    connection: h('p', { class: 'connection-warning', role: 'status', hidden: true }),
    problem: h('div', { class: 'job-problem' }),
    details: h('div', { class: 'job-details' }),
    result: h('div', { class: 'job-result' }),
  };
  replace(
    root,
    h(
      'nav',
      { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/jobs' }, 'Jobs'),
      ' / ',
      'Job',
    ),
    h(
      'header',
      { class: 'job-header' },
      h('div', { class: 'job-heading' }, view.title, view.badge),
      view.meta,
      view.actions,
    ),
    h(
      'section',
      { class: 'card progress-card', 'aria-labelledby': `${barId}-label` },
      h('h2', { id: `${barId}-label`, class: 'visually-hidden' }, 'Progress'),
      view.steps,
      h(
        'div',
        { class: 'bar' },
        h('label', { for: barId, class: 'visually-hidden' }, 'Overall progress'),
        view.bar,
        view.barText,
      ),
      view.status,
      view.numbers,
      view.connection,
    ),
    view.problem,
    view.result,
    h('section', { class: 'card' }, h('h2', null, 'Details'), view.details),
  );
  ctx.setTitle('Job');
  return view;
}

function update(ctx: PageContext, view: View, job: Job, best: number, statusChanged: boolean): number {
  const link = externalLink(job.url);
  replace(
    view.title,
    link
      ? h('a', { ...link, class: 'site-link' }, shortUrl(job.url))
      : h('span', { class: 'site-link' }, shortUrl(job.url)),
  );
  replace(view.badge, statusBadge(job.status));
  ctx.setTitle(`${statusLabel(job.status)} · ${shortUrl(job.url)}`);
  replace(
    view.meta,
    `${job.kind === 'update' ? 'Update' : 'New'} job · `,
    h('code', null, job.id),
    job.model ? ` · model ${job.model}` : '',
    job.options?.generator ? ` · ${job.options.generator} generator` : '',
  );

  const progress = progressView(job);
  const extractive = isExtractive(job, serverGenerator);
  const fraction = job.status === 'success' ? 1 : Math.max(best, progress.fraction);
  replace(
    view.steps,
    STEPS.map((step, index) => {
      const state = stepState(progress, index, job.status, extractive);
      return h(
        'li',
        { class: `step step-${state}`, 'aria-current': state === 'current' ? 'step' : null },
        h('span', { class: 'step-dot', 'aria-hidden': 'true' }),
        h('span', { class: 'step-label' }, step.label),
        h(
          'span',
          { class: 'visually-hidden' },
          ` (${state === 'current' ? 'in progress' : state === 'skipped' ? 'skipped: no model' : state})`,
        ),
      );
    }),
  );
  view.bar.value = Math.round(fraction * 100);
  view.bar.setAttribute('data-phase', job.progress?.phase ?? job.status);
  view.bar.classList.toggle('bar-failed', job.status === 'failure' || job.status === 'cancelled');
  view.bar.classList.toggle('bar-done', job.status === 'success');
  replace(view.barText, `${Math.round(fraction * 100)}%`);
  if (view.status.textContent !== progress.text) replace(view.status, progress.text);
  replace(
    view.numbers,
    progress.facts.length > 0
      ? facts(progress.facts.map((f): [string, Child] => [f.label, f.value]))
      : h('p', { class: 'muted' }, job.status === 'queued' ? 'No progress reported yet.' : ''),
  );

  if (statusChanged) {
    // Keep keyboard focus in the action bar when the button it was on goes away (Cancel -> Refresh).
    const hadFocus = view.actions.contains(document.activeElement);
    replace(view.actions, actions(ctx, job));
    if (hadFocus) view.actions.querySelector<HTMLElement>('button, a')?.focus();
  }
  replace(view.problem, problem(job));
  replace(view.details, details(job));
  return fraction;
}

function actions(ctx: PageContext, job: Job): Child[] {
  const list: Child[] = [];
  if (ACTIVE_STATUSES.includes(job.status)) {
    const cancel = button(
      'Cancel job',
      async () => {
        cancel.disabled = true;
        try {
          await api.cancel(job.id);
          ctx.announce('Cancel requested.');
        } catch (error) {
          cancel.disabled = false;
          if (error instanceof AuthRequiredError) ctx.requireKey(error.message);
          else ctx.announce(`Could not cancel: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
      { class: 'button-danger' },
    );
    list.push(cancel);
  } else {
    const refresh = button('Refresh this site', async () => {
      refresh.disabled = true;
      try {
        const { job: next } = await api.submit({ url: job.url, kind: 'update' });
        ctx.navigate(`#/jobs/${encodeURIComponent(next.id)}`);
      } catch (error) {
        refresh.disabled = false;
        if (error instanceof AuthRequiredError) ctx.requireKey(error.message);
        else ctx.announce(`Could not refresh: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    list.push(
      refresh,
      h(
        'a',
        { class: 'button button-quiet', href: `#/?url=${encodeURIComponent(job.url)}` },
        'New job with options…',
      ),
    );
  }
  return list;
}

function problem(job: Job): Child {
  if (job.status === 'failure') {
    return h(
      'section',
      { class: 'card card-error', role: 'alert' },
      h('h2', null, 'The job failed'),
      h('p', { class: 'error-message' }, job.error ?? 'No error message was stored.'),
      job.errorCode ? h('p', null, 'Code: ', h('code', { class: 'error-code' }, job.errorCode)) : null,
      h('p', { class: 'muted' }, `After ${job.attempts} attempt${job.attempts === 1 ? '' : 's'}.`),
    );
  }
  if (job.status === 'cancelled') {
    return h(
      'section',
      { class: 'card card-muted' },
      h('h2', null, 'Cancelled'),
      h('p', null, 'This job was cancelled before it finished.'),
    );
  }
  if (job.status === 'queued' && job.error) {
    return h(
      'section',
      { class: 'card card-warning' },
      h('h2', null, 'Will retry'),
      h('p', null, `The last attempt failed: ${job.error}`),
      job.errorCode ? h('p', null, 'Code: ', h('code', { class: 'error-code' }, job.errorCode)) : null,
    );
  }
  return null;
}

function details(job: Job): HTMLElement {
  const usage = job.usage;
  const result = job.result ?? {};
  const pages = result.pages;
  const rows: [string, Child][] = [
    ['Status', statusLabel(job.status)],
    ['Attempts', job.maxAttempts ? `${job.attempts} of ${job.maxAttempts}` : String(job.attempts)],
    ['Created', formatDate(job.createdAt)],
    ['Started', formatDate(job.startedAt)],
    ['Finished', formatDate(job.finishedAt)],
    [
      job.finishedAt ? 'Took' : 'Running for',
      job.startedAt ? formatDuration(elapsed(job.startedAt, job.finishedAt)) : '—',
    ],
    [
      'Tokens',
      usage && usage.calls === 0
        ? 'none (no model call)'
        : usage
          ? `${formatCount(usage.totalTokens)} (${formatCount(usage.promptTokens)} in, ${formatCount(usage.completionTokens)} out, ${formatCount(usage.calls)} call${usage.calls === 1 ? '' : 's'})`
          : '—',
    ],
  ];
  if (typeof result.generator === 'string') rows.push(['Generator', result.generator]);
  if (typeof result.model === 'string') rows.push(['Model', result.model]);
  if (pages) {
    rows.push([
      'Pages',
      `${formatCount(pages.fetched)} fetched of ${formatCount(pages.discovered)} found, ${formatCount(pages.inPrompt)} in the prompt, ${formatCount(pages.linked)} linked`,
    ]);
  }
  if (Array.isArray(result.limitsHit) && result.limitsHit.length > 0)
    rows.push(['Limits reached', result.limitsHit.join(', ')]);
  if (result.unchanged === true)
    rows.push(['Unchanged', 'The site had not changed: the previous llms.txt was kept.']);
  return facts(rows);
}

function warningText(warning: unknown): string {
  if (typeof warning === 'string') return warning;
  if (warning && typeof warning === 'object') {
    const w = warning as { message?: unknown; rule?: unknown; line?: unknown };
    const where = typeof w.line === 'number' ? `line ${w.line}: ` : '';
    const rule = typeof w.rule === 'string' ? ` (${w.rule})` : '';
    return `${where}${String(w.message ?? JSON.stringify(warning))}${rule}`;
  }
  return String(warning);
}

async function showResult(ctx: PageContext, view: View, job: Job): Promise<void> {
  replace(view.result, h('section', { class: 'card' }, loading('Loading the llms.txt…')));
  let text: string | null;
  let fullText: string | null = null;
  try {
    text = await api.file(job.id, 'llms.txt', ctx.signal);
    if (job.hasLlmsFullTxt !== false) fullText = await api.file(job.id, 'llms-full.txt', ctx.signal);
  } catch (error) {
    if (isAbort(error)) return;
    replace(
      view.result,
      h(
        'section',
        { class: 'card' },
        errorState(ctx, error, () => void showResult(ctx, view, job)),
      ),
    );
    return;
  }
  if (text === null) {
    replace(view.result, h('section', { class: 'card' }, empty('This job has no llms.txt stored.')));
    return;
  }
  const llmsTxt = text;

  const tabs = uid('tabs');
  const panel = (name: string, extra: Record<string, unknown>, content: Child) =>
    h(
      'div',
      {
        id: `${tabs}-${name}`,
        role: 'tabpanel',
        'aria-labelledby': `${tabs}-${name}-tab`,
        class: 'panel',
        ...extra,
      },
      content,
    );
  const renderedPanel = panel('rendered', { tabindex: 0 }, renderMarkdown(llmsTxt));
  const rawPanel = panel(
    'raw',
    { hidden: true },
    h('pre', { class: 'raw', tabindex: 0, 'aria-label': 'llms.txt source' }, h('code', null, llmsTxt)),
  );
  const tabButtons = [
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${tabs}-rendered-tab`,
        'aria-controls': renderedPanel.id,
        'aria-selected': 'true',
      },
      'Rendered',
    ),
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${tabs}-raw-tab`,
        'aria-controls': rawPanel.id,
        'aria-selected': 'false',
        tabindex: -1,
      },
      'Raw',
    ),
  ];
  const panels = [renderedPanel, rawPanel];
  const select = (index: number, focus: boolean) => {
    tabButtons.forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
      panels[i]!.hidden = i !== index;
    });
    if (focus) tabButtons[index]?.focus();
  };
  tabButtons.forEach((tab, index) => {
    tab.addEventListener('click', () => select(index, false));
    tab.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        event.preventDefault();
        select((index + (event.key === 'ArrowRight' ? 1 : tabButtons.length - 1)) % tabButtons.length, true);
      } else if (event.key === 'Home' || event.key === 'End') {
        event.preventDefault();
        select(event.key === 'Home' ? 0 : tabButtons.length - 1, true);
      }
    });
  });

  const copy = button('Copy', async () => {
    const ok = await copyText(llmsTxt);
    replace(copy, ok ? 'Copied' : 'Copy failed');
    ctx.announce(ok ? 'llms.txt copied to the clipboard.' : 'Could not copy: select the raw text instead.');
    setTimeout(() => replace(copy, 'Copy'), 2000);
  });
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    copy,
    button('Download llms.txt', () => downloadText(llmsTxt, 'llms.txt'), { class: 'button-primary' }),
    fullText !== null
      ? button('Download llms-full.txt', () => downloadText(fullText ?? '', 'llms-full.txt'))
      : null,
    h('span', { class: 'muted size' }, `${formatCount(new Blob([llmsTxt]).size)} bytes`),
  );

  const warnings = Array.isArray(job.result?.warnings) ? (job.result?.warnings as unknown[]) : [];
  replace(
    view.result,
    warnings.length > 0
      ? h(
          'section',
          { class: 'card card-warning' },
          h('h2', null, `Warnings (${warnings.length})`),
          h(
            'ul',
            { class: 'warnings' },
            warnings.map((w) => h('li', null, warningText(w))),
          ),
        )
      : null,
    h(
      'section',
      { class: 'card result-card', 'aria-labelledby': `${tabs}-heading` },
      h(
        'div',
        { class: 'result-head' },
        h('h2', { id: `${tabs}-heading` }, 'llms.txt'),
        h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'View' }, tabButtons),
      ),
      toolbar,
      renderedPanel,
      rawPanel,
    ),
  );
}
