// Extraction scaling: time per element of ltx's per-page extraction (the function the crawler calls for every
// page) on synthetic pages of 1,000 -> 50,000 elements, in two shapes: a link list (an index or sitemap page:
// every element an <li><a>) and a long article (sections of headings and paragraphs with inline links). Each
// size runs a few times and the median is kept; the figure that matters is the ratio of time per element at
// the largest size to the smallest (flat = 1.0; quadratic cost makes it ~50).
//   pnpm --filter @ltx/bench exec tsx extract-scaling.ts [runs=3] [sizes=1000,5000,10000,20000,50000]
import { extractPage } from '@ltx/core';
import { median, report, round } from './stats.js';

const RUNS = Number(process.argv[2] ?? 3);
const SIZES = (process.argv[3] ?? '1000,5000,10000,20000,50000').split(',').map(Number);

const nav = `<nav class="sidebar"><ul>${Array.from({ length: 20 }, (_, i) => `<li><a href="/s${i}/">Section ${i}</a></li>`).join('')}</ul></nav>`;
const wrap = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Scaling | Bench</title>` +
  `<meta name="description" content="A large page"></head><body><header>${nav}</header>` +
  `<main><h1>Scaling</h1>${body}</main><footer><a href="/about/">About</a></footer></body></html>`;

/** `elements` list items, each one link (2 elements per item counted as one entry: the link). */
function linkList(elements: number): string {
  const items: string[] = [];
  for (let i = 0; i < elements; i += 1) items.push(`<li><a href="/p/${i}/">Page ${i}</a></li>`);
  return wrap(`<ul>${items.join('')}</ul>`);
}

/** Sections of h2 + paragraphs with an inline link and emphasis: ~`elements` elements in all. */
function article(elements: number): string {
  const parts: string[] = [];
  // Each paragraph = p + a + em (3 elements); a section every 10 paragraphs adds an h2.
  for (let i = 0; i * 3 < elements; i += 1) {
    if (i % 10 === 0) parts.push(`<h2>Part ${i / 10}</h2>`);
    parts.push(
      `<p>Paragraph ${i} explains <em>one thing</em> and links to <a href="/ref/${i}">reference ${i}</a>.</p>`,
    );
  }
  return wrap(parts.join(''));
}

const shapes = { links: linkList, article } as const;

function timeOnce(html: string): number {
  const t0 = performance.now();
  extractPage(html, 'http://bench.local/big/', { robotsToken: 'ltx' });
  return performance.now() - t0;
}

// Warm the JIT on a mid-size page so the smallest size is not charged for compilation.
for (let i = 0; i < 3; i += 1) timeOnce(linkList(2000));

for (const [shape, build] of Object.entries(shapes)) {
  const rows: { elements: number; bytes: number; ms: number; usPerElement: number }[] = [];
  for (const elements of SIZES) {
    const html = build(elements);
    const times = Array.from({ length: RUNS }, () => timeOnce(html));
    const ms = median(times);
    rows.push({ elements, bytes: html.length, ms: round(ms), usPerElement: round((ms * 1000) / elements, 2) });
    report(`extract-scaling/${shape}`, rows.at(-1)!);
  }
  const first = rows[0]!;
  const last = rows.at(-1)!;
  report(`extract-scaling/${shape}`, {
    ratio: `${last.elements}/${first.elements}`,
    usPerElementRatio: round(last.usPerElement / first.usPerElement, 2),
  });
}
