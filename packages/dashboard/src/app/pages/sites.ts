/** Every site ltx knows: its latest llms.txt, last refresh, schedule; one-click refresh and schedule toggles. */
import { ACTIVE_STATUSES, AuthRequiredError, api, type Site } from '../api.js';
import {
  busyButton,
  button,
  downloadText,
  empty,
  loading,
  type PageContext,
  pageFrame,
  statusBadge,
} from '../components.js';
import { type Child, h, replace, uid } from '../dom.js';
import { formatInterval, formatRelative, shortUrl, toTime } from '../format.js';
import { externalLink } from '../links.js';
import { loadInto, rerender, sleep } from '../refresh.js';

const REFRESH_MS = 3000;

const INTERVALS: [number, string][] = [
  [3600, 'Hourly'],
  [6 * 3600, 'Every 6 hours'],
  [12 * 3600, 'Every 12 hours'],
  [86_400, 'Daily'],
  [7 * 86_400, 'Weekly'],
];

export function sitesPage(ctx: PageContext): HTMLElement {
  ctx.setTitle('Sites');
  const results = h('div', { class: 'results', 'aria-busy': 'true' }, loading('Loading sites…'));
  void load(ctx, results);
  const addSite = h('a', { class: 'button button-primary', href: '#/' }, 'Add a site');
  const lead = h(
    'p',
    { class: 'lead' },
    'The latest llms.txt of every site, when it was made, and how it stays fresh.',
  );
  return pageFrame('sites', 'Sites', addSite, lead, results);
}

const PAGE_SIZE = 50;

/**
 * One loop per visit: loads the sites (as many pages as "Show more" opened), renders, then waits: a few seconds
 * while some site is being refreshed, else until an action on the page asks for a reload.
 */
async function load(ctx: PageContext, container: HTMLElement): Promise<void> {
  let pages = 1;
  let focusRow = -1;
  /** The control an action was started from: focus returns to its successor after the reload. */
  let focusKey: string | undefined;
  let wake: (() => void) | undefined;
  const reload = (from?: string) => {
    focusKey = from;
    wake?.();
  };

  for (;;) {
    const sites: Site[] = [];
    let nextCursor: string | null = null;
    const loaded = await loadInto(ctx, container, async () => {
      let cursor: string | undefined;
      for (let i = 0; i < pages; i += 1) {
        const page = await api.sites({ limit: PAGE_SIZE, cursor }, ctx.signal);
        sites.push(...page.sites);
        nextCursor = page.nextCursor;
        if (!nextCursor) break;
        cursor = nextCursor;
      }
      return true;
    });
    if (!loaded) return;

    const more = nextCursor
      ? button(
          'Show more sites',
          () => {
            pages += 1;
            focusRow = sites.length;
            reload();
          },
          { 'data-key': 'more' },
        )
      : null;
    const content = [render(ctx, sites, reload), more ? h('div', { class: 'pager' }, more) : null];
    if (focusRow >= 0) {
      replace(container, ...content);
      container.querySelectorAll<HTMLElement>('tbody tr th a')[focusRow]?.focus();
    } else if (focusKey) {
      // After an action: back to the control it started from, or (now disabled) the new job's status link.
      const from = focusKey;
      (document.activeElement as HTMLElement | null)?.blur();
      rerender(container, content);
      const target = [from, `${from}-status`, from.replace(/:[^:]*$/, ':site')]
        .map((k) => container.querySelector<HTMLElement>(`[data-key="${CSS.escape(k)}"]`))
        .find((el) => el && !(el as HTMLButtonElement).disabled);
      target?.focus();
    } else {
      rerender(container, content, (key) => [`${key}-status`, key.replace(/:[^:]*$/, ':site')]);
    }
    focusRow = -1;
    focusKey = undefined;

    const moving = sites.some((site) => site.latestJob && ACTIVE_STATUSES.includes(site.latestJob.status));
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    await Promise.race([woken, moving ? sleep(REFRESH_MS, ctx.signal) : sleep(2 ** 31 - 1, ctx.signal)]);
    if (ctx.signal.aborted) return;
  }
}

function render(ctx: PageContext, sites: Site[], reload: (from?: string) => void): HTMLElement {
  if (sites.length === 0) {
    return empty(
      'No sites yet.',
      h('p', null, h('a', { href: '#/' }, 'Submit a site'), ' and it will show up here.'),
    );
  }
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': 'Sites', tabindex: 0 },
    h(
      'table',
      { class: 'table table-sites' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['Site', 'Latest llms.txt', 'Last refresh', 'Schedule', 'Refresh'].map((label) =>
            h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        sites.map((site) => row(ctx, site, reload)),
      ),
    ),
  );
}

