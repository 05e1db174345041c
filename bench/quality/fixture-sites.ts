/**
 * The fixture sites of ../shared/fixtures/sites, served the way GitHub Pages served them: each folder under its
 * base path on its own loopback server, `/x` answered with `x.html` when that file exists (the test-kit server
 * already redirects `/x` to `/x/` for a folder and serves `index.html`). Base paths and production origins are
 * read from the fixtures' README table (a folder it does not name is served under `/<folder>/`); a site whose
 * production origin is a domain root also answers its robots.txt at `/robots.txt`, where crawlers look.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { type StaticSite, startStaticSite } from '@ltx/test-kit';

export interface FixtureSite {
  name: string;
  dir: string;
  /** URL path the folder is served under, e.g. '/weac/'. */
  base: string;
  /** Production origin named by the README, when it names one. */
  production: string | undefined;
}

/** Rows of the README's site table: folder -> base path and production origin. */
export function parseSitesReadme(readme: string): Map<string, { base?: string; production?: string }> {
  const rows = new Map<string, { base?: string; production?: string }>();
  let header: string[] | undefined;
  for (const line of readme.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line
      .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
      .split('|')
      .map((cell) => cell.trim());
    if (!header) {
      header = cells.map((cell) => cell.toLowerCase());
      continue;
    }
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
    const folder = /`([^`]+)`/.exec(cells[header.indexOf('folder')] ?? '')?.[1];
    if (!folder) continue;
    const base = /`(\/[^`]*)`/.exec(cells[header.indexOf('base')] ?? '')?.[1];
    const productionCell = cells[header.findIndex((h) => h.startsWith('production'))] ?? '';
    const production = /https?:\/\/[^\s)]+/.exec(productionCell)?.[0];
    rows.set(folder.replace(/\/$/, ''), {
      ...(base ? { base } : {}),
      ...(production ? { production } : {}),
    });
  }
  return rows;
}

export function listFixtureSites(root: string): FixtureSite[] {
  const readmePath = join(root, 'README.md');
  const table = existsSync(readmePath) ? parseSitesReadme(readFileSync(readmePath, 'utf8')) : new Map();
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const row = table.get(name);
      return { name, dir: join(root, name), base: row?.base ?? `/${name}/`, production: row?.production };
    });
}

/**
 * A built site in any folder (a gh-pages tree extracted outside the repository), served like a fixture:
 * under `base` (default '/', normalised to start and end with '/'), named `name` (default the folder's name).
 */
export function folderSite(dir: string, base = '/', name?: string, production?: string): FixtureSite {
  const path = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const folder = resolve(dir);
  return { name: name ?? basename(folder), dir: folder, base: path, production };
}

/** Serves one fixture site; resolves with the server and the start URL (the base path). */
export async function serveFixtureSite(site: FixtureSite): Promise<StaticSite> {
  const root = resolve(site.dir);
  const files: Record<string, string> = {};
  const robots = join(root, 'robots.txt');
  const productionPath = site.production ? new URL(site.production).pathname : undefined;
  if (productionPath === '/' && site.base !== '/' && existsSync(robots))
    files['/robots.txt'] = readFileSync(robots, 'utf8');
  return startStaticSite({
    root,
    mount: site.base,
    files,
    handler: (req, res) => {
      // GitHub Pages answers /x with x.html when that file exists.
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!pathname.startsWith(site.base) || pathname.endsWith('/') || /\.[a-z0-9]+$/i.test(pathname))
        return false;
      const target = resolve(root, `.${sep}${pathname.slice(site.base.length)}.html`);
      if (!target.startsWith(root + sep) || !existsSync(target) || !statSync(target).isFile()) return false;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : readFileSync(target));
      return true;
    },
  });
}
