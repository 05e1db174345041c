import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startFakeOpenAI, startStaticSite } from './index.js';

describe('startStaticSite', () => {
  it('serves a folder under a mount path, in-memory files over it, and records requests', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ltx-site-'));
    await mkdir(join(root, 'guide'));
    await writeFile(join(root, 'index.html'), '<h1>home</h1>');
    await writeFile(join(root, 'guide', 'index.html'), '<h1>guide</h1>');
    const site = await startStaticSite({
      root,
      mount: '/docs/',
      files: { '/robots.txt': 'User-agent: *\nDisallow: /docs/guide/' },
    });
    try {
      expect(site.url).toBe(`${site.origin}/docs/`);
      expect(await (await fetch(site.url)).text()).toBe('<h1>home</h1>');
      const redirect = await fetch(`${site.origin}/docs/guide`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/docs/guide/');
      expect(await (await fetch(`${site.origin}/docs/guide/`)).text()).toBe('<h1>guide</h1>');
      expect((await fetch(`${site.origin}/robots.txt`)).headers.get('content-type')).toContain('text/plain');
      expect((await fetch(`${site.origin}/docs/../../etc/passwd`)).status).toBe(404);
      expect(site.requests).toContain('/docs/guide/');
    } finally {
      await site.close();
    }
  });
});

describe('startFakeOpenAI', () => {
  it('answers scripted responses in order, then the fallback, and records requests', async () => {
    const llm = await startFakeOpenAI({ fallback: { content: 'fallback' } });
    try {
      llm.enqueue({ status: 429, headers: { 'retry-after': '1' } }, (req) => ({
        content: `echo ${req.model}`,
      }));
      const call = () =>
        fetch(`${llm.baseURL}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'hi' }] }),
        });
      const first = await call();
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('1');
      const second = (await (await call()).json()) as {
        choices: { message: { content: string } }[];
        usage: { total_tokens: number };
      };
      expect(second.choices[0]?.message.content).toBe('echo m1');
      expect(second.usage.total_tokens).toBeGreaterThan(0);
      const third = (await (await call()).json()) as { choices: { message: { content: string } }[] };
      expect(third.choices[0]?.message.content).toBe('fallback');
      expect(llm.requests).toHaveLength(3);
      expect(llm.requests[0]?.messages[0]?.content).toBe('hi');
    } finally {
      await llm.close();
    }
  });
});

describe('createTestDatabase', () => {
  const dbs: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('creates distinct empty databases that can be dropped', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    dbs.push(a, b);
    expect(a.name).not.toBe(b.name);
    const sql = postgres(a.url, { max: 1 });
    try {
      const [row] = await sql`select current_database() as name`;
      expect(row?.name).toBe(a.name);
    } finally {
      await sql.end();
    }
  });
});
