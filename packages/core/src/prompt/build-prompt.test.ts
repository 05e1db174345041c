import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { buildExtractive } from '../generate/extractive.js';
import { makeCrawl, makePage } from '../generate/test-support.js';
import { validateLlmsTxt } from '../llmstxt/validate.js';
import { buildPrompt, buildRetryMessages, SYSTEM_PROMPT } from './build-prompt.js';
import type { ChatMessage } from './tokens.js';

/** Independent count of a request's input tokens: o200k_base per message plus OpenAI's chat framing. */
const requestTokens = (messages: ChatMessage[]) =>
  messages.reduce((sum, m) => sum + 3 + countTokens(m.content, { disallowedSpecial: new Set() }), 3);

const words = [
  'widget',
  'gadget',
  'server',
  'client',
  'config',
  'deploy',
  'cache',
  'token',
  'route',
  'schema',
];
const prose = (seed: number, sentences: number) =>
  Array.from({ length: sentences }, (_, i) => {
    const w = (k: number) => words[(seed * 7 + i * 3 + k) % words.length];
    return `The ${w(0)} ${w(1)} handles ${w(2)} and ${w(3)} for ${w(4)} number ${seed}-${i}.`;
  }).join(' ');

/** A docs site of `n` pages with long texts, ranked by position (with meta descriptions unless `bare`). */
function bigSite(n: number, bare = false) {
  const root = 'https://docs.example.org/';
  const pages = [
    makePage(root, { title: 'Example', description: 'Example docs.', rank: 1, text: prose(0, 40) }),
  ];
  for (let i = 1; i < n; i++) {
    pages.push(
      makePage(`${root}section-${i % 7}/page-${i}/`, {
        title: `Page ${i}`,
        description: bare ? '' : `What page ${i} covers.`,
        headings: bare ? [`Page ${i}`] : [`Page ${i}`, `Part A of ${i}`, `Part B of ${i}`],
        // Bare pages have no sentence to describe them by: only short lines (labels, list items).
        text: bare ? `Page ${i}\n\n${prose(i, 40).split(' ').join('\n')}` : `Page ${i}\n\n${prose(i, 60)}`,
        rank: 1 - i / (n + 1),
      }),
    );
  }
  return makeCrawl(root, pages);
}

