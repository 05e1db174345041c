import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderSite, listFixtureSites, parseSitesReadme, serveFixtureSite } from './fixture-sites.js';

const readme = `# Site fixtures

| folder | source repo | generator | base | production origin | HTML | what |
|---|---|---|---|---|---|---|
| \`blog\` | a/b @ 1 | Zola | \`/blog/\` | https://blog.example/ (domain root) | 5 | blog |
| \`book\` | c/d @ 2 | hand | \`/book/\` (production is a domain root) | https://book.example/ (CNAME) | 3 | book |
| \`docs\` | e/f @ 3 | MkDocs | \`/docs/\` | https://e.github.io/docs/ | 9 | docs |

| other | table |
|---|---|
| \`x\` | y |
`;

describe('parseSitesReadme', () => {
  it('reads base paths and production origins from the table', () => {
    const rows = parseSitesReadme(readme);
    expect(rows.get('blog')).toEqual({ base: '/blog/', production: 'https://blog.example/' });
    expect(rows.get('book')).toEqual({ base: '/book/', production: 'https://book.example/' });
    expect(rows.get('docs')).toEqual({ base: '/docs/', production: 'https://e.github.io/docs/' });
    expect(rows.has('x')).toBe(false);
  });
});

describe('serveFixtureSite', () => {
  it('serves a folder under its base path like GitHub Pages: /x -> x.html, /dir -> /dir/, robots at the root', async () => {
    const root = mkdtempSync(join(tmpdir(), 'quality-sites-'));
    const site = join(root, 'blog');
    mkdirSync(join(site, 'guide'), { recursive: true });
    writeFileSync(join(root, 'README.md'), readme);
    writeFileSync(join(site, 'index.html'), '<html><body>home</body></html>');
    writeFileSync(join(site, 'about.html'), '<html><body>about</body></html>');
    writeFileSync(join(site, 'guide', 'index.html'), '<html><body>guide</body></html>');
    writeFileSync(join(site, 'robots.txt'), 'User-agent: *\nAllow: /\n');
    const [fixture] = listFixtureSites(root);
    expect(fixture).toMatchObject({ name: 'blog', base: '/blog/', production: 'https://blog.example/' });
    const server = await serveFixtureSite(fixture!);
    try {
      expect(server.url).toBe(`${server.origin}/blog/`);
      expect(await (await fetch(`${server.origin}/blog/about`)).text()).toContain('about');
      const dir = await fetch(`${server.origin}/blog/guide`, { redirect: 'manual' });
      expect(dir.status).toBe(301);
      expect(dir.headers.get('location')).toBe('/blog/guide/');
      expect((await fetch(`${server.origin}/blog/nothing`)).status).toBe(404);
      expect(await (await fetch(`${server.origin}/robots.txt`)).text()).toContain('Allow: /');
    } finally {
      await server.close();
    }
  });
});

describe('folderSite', () => {
  it('names a folder outside the fixtures as a site served under a normalised base path', async () => {
    const root = mkdtempSync(join(tmpdir(), 'quality-folder-'));
    writeFileSync(join(root, 'index.html'), '<html><body>root page</body></html>');
    writeFileSync(join(root, 'intro.html'), '<html><body>intro</body></html>');
    expect(folderSite(root).base).toBe('/');
    expect(folderSite(root, 'docs').base).toBe('/docs/');
    expect(folderSite(root, '/docs/v1', 'x', 'https://x.example/')).toMatchObject({
      name: 'x',
      base: '/docs/v1/',
      production: 'https://x.example/',
    });
    const server = await serveFixtureSite(folderSite(root, '/x/'));
    try {
      expect(server.url).toBe(`${server.origin}/x/`);
      expect(await (await fetch(`${server.origin}/x/intro`)).text()).toContain('intro');
    } finally {
      await server.close();
    }
  });
});
