/** Submit a site: URL, kind, generator, model, full text and crawl limits. Every error message is the API's. */
import {
  ApiError,
  AuthRequiredError,
  api,
  type Job,
  type JobOptions,
  type ServerInfo,
  type SubmitRequest,
} from '../api.js';
import { errorState, isAbort, loading, type PageContext, statusBadge } from '../components.js';
import { h, replace, uid } from '../dom.js';
import { formatRelative, shortUrl } from '../format.js';
import { withScheme } from '../links.js';

export function submitPage(ctx: PageContext): HTMLElement {
  ctx.setTitle('Generate an llms.txt');
  const prefillUrl = ctx.query.get('url') ?? '';
  const prefillKind = ctx.query.get('kind') === 'update' ? 'update' : 'new';

  const errorId = uid('submit-error');
  const urlInput = h('input', {
    id: uid('url'),
    name: 'url',
    type: 'text',
    inputmode: 'url',
    autocomplete: 'url',
    spellcheck: 'false',
    placeholder: 'https://docs.example.com/',
    value: prefillUrl,
    required: true,
    autofocus: true,
    'aria-describedby': `${errorId}-hint`,
  });
  const kindRadio = (value: 'new' | 'update') =>
    h('input', { type: 'radio', name: 'kind', value, id: uid('kind'), checked: prefillKind === value });
  const kindNew = kindRadio('new');
  const kindUpdate = kindRadio('update');
  const serverDefault = h('option', { value: '' }, 'Server default');
  const generator = h(
    'select',
    { id: uid('generator'), name: 'generator' },
    serverDefault,
    h('option', { value: 'llm' }, 'LLM (asks the model)'),
    h('option', { value: 'extractive' }, 'Extractive (no model, from the crawl alone)'),
  );
  const model = h('input', {
    id: uid('model'),
    name: 'model',
    type: 'text',
    spellcheck: 'false',
    placeholder: 'server default (LTX_MODEL)',
    list: 'ltx-models',
  });
  const models = h(
    'datalist',
    { id: 'ltx-models' },
    ['gpt-5-mini', 'gpt-5-nano', 'gpt-5.2'].map((m) => h('option', { value: m })),
  );
  const full = h('input', { id: uid('full'), name: 'full', type: 'checkbox' });
  const maxPages = h('input', {
    id: uid('max-pages'),
    name: 'maxPages',
    type: 'number',
    min: 1,
    max: 5000,
    step: 1,
    placeholder: '200',
    inputmode: 'numeric',
  });
  const maxDepth = h('input', {
    id: uid('max-depth'),
    name: 'maxDepth',
    type: 'number',
    min: 0,
    max: 20,
    step: 1,
    placeholder: '5',
    inputmode: 'numeric',
  });

  const errorBox = h('div', { id: errorId, class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'Generate llms.txt');

  const form = h(
    'form',
    { class: 'card form', novalidate: true, 'aria-labelledby': 'submit-heading' },
    h('div', { class: 'field' }, h('label', { for: urlInput.id }, 'Site URL'), urlInput),
    h(
      'p',
      { class: 'hint', id: `${errorId}-hint` },
      'The crawl stays under this URL’s path: https://example.com/docs/ covers the docs only.',
    ),
    h(
      'fieldset',
      { class: 'field field-inline' },
      h('legend', null, 'Kind'),
      h('label', { class: 'choice', for: kindNew.id }, kindNew, ' New'),
      h(
        'label',
        { class: 'choice', for: kindUpdate.id },
        kindUpdate,
        ' Update (reuse the last result when nothing changed)',
      ),
    ),
    h(
      'div',
      { class: 'grid-2' },
      h('div', { class: 'field' }, h('label', { for: generator.id }, 'Generator'), generator),
      h('div', { class: 'field' }, h('label', { for: model.id }, 'Model'), model, models),
    ),
    h(
      'div',
      { class: 'field field-check' },
      full,
      h('label', { for: full.id }, 'Also build llms-full.txt (full page text)'),
    ),
    h(
      'details',
      { class: 'advanced' },
      h('summary', null, 'Crawl limits'),
      h(
        'div',
        { class: 'grid-2' },
        h('div', { class: 'field' }, h('label', { for: maxPages.id }, 'Max pages (1–5000)'), maxPages),
        h('div', { class: 'field' }, h('label', { for: maxDepth.id }, 'Max depth (0–20)'), maxDepth),
      ),
    ),
    errorBox,
    h('div', { class: 'actions' }, submit),
  );

  function showError(message: string, code?: string) {
    replace(
      errorBox,
      h('strong', null, 'Not accepted: '),
      message,
      code ? h('code', { class: 'error-code' }, code) : null,
    );
    errorBox.hidden = false;
    urlInput.setAttribute('aria-invalid', 'true');
    urlInput.setAttribute('aria-describedby', `${errorId} ${errorId}-hint`);
  }

  function clearError() {
    errorBox.hidden = true;
    replace(errorBox);
    urlInput.removeAttribute('aria-invalid');
    urlInput.setAttribute('aria-describedby', `${errorId}-hint`);
  }

  // A "Not accepted" verdict was about the URL as it was: editing it clears the message and the red border.
  urlInput.addEventListener('input', () => {
    if (!errorBox.hidden) clearError();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    const url = withScheme(urlInput.value.trim());
    if (url !== urlInput.value.trim()) urlInput.value = url;
    if (!url) {
      showError('Enter the URL of the site to index.');
      urlInput.focus();
      return;
    }
    const options: JobOptions = {};
    if (generator.value === 'llm' || generator.value === 'extractive') options.generator = generator.value;
    if (full.checked) options.full = true;
    if (maxPages.value !== '') options.maxPages = Number(maxPages.value);
    if (maxDepth.value !== '') options.maxDepth = Number(maxDepth.value);
    const request: SubmitRequest = { url, kind: kindUpdate.checked ? 'update' : 'new' };
    if (model.value.trim()) request.model = model.value.trim();
    if (Object.keys(options).length > 0) request.options = options;

    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    replace(submit, 'Submitting…');
    try {
      const { job, created } = await api.submit(request);
      if (!created) ctx.announce('A job for this site is already in progress: showing it.');
      ctx.navigate(`#/jobs/${encodeURIComponent(job.id)}`);
    } catch (error) {
      if (error instanceof AuthRequiredError) {
        ctx.requireKey(error.message);
      } else if (error instanceof ApiError) {
        showError(error.message, error.code);
        urlInput.focus();
      } else {
        showError(error instanceof Error ? error.message : String(error));
      }
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
      replace(submit, 'Generate llms.txt');
    }
  });

  const lead = h('p', { class: 'lead' });
  const notices = h('div', { class: 'notices' });
  const showServer = (server: ServerInfo | undefined) => {
    replace(lead, ...intro(server?.generator ?? null));
    if (server?.generator) {
      const name =
        server.generator === 'llm' ? `LLM${server.model ? `, ${server.model}` : ''}` : 'extractive';
      replace(serverDefault, `Server default (${name})`);
    }
    if (server?.model) model.placeholder = `server default (${server.model})`;
    replace(
      notices,
      (server?.notices ?? []).map((notice) => h('p', { class: 'notice', role: 'status' }, notice)),
    );
  };
  showServer(undefined);
  void api.server(ctx.signal).then(showServer, () => {});

  const recent = h('div', { class: 'recent' }, loading('Loading recent jobs…'));
  void loadRecent(ctx, recent);

  return h(
    'section',
    { class: 'page page-submit' },
    h('h1', { id: 'submit-heading' }, 'Generate an llms.txt'),
    lead,
    notices,
    form,
    h('h2', null, 'Recent jobs'),
    recent,
  );
}

/** What the intro says the server does with a site: it only mentions the model when one is asked. */
function intro(generator: ServerInfo['generator']): (string | HTMLElement)[] {
  const spec = h(
    'a',
    { href: 'https://llmstxt.org/', rel: 'noopener noreferrer', target: '_blank' },
    'llms.txt',
  );
  if (generator === 'extractive') {
    return [
      'Give ltx a site: it crawls it, builds a spec-valid ',
      spec,
      ' from the pages it found (no model), checks it, and keeps it here for you to read and download.',
    ];
  }
  if (generator === 'llm') {
    return [
      'Give ltx a site: it crawls it, asks the model for a spec-valid ',
      spec,
      ', checks it, and keeps it here for you to read and download.',
    ];
  }
  return [
    'Give ltx a site: it crawls it, writes a spec-valid ',
    spec,
    ' (with a model, or from the crawl alone), checks it, and keeps it here for you to read and download.',
  ];
}

async function loadRecent(ctx: PageContext, container: HTMLElement): Promise<void> {
  try {
    const page = await api.jobs({ limit: 5 }, ctx.signal);
    if (page.jobs.length === 0) {
      replace(
        container,
        h('p', { class: 'muted' }, 'No jobs yet. Submit a site above to make the first one.'),
      );
      return;
    }
    replace(
      container,
      h(
        'ul',
        { class: 'recent-list' },
        page.jobs.map((job) => recentItem(job)),
      ),
    );
  } catch (error) {
    if (isAbort(error)) return;
    replace(
      container,
      errorState(ctx, error, () => void loadRecent(ctx, container)),
    );
  }
}

function recentItem(job: Job): HTMLElement {
  return h(
    'li',
    null,
    statusBadge(job.status),
    ' ',
    h('a', { href: `#/jobs/${encodeURIComponent(job.id)}` }, shortUrl(job.url)),
    h('span', { class: 'muted' }, ` · ${job.kind} · ${formatRelative(job.createdAt)}`),
  );
}
