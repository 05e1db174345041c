import { describe, expect, it } from 'vitest';
import type { SiteJudgement } from './judge-site.js';
import { formatExamples, formatTable, type QualityRow } from './report.js';

const judgement: SiteJudgement = {
  startUrl: 'http://127.0.0.1:1/s/',
  resolvedStart: 'http://127.0.0.1:1/s/',
  startLanguage: 'en',
  currentVersions: [''],
  summary: { text: 'Documentation for s', defect: 'boilerplate' },
  links: { total: 5, main: 4, optional: 1 },
  undescribed: {
    count: 2,
    reasons: { none: 2 },
    examples: [{ title: 'Home', url: 'http://127.0.0.1:1/s/' }],
  },
  cut: { count: 1, reasons: { 'no-end': 1 }, examples: [] },
  fragments: { count: 3, reasons: { phrase: 3 }, examples: [] },
  markup: { count: 0, kinds: {}, examples: [] },
  junk: {
    count: 1,
    kinds: { 'generated-index': 1 },
    examples: [{ title: 'Index', detail: 'generated-index' }],
  },
  foreign: { count: 0, examples: [] },
  oldVersions: { count: 0, examples: [] },
  badSections: { count: 0, examples: [] },
  duplicates: { count: 0, examples: [] },
  nav: {
    inNav: 3,
    pairs: 2,
    outOfOrder: 1,
    fraction: 0.5,
    groupsSplit: 0,
    linksMisgrouped: 1,
    groups: 2,
    source: 'start page nav',
    size: 4,
  },
  unreadable: 0,
};
const row: Extract<QualityRow, { judgement: SiteJudgement }> = {
  site: 's',
  crawled: 5,
  seconds: 1,
  judgement,
  prompt: {
    tokens: 1000,
    coreCount: 1000,
    pagesInPrompt: 4,
    perPage: 250,
    junkPages: 1,
    foreignPages: 0,
    otherVersionPages: 0,
    unwantedTokenShare: 0.25,
  },
};

describe('formatTable', () => {
  it('prints one row per site, errors included, and a totals line', () => {
    const table = formatTable([row, { site: 'broken', error: 'boom' }]).split('\n');
    expect(table).toHaveLength(7);
    expect(table[2]).toMatch(
      /^\| s +\| +4\/1 \| +boiler \| +2 \| +1 \| +3 \| +0 \| +1 \|.*50% \(1\/2\) \| +0s 1m \| +1000 \| +250 \| +1 \(25%\) \|$/,
    );
    expect(table[3]).toContain('error (below)');
    expect(table[6]).toBe('broken: error: boom');
    expect(table[4]).toMatch(/^\| TOTAL 1\/2/);
  });
  it('shows the earlier value of each changed cell against a baseline', () => {
    const before: QualityRow = {
      ...row,
      judgement: { ...judgement, junk: { ...judgement.junk, count: 4 } },
      prompt: { ...row.prompt, tokens: 1004 },
    };
    const table = formatTable([row], [before]).split('\n');
    expect(table[2]).toContain('1 ←4');
    expect(table[3]).toContain('1 ←4');
    expect(table[2]).not.toContain('1000 ←');
  });
  it('lists examples per site', () => {
    const text = formatExamples([row]);
    expect(text).toContain('summary boilerplate: Documentation for s');
    expect(text).toContain('junk: Index [generated-index]');
    expect(text).toContain('undesc: Home /s/');
  });
});