describe('buildPrompt', () => {
  it('puts the rules, the suggested sections by reference and the digest in system + user messages, never HTML', async () => {
    const crawl = bigSite(12);
    const skeleton = buildExtractive(crawl);
    const prompt = await buildPrompt(crawl, skeleton);
    expect(prompt.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(prompt.messages[0]!.content).toBe(SYSTEM_PROMPT);
    expect(SYSTEM_PROMPT).toContain('Use only URLs that appear in the page list, by their reference');
    expect(SYSTEM_PROMPT).toContain('named exactly "Optional"');
    const user = prompt.messages[1]!.content;
    // No draft file any more (issue 9: half the tokens): the grouping is sent as references.
    expect(user).not.toContain('<draft>');
    expect(user).toContain('Suggested sections (pages by reference)');
    expect(user).toMatch(/^- Section 1: p\d+ p\d+$/m);
    crawl.pages.forEach((page, index) => {
      expect(user).toContain(`p${index + 1} ${page.url} | ${page.title}`);
      expect(prompt.refs.get(`p${index + 1}`)).toBe(page.url);
    });
    expect(user).not.toMatch(/<(html|div|body|script)\b/i);
    // Every page has a description: none needs an excerpt.
    expect(prompt).toMatchObject({ pagesInPrompt: 12, pagesOmitted: 0, pagesWithExcerpt: 0, limitsHit: [] });
    expect(prompt.skeletonLinks).toBe(12);
    expect(prompt.promptTokens).toBe(requestTokens(prompt.messages));
  });

  it('represents every page before any page gets an excerpt; excerpts only for undescribed pages, within the budget', async () => {
    const crawl = bigSite(120, true);
    const skeleton = buildExtractive(crawl);
    const budget = 9000;
    const prompt = await buildPrompt(crawl, skeleton, { promptTokenBudget: budget });
    const user = prompt.messages[1]!.content;
    expect(prompt.pagesInPrompt).toBe(120);
    for (const page of crawl.pages) expect(user).toContain(`${page.url} | ${page.title}`);
    // Not every page got an excerpt: the budget ran out first, and the ones that did are the highest-ranked.
    expect(prompt.pagesWithExcerpt).toBeGreaterThan(0);
    expect(prompt.pagesWithExcerpt).toBeLessThan(120);
    const excerpts = [
      ...user.matchAll(/^p(\d+) [^\n]+\n(?: {2}(?:description|headings): [^\n]*\n)* {2}excerpt:/gm),
    ].map((m) => Number(m[1]));
    expect(excerpts.length).toBe(prompt.pagesWithExcerpt);
    // p1, the home page, has a description and needs none; then p2, p3 ... in rank order.
    expect(excerpts).toEqual(Array.from({ length: excerpts.length }, (_, i) => i + 2));
    expect(prompt.promptTokens).toBe(requestTokens(prompt.messages));
    expect(prompt.promptTokens).toBeLessThanOrEqual(budget);
    expect(prompt.pagesOmitted).toBe(0);
  });

  it('leaves junk pages out, carries the navigation tree by reference and names secondary kinds', async () => {
    const root = 'https://docs.example.org/';
    const nav = {
      key: 'nav#.sidebar[]',
      items: [
        {
          label: 'Guide',
          children: [
            { label: 'Install', url: `${root}guide/install/`, children: [] },
            { label: 'Configure', url: `${root}guide/configure/`, children: [] },
          ],
        },
        { label: 'Changelog', url: `${root}changelog/`, children: [] },
      ],
    };
    const body = (title: string) =>
      `${title}\n\nThe ${title} page explains ${title} for every reader of the docs.`;
    const pages = [
      makePage(root, { title: 'Example', rank: 1, text: body('Example'), navBlocks: [nav] }),
      makePage(`${root}guide/install/`, {
        title: 'Install',
        rank: 0.9,
        text: body('Install'),
        navBlocks: [nav],
      }),
      makePage(`${root}guide/configure/`, {
        title: 'Configure',
        rank: 0.8,
        text: body('Configure'),
        navBlocks: [nav],
      }),
      makePage(`${root}changelog/`, {
        title: 'Changelog',
        rank: 0.7,
        text: body('Changelog'),
        navBlocks: [nav],
      }),
      makePage(`${root}genindex.html`, { title: 'Index', rank: 0.6, text: 'A\nB\nC', navBlocks: [nav] }),
      makePage(`${root}tags/setup/`, { title: 'Tag: setup', rank: 0.5, text: 'Install\nConfigure' }),
    ];
    const crawl = makeCrawl(root, pages);
    const prompt = await buildPrompt(crawl, buildExtractive(crawl));
    const user = prompt.messages[1]!.content;
    expect(user).not.toContain('genindex.html');
    expect(user).not.toContain('/tags/setup/');
    expect(prompt.pagesInPrompt).toBe(4);
    expect(prompt.pagesExcluded).toBe(2);
    expect(user).toContain('left out: generated-index 1, listing 1');
    const ref = (url: string) => [...prompt.refs].find(([, target]) => target === url)![0];
    expect(user).toContain(
      `<navigation>\n- Guide\n  - ${ref(`${root}guide/install/`)} Install\n  - ${ref(`${root}guide/configure/`)} Configure\n</navigation>`,
    );
    expect(user).toMatch(/^- Optional: p4$/m);
    expect(user).toContain(`${ref(`${root}changelog/`)} ${root}changelog/ | Changelog (changelog)`);
  });

  it('fills the default 32k budget on a large site without exceeding it', async () => {
    const crawl = bigSite(300);
    const prompt = await buildPrompt(crawl, buildExtractive(crawl));
    expect(prompt.budget).toBe(32_000);
    expect(prompt.pagesInPrompt).toBe(300);
    expect(prompt.promptTokens).toBe(requestTokens(prompt.messages));
    expect(prompt.promptTokens).toBeLessThanOrEqual(32_000);
  });

  it('with a budget too small for every minimal line: keeps the highest-ranked pages and reports promptTokenBudget', async () => {
    const crawl = bigSite(400);
    const prompt = await buildPrompt(crawl, buildExtractive(crawl), { promptTokenBudget: 4000 });
    expect(prompt.limitsHit).toContain('promptTokenBudget');
    expect(prompt.pagesOmitted).toBeGreaterThan(0);
    expect(prompt.pagesInPrompt + prompt.pagesOmitted).toBe(400);
    expect(prompt.promptTokens).toBeLessThanOrEqual(4000);
    expect(prompt.promptTokens).toBe(requestTokens(prompt.messages));
    // The suggested sections name only pages that are in the list.
    expect(prompt.skeletonLinks).toBe(prompt.pagesInPrompt);
    const user = prompt.messages[1]!.content;
    expect(user).toContain(`Pages in the list below: ${prompt.pagesInPrompt} of 400`);
    const listed = crawl.pages.filter((page) => user.includes(`${page.url} | `)).map((page) => page.url);
    expect(listed).toEqual(crawl.pages.slice(0, prompt.pagesInPrompt).map((page) => page.url));
  });

  it('update prompt: carries the previous file, marks new pages and lists links that are gone', async () => {
    const crawl = bigSite(6);
    const previous = [
      '# Example',
      '',
      '> Old summary.',
      '',
      'Old info.',
      '',
      '## Docs',
      '',
      `- [Page 1](${crawl.pages[1]!.url}): first`,
      '- [Removed](https://docs.example.org/removed/): gone now',
      '',
    ].join('\n');
    const prompt = await buildPrompt(crawl, buildExtractive(crawl), {
      kind: 'update',
      previousLlmsTxt: previous,
    });
    const user = prompt.messages[1]!.content;
    expect(user).toContain(`<current_llms_txt>\n${previous.trim()}\n</current_llms_txt>`);
    expect(user).not.toContain('<draft>');
    expect(user).toContain('- https://docs.example.org/removed/');
    expect(user).toContain(`${crawl.pages[2]!.url} | ${crawl.pages[2]!.title} [new]`);
    expect(user).not.toContain(`${crawl.pages[1]!.url} | ${crawl.pages[1]!.title} [new]`);
    expect(user).toContain('Write the updated llms.txt now.');
  });
});

describe('buildRetryMessages', () => {
  it('continues the conversation with the rejected answer and the exact errors', () => {
    const base: ChatMessage[] = [
      { role: 'system', content: 'rules' },
      { role: 'user', content: 'site' },
    ];
    const answer = 'Sure! Here it is.';
    const validation = validateLlmsTxt(answer);
    const messages = buildRetryMessages(base, answer, validation.errors);
    expect(messages.slice(0, 2)).toEqual(base);
    expect(messages[2]).toEqual({ role: 'assistant', content: answer });
    expect(messages[3]!.role).toBe('user');
    expect(messages[3]!.content).toContain(
      "- line 1: 'Sure! Here it is.' comes before the H1; the file must start with '# Title'",
    );
    expect(messages[3]!.content).toContain("- no '## Section' file list");
  });

  it('caps the listed errors and says an empty answer was empty', () => {
    const errors = Array.from({ length: 55 }, (_, i) => ({
      line: i + 1,
      rule: 'section-line',
      message: `bad ${i}`,
    }));
    const messages = buildRetryMessages([], 'x', errors);
    expect(messages[1]!.content).toContain('- line 40: bad 39');
    expect(messages[1]!.content).not.toContain('bad 40');
    expect(messages[1]!.content).toContain('and 15 more errors');
    const empty = buildRetryMessages([], '', [
      { rule: 'empty-answer', message: 'the answer had no text content' },
    ]);
    expect(empty[0]!.content).toBe('(empty answer)');
    expect(empty[1]!.content).toContain(
      'Your answer was empty or unreadable (the answer had no text content)',
    );
  });
});
