// A synthetic docs site for the crawl and memory benchmarks, and a way to serve it from a child process so that
// the server's work does not share the measuring process's event loop (as with a real remote server).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StaticFile } from '@ltx/test-kit';

const words =
  'crawler page section index token budget markdown sitemap robots canonical anchor link heading'.split(' ');
function paragraph(seed: number): string {
  return Array.from({ length: 60 }, (_, i) => words[(seed * 7 + i * 3) % words.length]).join(' ');
}

export interface SyntheticSiteOptions {
  /** Pages in all: the home page, `sections` section indexes and the articles. */
  pages: number;
  sections?: number;
  /** Per-response latency (ms) simulating network distance; 0 = none. */
  latencyMs?: number;
  /** Path prefix of the whole site ('' = the root; '/site3' = a second site on the same server). */
  prefix?: string;
}

/** Home -> sections -> articles; every page has the nav, articles link to four neighbours. */
export function syntheticSite(options: SyntheticSiteOptions): Record<string, StaticFile> {
  const { pages, sections = 9, latencyMs = 0, prefix = '' } = options;
  const articles = pages - 1 - sections;
  const files: Record<string, StaticFile> = {};
  const sectionOf = (article: number) => article % sections;
  const nav = `<nav>${Array.from({ length: sections }, (_, s) => `<a href="${prefix}/s${s}/">Section ${s}</a>`).join(' ')}</nav>`;
  const wrap = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Bench Site</title>` +
    `<meta name="description" content="${title} description"></head><body><header>${nav}</header>` +
    `<main>${body}</main><footer>footer</footer></body></html>`;
  const add = (path: string, html: string) => {
    // Served as text/html (a path without an extension would otherwise be application/octet-stream).
    files[prefix + path] = {
      body: html,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      ...(latencyMs > 0 ? { delayMs: latencyMs } : {}),
    };
  };
  add('/', wrap('Home', `<h1>Bench Site</h1><p>${paragraph(0)}</p>`));
  for (let s = 0; s < sections; s += 1) {
    const links = Array.from({ length: articles }, (_, a) => a)
      .filter((a) => sectionOf(a) === s)
      .map((a) => `<li><a href="${prefix}/s${s}/a${a}/">Article ${a}</a></li>`)
      .join('');
    add(`/s${s}/`, wrap(`Section ${s}`, `<h1>Section ${s}</h1><p>${paragraph(s)}</p><ul>${links}</ul>`));
  }
  for (let a = 0; a < articles; a += 1) {
    const neighbours = [1, 2, 3, 17]
      .map((d) => (a + d) % articles)
      .map((n) => `<a href="${prefix}/s${sectionOf(n)}/a${n}/">Article ${n}</a>`)
      .join(' ');
    const body = `<h1>Article ${a}</h1><h2>Overview</h2><p>${paragraph(a)}</p><h2>Details</h2><p>${paragraph(a + 1)}</p>
      <pre><code class="language-ts">const x = ${a};</code></pre><p>See also ${neighbours}.</p>`;
    add(`/s${sectionOf(a)}/a${a}/`, wrap(`Article ${a}`, body));
  }
  return files;
}

export interface ServedSites {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves `sites` copies of the synthetic site (under /site0, /site1, ... when sites > 1, else at the root) from a
 * child process (site-server.ts).
 */
export async function serveSyntheticSites(
  options: SyntheticSiteOptions & { sites?: number },
): Promise<ServedSites> {
  const child = fork(fileURLToPath(new URL('./site-server.ts', import.meta.url)), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`site process exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}
