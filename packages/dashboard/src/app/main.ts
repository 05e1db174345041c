/** The shell: header and navigation, hash routing, the API-key form, and announcements. */
import './styles.css';
import { getApiKey, setApiKey } from './api.js';
import type { Page, PageContext } from './components.js';
import { h, replace, uid } from './dom.js';
import { healthPage } from './pages/health.js';
import { jobPage } from './pages/job.js';
import { jobsPage } from './pages/jobs.js';
import { sitesPage } from './pages/sites.js';
import { submitPage } from './pages/submit.js';

interface Route {
  pattern: RegExp;
  page: Page;
  names?: string[];
  nav?: string;
}

const ROUTES: Route[] = [
  { pattern: /^\/(?:submit)?$/, page: submitPage, nav: 'submit' },
  { pattern: /^\/jobs\/([^/]+)$/, page: jobPage, names: ['id'], nav: 'jobs' },
  { pattern: /^\/jobs$/, page: jobsPage, nav: 'jobs' },
  { pattern: /^\/sites$/, page: sitesPage, nav: 'sites' },
  { pattern: /^\/health$/, page: healthPage, nav: 'health' },
];

const NAV: [string, string, string][] = [
  ['submit', '#/', 'Generate'],
  ['jobs', '#/jobs', 'Jobs'],
  ['sites', '#/sites', 'Sites'],
  ['health', '#/health', 'Queue'],
];

function notFound(ctx: PageContext): HTMLElement {
  ctx.setTitle('Not found');
  return h(
    'section',
    { class: 'page' },
    h('h1', null, 'Page not found'),
    h('p', null, 'There is nothing at this address. ', h('a', { href: '#/' }, 'Go to the start page'), '.'),
  );
}

const navLinks = new Map<string, HTMLAnchorElement>();
const main = h('main', { id: 'main-content', tabindex: -1 });
const keyPanel = h('div', { class: 'key-panel-slot' });
const toast = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
const keyStatus = h('span', { class: 'key-status' });

let controller: AbortController | null = null;
let toastTimer: ReturnType<typeof setTimeout> | undefined;
let firstRender = true;

function announce(message: string): void {
  replace(toast, message);
  toast.classList.add('toast-visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    // Fade out with the text still in it; empty it only once it is gone (an empty pill never shows).
    toast.classList.remove('toast-visible');
    toastTimer = setTimeout(() => replace(toast), TOAST_FADE_MS + 50);
  }, 5000);
}

/** The toast's fade (styles.css .toast transition). */
const TOAST_FADE_MS = 200;

function setTitle(title: string): void {
  document.title = `${title} · ltx`;
}

function navigate(hash: string): void {
  if (location.hash === hash || (hash === '#/' && (location.hash === '' || location.hash === '#'))) render();
  else location.hash = hash;
}

function renderKeyStatus(): void {
  const key = getApiKey();
  replace(
    keyStatus,
    key
      ? h(
          'button',
          {
            type: 'button',
            class: 'button-link small',
            on: {
              click: () => {
                setApiKey(null);
                renderKeyStatus();
                announce('API key forgotten for this browser session.');
                render();
              },
            },
          },
          'Forget API key',
        )
      : null,
  );
}

function requireKey(message?: string): void {
  if (keyPanel.firstChild) return;
  const inputId = uid('api-key');
  const input = h('input', {
    id: inputId,
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': `${inputId}-hint`,
  });
  const hadKey = Boolean(getApiKey());
  const form = h(
    'form',
    { class: 'card key-panel', 'aria-labelledby': `${inputId}-title` },
    h(
      'h2',
      { id: `${inputId}-title` },
      hadKey ? 'That API key was refused' : 'This ltx server needs an API key',
    ),
    h(
      'p',
      { id: `${inputId}-hint`, class: 'muted' },
      message && message !== 'Unauthorized' ? `The server said: ${message.replace(/[.\s]*$/, '')}. ` : '',
      'The key is kept for this browser session only (sessionStorage) and sent as a Bearer token.',
    ),
    h(
      'div',
      { class: 'key-row' },
      h('label', { for: inputId }, 'API key'),
      input,
      h('button', { type: 'submit', class: 'button button-primary' }, 'Use key'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      input.focus();
      return;
    }
    setApiKey(key);
    replace(keyPanel);
    renderKeyStatus();
    render();
  });
  replace(keyPanel, form);
  requestAnimationFrame(() => input.focus());
}

function parseHash(): { path: string; query: URLSearchParams } {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?', 2);
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(search) };
}

function render(): void {
  controller?.abort();
  controller = new AbortController();
  const { path, query } = parseHash();
  let page: Page = notFound;
  let params: Record<string, string> = {};
  let nav: string | undefined;
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    page = route.page;
    nav = route.nav;
    params = Object.fromEntries(
      (route.names ?? []).map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
    );
    break;
  }
  for (const [id, link] of navLinks) {
    if (id === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const ctx: PageContext = {
    params,
    query,
    signal: controller.signal,
    navigate,
    setTitle,
    requireKey,
    announce,
  };
  replace(main, page(ctx));
  if (!firstRender) {
    // Move focus to the new page's heading so keyboard and screen-reader users land on it.
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    } else main.focus();
  }
  firstRender = false;
}

function shell(): HTMLElement {
  const skip = h('a', { class: 'skip-link', href: '#main-content' }, 'Skip to content');
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  return h(
    'div',
    { class: 'app' },
    skip,
    h(
      'header',
      { class: 'topbar' },
      h(
        'div',
        { class: 'topbar-inner' },
        h(
          'a',
          { class: 'brand', href: '#/' },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '▤'),
          'ltx',
        ),
        h(
          'nav',
          { class: 'mainnav', 'aria-label': 'Main' },
          h(
            'ul',
            null,
            NAV.map(([id, href, label]) => {
              const link = h('a', { href }, label);
              navLinks.set(id, link);
              return h('li', null, link);
            }),
          ),
        ),
      ),
    ),
    h('div', { class: 'container' }, keyPanel, main),
    h(
      'footer',
      { class: 'footer' },
      h(
        'div',
        { class: 'container footer-inner' },
        h('span', null, 'ltx turns websites into llms.txt files.'),
        keyStatus,
      ),
    ),
    toast,
  );
}

document.body.appendChild(shell());
renderKeyStatus();
window.addEventListener('hashchange', render);
render();
