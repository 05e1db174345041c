import { describe, expect, it } from 'vitest';
import { makeCrawl, makePage } from '../generate/test-support.js';
import { describePage, descriptionContext, planSite } from './site-plan.js';

const u = (path: string) => `https://blog.example.org/${path}`;

describe('describePage fallbacks', () => {
  it('a page whose only prose leads into code is described by that lead-in as a sentence', () => {
    const page = makePage(u('extending-types/'), {
      title: 'Extending Types',
      text: 'Extending Types\n\nIt is possible to extend an interface (copy members from another type):\n\ninterface Y extends X { b: string; }',
      paragraphs: ['It is possible to extend an interface (copy members from another type):'],
    });
    expect(describePage(page, descriptionContext([page]))).toBe(
      'It is possible to extend an interface (copy members from another type).',
    );
  });

  it('skips a sentence holding an unrendered template tag for the next paragraph', () => {
    const page = makePage(u('0day/'), {
      title: '0-days',
      paragraphs: [
        "So imagine you're me.sidenote '' \"Stop crying\"%} Now imagine you lost the sudo group.",
        'No problem, you might reasonably think, I will just reboot into a root shell and fix that.',
      ],
    });
    expect(describePage(page, descriptionContext([page]))).toBe(
      'No problem, you might reasonably think, I will just reboot into a root shell and fix that.',
    );
  });

  it("a page whose only prose is one short complete sentence (a Javadoc member's summary) is described by it", () => {
    const page = makePage(u('http/GET.html'), {
      title: 'GET',
      text: 'Annotation Type GET\n\n@Documented public @interface GET\n\nMake a GET request.',
      headings: ['Annotation Type GET', 'Optional Element Summary'],
      paragraphs: ['Make a GET request.'],
    });
    expect(describePage(page, descriptionContext([page]))).toBe('Make a GET request.');
    // Javadoc writes it in a <div class="block">, not a <p>: the page's text lines are its prose.
    const noParagraphs = { ...page, paragraphs: [] };
    expect(describePage(noParagraphs, descriptionContext([noParagraphs]))).toBe('Make a GET request.');
  });

  it("a member's summary that index pages repeat still describes the member it names, and only it", () => {
    // Titles as the crawl leaves them: the shared ' (retrofit API)' suffix already stripped (extract/titles.ts).
    const get = makePage(u('http/GET.html'), {
      title: 'GET',
      paragraphs: ['Make a GET request.'],
    });
    const listing = makePage(u('http/package-summary.html'), {
      title: 'retrofit2.http',
      paragraphs: ['Make a GET request.'],
    });
    const uses = makePage(u('http/class-use/GET.html'), {
      title: 'Uses of Class retrofit2.http.GET',
      paragraphs: ['Make a GET request.'],
    });
    const ctx = descriptionContext([get, listing, uses]);
    expect(describePage(get, ctx)).toBe('Make a GET request.');
    expect(describePage(listing, ctx)).toBe('');
  });

  it('a short text that is no sentence, or shared by 3+ pages, does not describe a page', () => {
    const label = makePage(u('a/'), { title: 'A', paragraphs: ['Optional elements list'] });
    expect(describePage(label, descriptionContext([label]))).toBe('');
    const shared = ['a', 'b', 'c'].map((name) =>
      makePage(u(`${name}/`), { title: name.toUpperCase(), paragraphs: ['Edit this page.'] }),
    );
    expect(describePage(shared[0]!, descriptionContext(shared))).toBe('');
    const sharedLines = ['a', 'b', 'c'].map((name) =>
      makePage(u(`${name}/`), {
        title: name.toUpperCase(),
        text: `Skip navigation links\n\nEdit this page.\n\n${name}()`,
        paragraphs: [],
      }),
    );
    expect(describePage(sharedLines[0]!, descriptionContext(sharedLines))).toBe('');
  });

  it('a text on 3+ pages is boilerplate, unless those pages are copies of one page', () => {
    const lead = 'This post shows how images are laid out in a post.';
    const copies = ['dark', 'light', 'white'].map((scheme) =>
      makePage(u(`${scheme}/images/`), { title: 'Images', description: lead, paragraphs: [lead] }),
    );
    expect(describePage(copies[0]!, descriptionContext(copies))).toBe('');
    const asCopies = descriptionContext(copies, (page) => page.url.replace(/\/(dark|light|white)\//, '/'));
    expect(describePage(copies[0]!, asCopies)).toBe(lead);
  });
});

describe('summary', () => {
  it('a meta description that opens with a sentence about the page gives its next sentence', () => {
    const home = makePage(u(''), {
      rank: 1,
      title: 'Cactus',
      description:
        'The landing page of hexo-theme-cactus. A clean and simple theme for the Hexo blogging framework.',
      text: 'Hi, I am a theme with a simple blog, available in several colour schemes for everyone.',
    });
    const plan = planSite(makeCrawl(u(''), [home, makePage(u('about/'), { rank: 0.5 })]));
    expect(plan.summary).toBe('A clean and simple theme for the Hexo blogging framework.');
    // The home page's own sentence says only that it is the home page: it is not listed for it.
    expect(plan.sections.flatMap((s) => s.links).find((l) => l.page === home)?.description).toBeUndefined();
  });
});

describe('descriptions on versioned sites', () => {
  it('text a page shares with its copies in old versions is its own, not boilerplate', () => {
    const root = 'https://docs.example.org/';
    const lead = 'This is a simple application that prints your configuration.';
    const pages = [
      makePage(root, { rank: 1, text: 'Home\n\nThe home page of the project, for its readers.' }),
    ];
    for (const version of ['', '1.3/', '1.2/', '1.1/'])
      pages.push(
        makePage(`${root}docs/${version}simple-cli/`, {
          rank: version ? 0.2 : 0.8,
          title: 'A simple command-line application',
          description: lead,
          paragraphs: [lead],
          text: lead,
        }),
      );
    pages.push(makePage(`${root}docs/other/`, { rank: 0.7 }));
    const plan = planSite(makeCrawl(root, pages));
    const link = plan.sections.flatMap((s) => s.links).find((l) => l.url === `${root}docs/simple-cli/`);
    expect(link?.description).toBe(lead);
  });

  it("a meta description clipped from the page's first paragraph gives way to that paragraph", () => {
    const page = makePage(u('archive/'), {
      title: 'Version archive',
      description: 'Older documentation versions remain available for projects that have not',
      paragraphs: ['Older documentation versions remain available for projects that have not yet upgraded.'],
    });
    expect(describePage(page, descriptionContext([page]))).toBe(
      'Older documentation versions remain available for projects that have not yet upgraded.',
    );
  });

  it("a meta description that is only one of the page's headings is not used", () => {
    const page = makePage(u('api/'), {
      title: 'Bundling API',
      description: 'Quick Start',
      headings: ['Bundling API', 'Quick Start', 'Reference'],
      paragraphs: ['Metro exposes a JavaScript API to bundle an application from a script.'],
    });
    expect(describePage(page, descriptionContext([page]))).toBe(
      'Metro exposes a JavaScript API to bundle an application from a script.',
    );
  });

  it('an About page whose sentence became the summary is described by its next one', () => {
    const home = makePage(u(''), {
      rank: 1,
      title: 'NumPy',
      text: 'Why NumPy? Powerful n-dimensional arrays.',
    });
    const about = makePage(u('about/'), {
      rank: 0.8,
      title: 'About Us',
      paragraphs: [
        'NumPy is an open source project that enables numerical computing with Python.',
        'It was created in 2005 building on the early work of the Numeric and Numarray libraries.',
      ],
    });
    const plan = planSite(makeCrawl(u(''), [home, about, makePage(u('install/'), { rank: 0.5 })]));
    expect(plan.summary).toBe(
      'NumPy is an open source project that enables numerical computing with Python.',
    );
    const link = plan.sections.flatMap((s) => s.links).find((l) => l.page === about);
    expect(link?.description).toBe(
      'It was created in 2005 building on the early work of the Numeric and Numarray libraries.',
    );
  });
});
