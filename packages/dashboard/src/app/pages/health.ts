/** Queue health from /v1/stats (and /healthz): depth, in flight, oldest wait, outcomes in the last hour. */
import { api, type Health, JOB_STATUSES, type Stats } from '../api.js';
import { loading, type PageContext, pageFrame, statusBadge } from '../components.js';
import { type Child, h, replace } from '../dom.js';
import { formatCount, formatDuration, statusLabel } from '../format.js';
import { loadInto, sleep } from '../refresh.js';

const REFRESH_MS = 5000;

export function healthPage(ctx: PageContext): HTMLElement {
  ctx.setTitle('Queue health');
  const results = h('div', { class: 'results', 'aria-busy': 'true' }, loading('Loading queue statistics…'));
  const updated = h('p', { class: 'muted small', role: 'status' });
  void poll(ctx, results, updated);
  return pageFrame('health', 'Queue health', updated, results);
}

async function poll(ctx: PageContext, container: HTMLElement, updated: HTMLElement): Promise<void> {
  for (;;) {
    const loaded = await loadInto(ctx, container, () =>
      Promise.all([api.stats(ctx.signal), api.health(ctx.signal).catch(() => null)]),
    );
    if (!loaded) return;
    const [stats, health] = loaded;
    replace(container, render(stats, health));
    replace(
      updated,
      `Updated ${new Date().toLocaleTimeString('en-GB')} · refreshes every ${REFRESH_MS / 1000} s`,
    );
    await sleep(REFRESH_MS, ctx.signal);
    if (ctx.signal.aborted) return;
  }
}

function tile(label: string, value: Child, note?: Child, tone = ''): HTMLElement {
  return h(
    'div',
    { class: `tile ${tone}`.trim() },
    h('p', { class: 'tile-label' }, label),
    h('p', { class: 'tile-value' }, value),
    note ? h('p', { class: 'tile-note muted small' }, note) : null,
  );
}

function render(stats: Stats, health: Health | null): HTMLElement {
  const byStatus = stats.byStatus ?? {};
  const queued = byStatus.queued ?? 0;
  const waiting = queued - stats.ready;
  const finished = stats.successesLastHour + stats.failuresLastHour;
  const failureRate = finished > 0 ? stats.failuresLastHour / finished : 0;
  const oldest = stats.oldestReadyAgeSeconds;
  const total = JOB_STATUSES.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);

  return h(
    'div',
    null,
    health
      ? h(
          'p',
          { class: `health-line ${health.ok ? 'health-ok' : 'health-bad'}` },
          h('span', { class: 'dot', 'aria-hidden': 'true' }),
          health.ok
            ? 'API and database are up.'
            : `Database unreachable${health.error ? `: ${health.error}` : ''}.`,
        )
      : null,
    h(
      'div',
      { class: 'tiles' },
      tile(
        'Ready to run',
        formatCount(stats.ready),
        waiting > 0 ? `${formatCount(waiting)} more waiting to retry` : 'queued and due',
      ),
      tile('In flight', formatCount(stats.inFlight), 'started or running'),
      tile(
        'Oldest ready job',
        oldest === null ? '—' : formatDuration(oldest * 1000),
        oldest === null ? 'nothing waiting' : 'waiting for a worker',
        oldest !== null && oldest > 300 ? 'tile-warn' : '',
      ),
      tile('Done, last hour', formatCount(stats.successesLastHour)),
      tile(
        'Failed, last hour',
        formatCount(stats.failuresLastHour),
        finished > 0 ? `${Math.round(failureRate * 100)}% of finished jobs` : 'no finished jobs',
        stats.failuresLastHour > 0 ? 'tile-bad' : '',
      ),
      tile(
        'Schedules',
        `${formatCount(stats.schedules.enabled)} / ${formatCount(stats.schedules.total)}`,
        stats.schedules.failing > 0 ? `${formatCount(stats.schedules.failing)} failing` : 'enabled / total',
        stats.schedules.failing > 0 ? 'tile-warn' : '',
      ),
    ),
    h('h2', null, 'Jobs by status'),
    total === 0
      ? h('p', { class: 'muted' }, 'No jobs yet.')
      : h(
          'table',
          { class: 'table table-compact' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Status'),
              h('th', { scope: 'col', class: 'num' }, 'Jobs'),
              h('th', { scope: 'col' }, 'Share'),
            ),
          ),
          h(
            'tbody',
            null,
            JOB_STATUSES.map((status) => {
              const count = byStatus[status] ?? 0;
              return h(
                'tr',
                null,
                h('td', null, h('a', { href: `#/jobs?status=${status}` }, statusBadge(status))),
                h('td', { class: 'num' }, formatCount(count)),
                h(
                  'td',
                  { class: 'share' },
                  h('progress', {
                    class: `share-${status}`,
                    max: total,
                    value: count,
                    'aria-label': `${statusLabel(status)}: share of all jobs`,
                  }),
                  h('span', { class: 'muted small' }, ` ${Math.round((count / total) * 100)}%`),
                ),
              );
            }),
          ),
        ),
  );
}
