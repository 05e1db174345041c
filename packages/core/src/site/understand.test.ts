import { describe, expect, it } from 'vitest';
import { buildExtractive } from '../generate/extractive.js';
import { makeCrawl, makePage } from '../generate/test-support.js';
import { validateLlmsTxt } from '../llmstxt/validate.js';
import { planSite } from '../plan/site-plan.js';
import { understandSite } from './understand.js';

const ROOT = 'https://docs.example.org/';
const u = (path: string) => `${ROOT}${path}`;
const body = (topic: string) => `${topic}\n\nThe ${topic} page explains how ${topic} works for every reader.`;

describe('understandSite + planSite', () => {
  it("keeps the start page's language: other languages by folder, <html lang> or hreflang are left out", () => {
    const pages = [
      makePage(ROOT, {
        rank: 1,
        lang: 'en',
        text: body('home'),
        alternates: [{ lang: 'ja', url: u('ja/') }],
      }),
      makePage(u('guide/'), { rank: 0.9, lang: 'en', text: body('guide') }),
      makePage(u('ja/guide/'), { rank: 0.8, lang: 'ja', text: body('ガイド') }),
      makePage(u('zh-cn/guide/'), { rank: 0.7, text: body('指南') }),
      makePage(u('notes/'), { rank: 0.6, lang: 'es', text: body('notas') }),
      makePage(u('api/'), { rank: 0.5, lang: 'en-US', text: body('api') }),
    ];
    const site = understandSite(makeCrawl(ROOT, pages));
    expect(site.lang).toBe('en');
    expect(site.counts.translation).toBe(3);
    expect(site.otherLanguages).toEqual(['es', 'ja', 'zh-cn']);
    const plan = planSite(makeCrawl(ROOT, pages));
    const urls = plan.sections.flatMap((s) => s.links.map((l) => l.url));
    expect(urls.sort()).toEqual([ROOT, u('api/'), u('guide/')].sort());
    // Sections are never named after a language folder.
    expect(plan.sections.map((s) => s.name)).not.toContain('Ja');
    expect(planSite(makeCrawl(ROOT, pages), { noteLanguages: true }).info).toContain(
      'also available in es, ja, zh-cn',
    );
  });

  it('keeps the current version: the start page’s, or the newest release behind an unversioned landing page', () => {
    const versioned = ['1.2/', '1.2/api/', '1.2/guide/', '1.1/', '1.1/api/', '0.9/guide/', 'next/guide/'];
    const fromVersion = makeCrawl(
      u('1.2/'),
      versioned.map((path, i) => makePage(u(path), { rank: 1 - i / 10, text: body(path) })),
      { basePath: '/' },
    );
    fromVersion.rootUrl = u('1.2/');
    const site = understandSite(fromVersion);
    expect(site.currentVersion).toBe('0:1.2');
    expect(site.counts['old-version']).toBe(4);
    const landing = makeCrawl(ROOT, [
      makePage(ROOT, { rank: 1, text: body('landing') }),
      ...versioned.map((path, i) => makePage(u(path), { rank: 0.9 - i / 10, text: body(path) })),
    ]);
    expect(understandSite(landing).currentVersion).toBe('0:1.2');
    const { llmsTxt } = buildExtractive(landing);
    expect(llmsTxt).not.toMatch(/\/(1\.1|0\.9|next)\//);
    expect(llmsTxt).not.toMatch(/^## 1$/m);
  });

  it('a blog is its posts: news pages that are most of the site are content, not Optional', () => {
    const pages = [
      makePage(ROOT, { rank: 1, text: body('blog') }),
      ...['a', 'b', 'c', 'd'].map((slug, i) =>
        makePage(u(`blog/${slug}/`), { rank: 0.9 - i / 10, text: body(slug) }),
      ),
      makePage(u('about/'), { rank: 0.4, text: body('about') }),
    ];
    const plan = planSite(makeCrawl(ROOT, pages));
    expect(plan.sections.map((s) => s.name)).not.toContain('Optional');
    expect(plan.site.counts.news ?? 0).toBe(0);
  });

  it('sections and link order follow the navigation; pages it lacks join the section of their folder', () => {
    const nav = {
      key: 'nav#.sidebar[]',
      items: [
        { label: 'Introduction', url: u('intro/'), children: [] },
        {
          label: 'Tutorials',
          children: [
            { label: 'Second', url: u('tutorials/second/'), children: [] },
            { label: 'First', url: u('tutorials/first/'), children: [] },
          ],
        },
        {
          label: 'Reference',
          children: [
            { label: 'CLI', url: u('ref/cli/'), children: [] },
            { label: 'API', url: u('ref/api/'), children: [] },
          ],
        },
      ],
    };
    const pages = [
      makePage(ROOT, { rank: 1, text: body('home'), navBlocks: [nav] }),
      makePage(u('ref/api/'), { rank: 0.95, text: body('api'), navBlocks: [nav] }),
      makePage(u('tutorials/first/'), { rank: 0.9, text: body('first'), navBlocks: [nav] }),
      makePage(u('intro/'), { rank: 0.3, text: body('intro'), navBlocks: [nav] }),
      makePage(u('tutorials/second/'), { rank: 0.8, text: body('second'), navBlocks: [nav] }),
      makePage(u('ref/cli/'), { rank: 0.7, text: body('cli'), navBlocks: [nav] }),
      makePage(u('ref/config/'), { rank: 0.6, text: body('config') }),
    ];
    const plan = planSite(makeCrawl(ROOT, pages));
    expect(plan.sections.map((s) => [s.name, s.links.map((l) => l.url.slice(ROOT.length - 1))])).toEqual([
      ['Docs', ['/', '/intro/']],
      ['Tutorials', ['/tutorials/second/', '/tutorials/first/']],
      ['Reference', ['/ref/cli/', '/ref/api/', '/ref/config/']],
    ]);
  });

  it('duplicate titles are told apart by their group', () => {
    const pages = [
      makePage(ROOT, { rank: 1, text: body('home') }),
      makePage(u('guide/intro/'), { title: 'Introduction', rank: 0.9, text: body('guide intro') }),
      makePage(u('guide/setup/'), { rank: 0.85, text: body('setup') }),
      makePage(u('reference/intro/'), { title: 'Introduction', rank: 0.8, text: body('reference intro') }),
      makePage(u('reference/cli/'), { rank: 0.75, text: body('cli') }),
    ];
    const titles = planSite(makeCrawl(ROOT, pages)).sections.flatMap((s) => s.links.map((l) => l.title));
    expect(titles).toContain('Introduction (Guide)');
    expect(titles).toContain('Introduction (Reference)');
  });

  it('drafts no published page links to are left out; a linked draft goes to Optional', () => {
    const pages = [
      makePage(ROOT, { rank: 1, text: body('home'), links: [u('guide/'), u('drafts/linked/')] }),
      makePage(u('guide/'), { rank: 0.9, text: body('guide'), links: [ROOT] }),
      makePage(u('setup/'), { rank: 0.85, text: body('setup'), links: [ROOT] }),
      makePage(u('drafts/linked/'), { rank: 0.8, text: body('linked draft') }),
      // Found through the sitemap only; the other draft's link to it does not publish it.
      makePage(u('drafts/idea/'), { rank: 0.7, text: body('idea'), links: [u('drafts/other/')] }),
      makePage(u('drafts/other/'), { rank: 0.6, text: body('other'), links: [u('drafts/idea/')] }),
      makePage(u('notes/wip-post/'), { rank: 0.5, title: 'Draft: a post', text: body('post') }),
    ];
    const site = understandSite(makeCrawl(ROOT, pages));
    expect(site.counts['unlinked-draft']).toBe(3);
    expect(site.counts.draft).toBe(1);
    const plan = planSite(makeCrawl(ROOT, pages));
    const optional = plan.sections.find((section) => section.optional)?.links.map((link) => link.url);
    expect(optional).toEqual([u('drafts/linked/')]);
    const all = plan.sections.flatMap((section) => section.links.map((link) => link.url));
    expect(all).not.toContain(u('drafts/idea/'));
    expect(all).not.toContain(u('notes/wip-post/'));
  });

  it('bad input: one page, no navigation, no descriptions, no lang, or 5,000 tag pages still give a sensible file', () => {
    const single = buildExtractive(makeCrawl(ROOT, [makePage(ROOT, { rank: 1, text: 'Hi' })]));
    expect(validateLlmsTxt(single.llmsTxt).valid).toBe(true);
    expect(single.plan.summary).toMatch(/\.$/);
    // A one-page site keeps its home page as the only link.
    expect(single.linked).toBe(1);
    const tags = Array.from({ length: 5000 }, (_, i) =>
      makePage(u(`tags/t${i}/`), {
        title: `Tag: t${i}`,
        rank: 0.5 - i / 20000,
        text: `post ${i}`,
        paragraphs: [],
      }),
    );
    const posts = ['a', 'b', 'c'].map((slug, i) =>
      makePage(u(`posts/${slug}/`), { rank: 0.8 - i / 10, text: body(slug) }),
    );
    const big = buildExtractive(
      makeCrawl(ROOT, [makePage(ROOT, { rank: 1, text: body('home') }), ...posts, ...tags]),
    );
    // The three posts; the home page is no entry (the H1 and the summary say what it is) ...
    expect(big.linked).toBe(3);
    expect(big.llmsTxt).not.toContain(`](${ROOT})`);
    // ... but the model still sees it.
    expect(big.plan.home).toBeDefined();
    expect(big.plan.site.counts.listing).toBe(5000);
    expect(big.llmsTxt).not.toContain('/tags/');
  });

  it("where a site has no sidebar, its breadcrumbs name the sections (the group is the trail's parent)", () => {
    const crumb = (label: string, path?: string) => ({
      label,
      url: path === undefined ? undefined : u(path),
    });
    const page = (path: string, title: string, parent: { label: string; url?: string | undefined }) =>
      makePage(u(path), {
        rank: 0.5,
        title,
        text: body(title),
        breadcrumbs: [crumb('Home', ''), parent, crumb(title)],
      });
    const pages = [
      makePage(ROOT, { rank: 1, text: body('home') }),
      page('p/1.html', 'Install', crumb('Guides', 'guides/')),
      page('p/2.html', 'Configure', crumb('Guides', 'guides/')),
      page('p/3.html', 'Classes', crumb('Reference')),
      page('p/4.html', 'Functions', crumb('Reference')),
      makePage(u('guides/'), { rank: 0.6, title: 'Guides', text: body('guides') }),
    ];
    const plan = planSite(makeCrawl(ROOT, pages));
    expect(plan.site.nav.source).toBe('breadcrumbs');
    const sections = Object.fromEntries(plan.sections.map((s) => [s.name, s.links.map((l) => l.title)]));
    expect(sections.Guides).toEqual(['Guides', 'Install', 'Configure']);
    expect(sections.Reference).toEqual(['Classes', 'Functions']);
  });
});