function failed(ctx: PageContext, error: unknown, what: string): void {
  if (error instanceof AuthRequiredError) ctx.requireKey(error.message);
  else ctx.announce(`Could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
}

function row(ctx: PageContext, site: Site, reload: (from?: string) => void): HTMLTableRowElement {
  const latest = site.latestSuccess;
  const job = site.latestJob;
  const active = job !== null && ACTIVE_STATUSES.includes(job.status);

  const latestCell: Child = latest
    ? [
        h(
          'a',
          { href: `#/jobs/${encodeURIComponent(latest.id)}`, 'data-key': `${site.siteKey}:view` },
          'View',
        ),
        ' · ',
        busyButton(
          'Download',
          async () => {
            const text = await api.file(latest.id, 'llms.txt');
            if (text === null) ctx.announce('That llms.txt is no longer stored.');
            else downloadText(text, 'llms.txt');
            return undefined;
          },
          (error) => failed(ctx, error, 'download'),
          {
            class: 'button-link',
            'data-key': `${site.siteKey}:download`,
            'aria-label': `Download llms.txt of ${shortUrl(site.url)}`,
          },
        ),
      ]
    : h('span', { class: 'muted' }, 'none yet');

  const refreshCell: Child = [
    job && (active || (job.status === 'failure' && job.id !== latest?.id))
      ? h(
          'a',
          {
            href: `#/jobs/${encodeURIComponent(job.id)}`,
            class: 'inline-status',
            title: job.error ?? null,
            'data-key': `${site.siteKey}:refresh-status`,
          },
          statusBadge(job.status),
        )
      : null,
    busyButton(
      'Refresh',
      async (target) => {
        const { created } = await api.submit({ url: site.url, kind: 'update' });
        ctx.announce(
          created
            ? `Refresh of ${shortUrl(site.url)} queued.`
            : `${shortUrl(site.url)} is already being refreshed.`,
        );
        reload(target.dataset.key);
        return 'reloading';
      },
      (error) => failed(ctx, error, 'refresh'),
      {
        disabled: active,
        'data-key': `${site.siteKey}:refresh`,
        'aria-label': `Refresh ${shortUrl(site.url)}`,
      },
    ),
  ];

  const siteLink = externalLink(site.url);
  return h(
    'tr',
    null,
    h(
      'th',
      { scope: 'row', class: 'cell-url' },
      h(
        siteLink ? 'a' : 'span',
        { ...siteLink, title: site.url, 'data-key': `${site.siteKey}:site` },
        shortUrl(site.url),
      ),
      h(
        'div',
        { class: 'muted small' },
        h(
          'a',
          { href: `#/jobs?url=${encodeURIComponent(site.url)}`, 'data-key': `${site.siteKey}:jobs` },
          `${site.jobs} job${site.jobs === 1 ? '' : 's'}`,
        ),
      ),
    ),
    h('td', null, latestCell),
    h(
      'td',
      null,
      latest?.finishedAt
        ? h(
            'time',
            { datetime: latest.finishedAt, title: latest.finishedAt },
            formatRelative(latest.finishedAt),
          )
        : '—',
    ),
    h('td', null, scheduleCell(ctx, site, reload)),
    h('td', { class: 'cell-actions' }, h('div', null, refreshCell)),
  );
}

function scheduleCell(ctx: PageContext, site: Site, reload: (from?: string) => void): Child {
  const schedule = site.schedule;
  if (schedule) {
    return h(
      'div',
      { class: 'schedule' },
      h(
        'span',
        null,
        schedule.enabled ? formatInterval(schedule.intervalSeconds) : h('span', { class: 'muted' }, 'paused'),
        schedule.enabled
          ? h(
              'span',
              { class: 'muted small' },
              ` · ${(toTime(schedule.nextRunAt) ?? 0) <= Date.now() + 5000 ? 'due now' : `next ${formatRelative(schedule.nextRunAt)}`}`,
            )
          : null,
      ),
      schedule.failures > 0
        ? h(
            'span',
            { class: 'schedule-failing small', title: schedule.lastError ?? '' },
            `${schedule.failures} failure${schedule.failures === 1 ? '' : 's'} in a row: backing off`,
          )
        : null,
      busyButton(
        schedule.enabled ? 'Pause' : 'Resume',
        async (target) => {
          await api.updateSchedule(schedule.id, { enabled: !schedule.enabled });
          ctx.announce(`Schedule for ${shortUrl(site.url)} ${schedule.enabled ? 'paused' : 'resumed'}.`);
          reload(target.dataset.key);
          return 'reloading';
        },
        (error) => failed(ctx, error, 'change the schedule'),
        {
          class: 'button-small',
          'data-key': `${site.siteKey}:toggle`,
          'aria-label': `${schedule.enabled ? 'Pause' : 'Resume'} the schedule of ${shortUrl(site.url)}`,
        },
      ),
    );
  }

  const select = h(
    'select',
    {
      id: uid('interval'),
      'data-key': `${site.siteKey}:interval`,
      class: 'select-small',
      'aria-label': `Refresh interval for ${shortUrl(site.url)}`,
    },
    INTERVALS.map(([seconds, label]) => h('option', { value: seconds, selected: seconds === 86_400 }, label)),
  );
  const form = h(
    'form',
    { class: 'schedule-form' },
    select,
    h(
      'button',
      {
        type: 'submit',
        class: 'button button-small',
        'data-key': `${site.siteKey}:toggle`,
        'aria-label': `Schedule ${shortUrl(site.url)}`,
      },
      'Schedule',
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button');
    if (submit) submit.disabled = true;
    try {
      await api.createSchedule({ url: site.url, intervalSeconds: Number(select.value) });
      ctx.announce(`${shortUrl(site.url)} will refresh ${formatInterval(Number(select.value))}.`);
      reload(`${site.siteKey}:toggle`);
    } catch (error) {
      if (submit) submit.disabled = false;
      failed(ctx, error, 'create the schedule');
    }
  });
  return form;
}
