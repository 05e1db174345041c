/** All jobs, newest first, with status and URL filters and keyset paging (the API's cursor). */
import { ACTIVE_STATUSES, api, JOB_STATUSES, type Job, type JobPage } from '../api.js';
import { breakableUrl, empty, loading, type PageContext, pageFrame, statusBadge } from '../components.js';
import { h, uid } from '../dom.js';
import { elapsed, formatCount, formatDuration, formatRelative, shortUrl, statusLabel } from '../format.js';
import { loadInto, rerender, sleep } from '../refresh.js';

const PAGE_SIZE = 25;
const REFRESH_MS = 3000;
const NUMERIC = new Set(['Attempts', 'Took', 'Tokens']);

/** Cursors of the pages before the current one, per filter set, so "Previous" works without a backwards cursor. */
const history = new Map<string, string[]>();

export function jobsPage(ctx: PageContext): HTMLElement {
  ctx.setTitle('Jobs');
  const status = ctx.query.get('status') ?? '';
  const url = ctx.query.get('url') ?? '';
  const cursor = ctx.query.get('cursor') ?? '';
  const filterKey = `${status}|${url}`;

  const statusSelect = h(
    'select',
    { id: uid('status'), name: 'status' },
    h('option', { value: '' }, 'Any status'),
    JOB_STATUSES.map((s) => h('option', { value: s, selected: s === status }, statusLabel(s))),
  );
  const urlInput = h('input', {
    id: uid('url'),
    name: 'url',
    type: 'search',
    value: url,
    placeholder: 'https://docs.example.com/',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter jobs' },
    h('div', { class: 'field' }, h('label', { for: statusSelect.id }, 'Status'), statusSelect),
    h('div', { class: 'field field-grow' }, h('label', { for: urlInput.id }, 'Site URL'), urlInput),
    h('div', { class: 'field field-end' }, h('button', { type: 'submit', class: 'button' }, 'Filter')),
    status || url
      ? h(
          'div',
          { class: 'field field-end' },
          h('a', { class: 'button button-quiet', href: '#/jobs' }, 'Clear'),
        )
      : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(jobsHash({ status: statusSelect.value, url: urlInput.value.trim() }));
  });

  const results = h('div', { class: 'results', 'aria-busy': 'true' }, loading('Loading jobs…'));
  void load(ctx, results, { status, url, cursor, filterKey });

  const newJob = h('a', { class: 'button button-primary', href: '#/' }, 'New job');
  return pageFrame('jobs', 'Jobs', newJob, form, results);
}

function jobsHash(params: { status?: string; url?: string; cursor?: string }): string {
  const search = new URLSearchParams();
  if (params.status) search.set('status', params.status);
  if (params.url) search.set('url', params.url);
  if (params.cursor) search.set('cursor', params.cursor);
  const text = search.toString();
  return text ? `#/jobs?${text}` : '#/jobs';
}

async function load(
  ctx: PageContext,
  container: HTMLElement,
  filters: { status: string; url: string; cursor: string; filterKey: string },
): Promise<void> {
  for (;;) {
    const query = {
      status: filters.status || undefined,
      url: filters.url || undefined,
      cursor: filters.cursor || undefined,
      limit: PAGE_SIZE,
    };
    const page = await loadInto(ctx, container, () => api.jobs(query, ctx.signal));
    if (!page) return;
    // Keeps the focused link (by data-key) across automatic refreshes.
    rerender(container, [render(page, filters)]);
    if (filters.cursor || !page.jobs.some((job) => ACTIVE_STATUSES.includes(job.status))) return;
    await sleep(REFRESH_MS, ctx.signal);
    if (ctx.signal.aborted) return;
  }
}

function render(
  page: JobPage,
  filters: { status: string; url: string; cursor: string; filterKey: string },
): HTMLElement {
  const stack = history.get(filters.filterKey) ?? [];
  if (!filters.cursor) history.set(filters.filterKey, []);

  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    filters.cursor
      ? h(
          'a',
          {
            class: 'button button-quiet',
            href: jobsHash({
              status: filters.status,
              url: filters.url,
              cursor: stack[stack.length - 1] ?? '',
            }),
            on: {
              click: () => {
                stack.pop();
                history.set(filters.filterKey, stack);
              },
            },
          },
          stack.length > 0 ? '← Previous' : '← First page',
        )
      : null,
    page.nextCursor
      ? h(
          'a',
          {
            class: 'button',
            'data-key': 'next',
            href: jobsHash({ status: filters.status, url: filters.url, cursor: page.nextCursor }),
            on: {
              click: () => {
                history.set(filters.filterKey, [...stack, filters.cursor]);
              },
            },
          },
          'Next →',
        )
      : null,
  );

  if (page.jobs.length === 0) {
    return empty(
      filters.status || filters.url ? 'No jobs match these filters.' : 'No jobs yet.',
      h('p', null, h('a', { href: '#/' }, 'Submit a site'), ' to create one.'),
      filters.cursor ? pager : null,
    );
  }

  return h(
    'div',
    null,
    h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-label': 'Jobs', tabindex: 0 },
      h(
        'table',
        { class: 'table table-jobs' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Status', 'Site', 'Kind', 'Attempts', 'Created', 'Took', 'Tokens', 'Error'].map((label) =>
              h('th', { scope: 'col', class: NUMERIC.has(label) ? 'num' : null }, label),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          page.jobs.map((job) => row(job)),
        ),
      ),
    ),
    pager,
    h('p', { class: 'muted' }, `${page.jobs.length} job${page.jobs.length === 1 ? '' : 's'} on this page.`),
  );
}

function row(job: Job): HTMLTableRowElement {
  const took = job.startedAt ? formatDuration(elapsed(job.startedAt, job.finishedAt)) : '—';
  // data-label: on a phone the table becomes one compact card per job, each value with its column's name.
  return h(
    'tr',
    null,
    h('td', { class: 'cell-status', 'data-label': 'Status' }, statusBadge(job.status)),
    h(
      'td',
      { class: 'cell-url', 'data-label': 'Site' },
      h(
        'a',
        { href: `#/jobs/${encodeURIComponent(job.id)}`, title: job.url, 'data-key': job.id },
        breakableUrl(shortUrl(job.url)),
      ),
    ),
    h('td', { 'data-label': 'Kind' }, job.kind),
    h(
      'td',
      { class: 'num', 'data-label': 'Attempts' },
      job.maxAttempts ? `${job.attempts}/${job.maxAttempts}` : String(job.attempts),
    ),
    h(
      'td',
      { 'data-label': 'Created' },
      h('time', { datetime: job.createdAt, title: job.createdAt }, formatRelative(job.createdAt)),
    ),
    h(
      'td',
      { class: 'num', 'data-label': 'Took' },
      ACTIVE_STATUSES.includes(job.status) && job.startedAt ? `${took}…` : took,
    ),
    h('td', { class: 'num', 'data-label': 'Tokens' }, job.usage ? formatCount(job.usage.totalTokens) : '—'),
    job.error
      ? h(
          'td',
          { class: 'cell-error', 'data-label': 'Error' },
          h(
            'span',
            { title: job.error },
            job.errorCode ? h('code', null, job.errorCode) : null,
            ' ',
            job.error,
          ),
        )
      : h('td', { class: 'cell-error cell-empty', 'data-label': 'Error' }),
  );
}
