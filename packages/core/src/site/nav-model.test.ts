import { describe, expect, it } from 'vitest';
import type { NavBlock, NavItem } from '../extract/nav-blocks.js';
import { makePage } from '../generate/test-support.js';
import { buildNavModel, type NavNode, renderNavTree } from './nav-model.js';

const ROOT = 'https://docs.example.org/';
const u = (path: string) => `${ROOT}${path}`;
const link = (label: string, path: string, children: NavItem[] = []): NavItem => ({
  label,
  url: u(path),
  children,
});
const group = (label: string, children: NavItem[]): NavItem => ({ label, children });
const sidebar = (items: NavItem[]): NavBlock => ({ key: 'nav#.sidebar[]', items });
const outline = (nodes: readonly NavNode[], depth = 0): string[] =>
  nodes.flatMap((node) => [
    `${'  '.repeat(depth)}${node.label}${node.url ? `=${node.url.slice(ROOT.length - 1)}` : ''}`,
    ...outline(node.children, depth + 1),
  ]);

describe('buildNavModel', () => {
  it('merges sidebars that expand only the current branch into one tree, in the site order', () => {
    // Each page's sidebar shows the top level plus its own branch (Sphinx, MkDocs readthedocs).
    const top = (open?: string) => [
      group('Guide', [
        link('Install', 'install/', open === 'install' ? [link('On Linux', 'install/linux/')] : []),
        link('Configure', 'configure/'),
      ]),
      group('API', [link('Client', 'api/client/', open === 'client' ? [link('Events', 'api/events/')] : [])]),
    ];
    const pages = [
      makePage(ROOT, { rank: 1, navBlocks: [sidebar(top())] }),
      makePage(u('install/'), { rank: 0.9, navBlocks: [sidebar(top('install'))] }),
      makePage(u('install/linux/'), { rank: 0.5, navBlocks: [sidebar(top('install'))] }),
      makePage(u('configure/'), { rank: 0.8, navBlocks: [sidebar(top())] }),
      makePage(u('api/client/'), { rank: 0.7, navBlocks: [sidebar(top('client'))] }),
      makePage(u('api/events/'), { rank: 0.4, navBlocks: [sidebar(top('client'))] }),
    ];
    const model = buildNavModel(pages, pages[0], new Set(pages.map((p) => p.url)));
    expect(model.source).toBe('navigation');
    expect(outline(model.tree)).toEqual([
      'Guide',
      '  Install=/install/',
      '    On Linux=/install/linux/',
      '  Configure=/configure/',
      'API',
      '  Client=/api/client/',
      '    Events=/api/events/',
    ]);
    expect([...model.order.keys()].map((url) => url.slice(ROOT.length - 1))).toEqual([
      '/install/',
      '/install/linux/',
      '/configure/',
      '/api/client/',
      '/api/events/',
    ]);
    const refs = new Map(pages.map((p, i) => [p.url, `p${i + 1}`]));
    expect(renderNavTree(model.tree, (url) => refs.get(url))).toBe(
      '- Guide\n  - p2 Install\n    - p3 On Linux\n  - p4 Configure\n- API\n  - p5 Client\n    - p6 Events',
    );
  });

  it('drops pages that are not kept (their children move up) and blocks that appear on one page only', () => {
    const nav = sidebar([
      group('Docs', [link('Index', 'genindex.html', [link('A', 'a/')]), link('B', 'b/')]),
    ]);
    const once: NavBlock = {
      key: 'div#promo[]',
      items: [link('Promo', 'promo/'), link('C', 'c/'), link('D', 'd/')],
    };
    const pages = ['', 'a/', 'b/', 'genindex.html', 'promo/'].map((path, i) =>
      makePage(u(path), { rank: 1 - i / 10, navBlocks: i === 1 ? [nav, once] : [nav] }),
    );
    const keep = new Set(pages.filter((p) => !p.url.includes('genindex')).map((p) => p.url));
    const model = buildNavModel(pages, pages[0], keep);
    expect(outline(model.tree)).toEqual(['Docs', '  A=/a/', '  B=/b/']);
  });

  it('without repeated navigation: a contents page, else the rel=next chain from the home page', () => {
    const paths = ['', 'ch1.html', 'ch2.html', 'ch3.html', 'ch4.html'];
    const toc = makePage(u('toc.html'), { rank: 0.2, links: paths.slice(1).map(u) });
    const pages = paths.map((path, i) => makePage(u(path), { rank: 1 - i / 10 }));
    const keep = new Set([...pages, toc].map((p) => p.url));
    const contents = buildNavModel([...pages, toc], pages[0], keep);
    expect(contents.source).toBe('contents-page');
    expect([...contents.order.keys()].slice(1)).toEqual(paths.slice(1).map(u));

    const chained = paths.map((path, i) =>
      makePage(u(path), {
        rank: i === 0 ? 1 : i / 10,
        next: paths[i + 1] !== undefined ? u(paths[i + 1]!) : undefined,
      }),
    );
    const chain = buildNavModel(chained, chained[0], new Set(chained.map((p) => p.url)));
    expect(chain.source).toBe('next-chain');
    expect([...chain.order.keys()]).toEqual(paths.map(u));
  });

  it('breadcrumbs group a site without a sidebar: a page sits under its trail, the home crumb is the root', () => {
    const home = makePage(ROOT, { rank: 1, title: 'Home' });
    const crumb = (label: string, path?: string) => ({
      label,
      url: path === undefined ? undefined : u(path),
    });
    const page = (path: string, title: string, trail: { label: string; url?: string | undefined }[]) =>
      makePage(u(path), { rank: 0.5, title, breadcrumbs: [crumb('Home', ''), ...trail, crumb(title)] });
    const pages = [
      home,
      page('guides/', 'Guides', []),
      page('a/', 'Install', [crumb('Guides', 'guides/')]),
      page('b/', 'Configure', [crumb('Guides', 'guides/')]),
      page('c/', 'Classes', [crumb('Reference')]),
      page('d/', 'Functions', [crumb('Reference')]),
      // A small header menu repeated on every page is not the site's navigation.
    ].map((p) => ({ ...p, navBlocks: [sidebar([link('Home', ''), link('Guides', 'guides/')])] }));
    const model = buildNavModel(pages, home, new Set(pages.map((p) => p.url)));
    expect(model.source).toBe('breadcrumbs');
    expect(outline(model.tree)).toEqual([
      'Guides=/guides/',
      '  Install=/a/',
      '  Configure=/b/',
      'Reference',
      '  Classes=/c/',
      '  Functions=/d/',
    ]);
    // Without trails the menu is all there is.
    const plain = pages.map((p) => ({ ...p, breadcrumbs: undefined }));
    expect(buildNavModel(plain, home, new Set(plain.map((p) => p.url))).source).toBe('navigation');
  });

  it('a version switcher linking each page to itself, and prev/next pagers, are not the navigation', () => {
    const paths = ['', 'intro/', 'guide/a/', 'guide/b/', 'api/'];
    const side = sidebar([
      link('Intro', 'intro/'),
      link('Guide', 'guide/a/', [link('A', 'guide/a/'), link('B', 'guide/b/')]),
      link('API', 'api/'),
    ]);
    const pages = paths.map((path, i) =>
      makePage(u(path), {
        rank: 1 - i / 10,
        navBlocks: [
          // 'Next' (the version) points at the page itself in every page's navbar.
          {
            key: 'nav#.navbar[Main]',
            items: [link('Home', ''), link('Next', path), link('1.3', `1.3/${path}`)],
          },
          side,
          {
            key: 'nav#.pagination-nav[]',
            items: [link('Previous', paths[Math.max(0, i - 1)]!), link('Next »', paths[i + 1] ?? '')],
          },
        ],
      }),
    );
    const model = buildNavModel(pages, pages[0], new Set(pages.map((p) => p.url)));
    // The category keeps its own link; the same page's entry under it is not repeated.
    expect(outline(model.tree)).toEqual(['Intro=/intro/', 'Guide=/guide/a/', '  B=/guide/b/', 'API=/api/']);
  });
});
