/**
 * Support for the dashboard's browser test (dashboard.e2e.test.ts): a synthetic docs site for the crawl, and
 * `ltx serve` as a child process. It lives in test/, beside src/, so nothing of it can reach the CLI build.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHROMIUM_PATH, CHROMIUM_ARGS as RENDER_CHROMIUM_ARGS } from '@ltx/render';
import type { StaticFile } from '@ltx/test-kit';

/** The built CLI entry the test starts (`pnpm start` runs the same file with `serve`). */
export const CLI_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Debian's Chromium (scripts/install-chromium.sh installs it in CI); LTX_CHROMIUM overrides the path. */
export const CHROMIUM = process.env.LTX_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** The launch flags of @ltx/render, the browser the product runs (no sandbox as root, no calls of its own). */
export const CHROMIUM_ARGS = [...RENDER_CHROMIUM_ARGS];

const PAGES: { path: string; title: string; body: string }[] = [
  {
    path: '/docs/',
    title: 'Summit Test Docs',
    body: 'Summit is a trail-mapping toolkit. These docs cover installing it, configuring it and its API.',
  },
  {
    path: '/docs/start/',
    title: 'Quick start',
    body: 'Install Summit with npm, then run summit init to map a first trail from a GPX file.',
  },
  {
    path: '/docs/config/',
    title: 'Configuration',
    body: 'Every option of summit.toml: units, elevation source, tile cache and export formats.',
  },
  {
    path: '/docs/api/',
    title: 'Trails API',
    body: 'Create, list, update and export trails over HTTP. Every call takes a bearer token.',
  },
  {
    path: '/docs/guides/',
    title: 'Guides',
    body: 'Longer walkthroughs: planning a route, sharing maps and working offline.',
  },
  {
    path: '/docs/guides/offline/',
    title: 'Offline maps',
    body: 'Download tiles ahead of a trip and use Summit without a connection.',
  },
  {
    path: '/docs/changelog/',
    title: 'Changelog',
    body: 'Every release of Summit with its breaking changes and migrations.',
  },
];

/**
 * A small docs site under /docs/ with navigation on every page. Each page answers after `delayMs`, so the
 * crawl takes long enough for the dashboard's progress to be seen moving.
 */
export function docsSiteFiles(delayMs: number): Record<string, StaticFile> {
  const nav = PAGES.map((p) => `<li><a href="${p.path}">${p.title}</a></li>`).join('');
  const files: Record<string, StaticFile> = {};
  for (const page of PAGES) {
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${page.title} | Summit</title>
<meta name="description" content="${page.body}"></head>
<body><header><nav><ul>${nav}</ul></nav></header>
<main><h1>${page.title}</h1><p>${page.body}</p><p>${page.body} ${page.body}</p></main>
<footer>Summit docs</footer></body></html>`;
    files[page.path] = { body, delayMs, headers: { 'content-type': 'text/html; charset=utf-8' } };
  }
  return files;
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `node apps/cli/dist/main.js serve` with `env` (PORT, LTX_DATA_DIR, ...), waiting until /healthz answers 200.
 * The embedded database (PGlite) takes a few seconds on its first start.
 */
export async function startServe(env: Record<string, string>, timeoutMs = 90_000): Promise<ServeProcess> {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The embedded default: no DATABASE_URL, whatever the shell running the tests has.
    if (value !== undefined && key !== 'DATABASE_URL' && key !== 'LTX_API_KEYS') childEnv[key] = value;
  }
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, [CLI_MAIN, 'serve'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });

  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`ltx serve ${exited} before answering /healthz:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`ltx serve did not answer /healthz within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
