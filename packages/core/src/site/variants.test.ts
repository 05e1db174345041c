import { describe, expect, it } from 'vitest';
import { buildExtractive } from '../generate/extractive.js';
import { makeCrawl, makePage } from '../generate/test-support.js';
import { validateLlmsTxt } from '../llmstxt/validate.js';
import { planSite } from '../plan/site-plan.js';
import { understandSite } from './understand.js';
import { copyKey, findVariantCopies } from './variants.js';

const ROOT = 'https://themes.example.org/';
const u = (path: string) => `${ROOT}${path}`;
const POSTS: [string, string, string][] = [
  ['2020/01/images/', 'Images', 'This post shows how images are laid out in a post.'],
  ['2020/01/videos/', 'Videos', 'This post shows how embedded videos are played.'],
  ['2020/02/quotes/', 'Quotes', 'This post shows every kind of block quote the theme styles.'],
  ['2020/03/tables/', 'Tables', 'This post shows how wide tables scroll on small screens.'],
];

/** A demo blog published once per colour scheme under `<scheme>/public/`, behind a landing page. */
function themeDemo(schemes: string[]) {
  const landing = makePage(ROOT, {
    rank: 1,
    title: 'Cactus',
    description: 'The landing page of Cactus. A clean and simple theme for a personal blog.',
    text: 'Cactus\n\nA clean and simple theme for a personal blog, in several colour schemes.',
    links: schemes.map((scheme) => u(`${scheme}/public/`)),
  });
  const pages = [landing];
  schemes.forEach((scheme, s) => {
    const title = `Cactus ${scheme[0]!.toUpperCase()}${scheme.slice(1)}`;
    pages.push(
      makePage(u(`${scheme}/public/`), {
        rank: 0.9 - s / 100,
        title,
        text: `${title}\n\nHi, I am a theme for a blogging framework, great for a personal web page.`,
        paragraphs: ['Hi, I am a theme for a blogging framework, great for a personal web page.'],
      }),
    );
    POSTS.forEach(([path, postTitle, lead], p) => {
      pages.push(
        makePage(u(`${scheme}/public/${path}`), {
          rank: 0.8 - p / 10 - s / 100,
          title: postTitle,
          // The copies differ in their chrome (the scheme's name in the header), not in the post.
          text: `${postTitle}\n\n${title}\n\n${lead}`,
          description: lead,
          paragraphs: [lead],
        }),
      );
    });
  });
  return makeCrawl(ROOT, pages);
}

describe('variant copies', () => {
  it('finds sibling folders holding the same pages, keeping the copy the start page links first', () => {
    const crawl = themeDemo(['dark', 'light', 'white']);
    const copies = findVariantCopies(crawl.pages, crawl.basePath, crawl.pages[0]);
    expect(copies?.kept).toBe('dark/');
    expect(copies?.prefixes).toEqual(['dark/', 'light/', 'white/']);
    expect([...copies!.roots.values()].map((page) => page.url)).toEqual([
      u('light/public/'),
      u('white/public/'),
    ]);
    expect(copyKey(u('light/public/2020/01/images/'), '/', copies)).toBe(
      copyKey(u('dark/public/2020/01/images/'), '/', copies),
    );
  });

  it('lists one copy with its descriptions (text shared by copies is not boilerplate) and the others once', () => {
    const crawl = themeDemo(['dark', 'light', 'white', 'classic']);
    const site = understandSite(crawl);
    expect(site.counts['variant-copy']).toBe(POSTS.length * 3);
    expect(site.counts.variant).toBe(3);
    const { llmsTxt, plan } = buildExtractive(crawl);
    expect(validateLlmsTxt(llmsTxt).valid).toBe(true);
    const main = plan.sections.filter((section) => !section.optional).flatMap((section) => section.links);
    expect(main.map((link) => link.url).filter((url) => /\/(light|white|classic)\//.test(url))).toEqual([]);
    const posts = main.filter((link) => POSTS.some(([path]) => link.url.endsWith(path)));
    expect(posts).toHaveLength(POSTS.length);
    for (const link of posts) expect(link.description).toMatch(/^This post shows .*\.$/);
    const optional = plan.sections.find((section) => section.optional)!.links;
    expect(optional.map((link) => link.title).sort()).toEqual([
      'Cactus Classic',
      'Cactus Light',
      'Cactus White',
    ]);
    expect(optional[0]!.description).toMatch(/^The pages of Cactus Dark in another variant, Cactus \w+\.$/);
  });

  it('sibling sections with pages of the same names but their own content are not copies', () => {
    const pages = [makePage(ROOT, { rank: 1 })];
    for (const section of ['guide', 'tutorial'])
      for (const name of ['intro/', 'setup/', 'usage/', 'faq/'])
        pages.push(
          makePage(u(`${section}/${name}`), {
            rank: 0.5,
            title: name.replace('/', ''),
            paragraphs: [`The ${section} explains ${name} in its own words for its own readers.`],
          }),
        );
    expect(findVariantCopies(pages, '/', pages[0])).toBeUndefined();
    // Version folders are versions, not copies.
    const versions = [makePage(ROOT, { rank: 1 })];
    for (const version of ['1.2', '1.1'])
      for (const [path, title, lead] of POSTS)
        versions.push(
          makePage(u(`${version}/${path}`), { title, paragraphs: [lead], text: `${title}\n\n${lead}` }),
        );
    expect(findVariantCopies(versions, '/', versions[0])).toBeUndefined();
    expect(planSite(makeCrawl(ROOT, versions)).site.counts['variant-copy'] ?? 0).toBe(0);
  });
});
