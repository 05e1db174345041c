import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_CAPS } from './caps.js';
import { extractPage } from './extract-page.js';

const links = (n: number, prefix = 'p') =>
  Array.from({ length: n }, (_, i) => `<li><a href="/${prefix}/${i}">Page ${i}</a></li>`).join('');

describe('per-page caps', () => {
  it('a page within the caps reports no limit', () => {
    const page = extractPage(`<html><body><main><ul>${links(50)}</ul></main></body></html>`, 'http://h/');
    expect(page.links).toHaveLength(50);
    expect(page.limitsHit).toBeUndefined();
  });

  it('keeps the first maxLinks distinct links and reports maxLinksPerPage', () => {
    const html = `<html><body><main><ul>${links(300)}${links(300)}</ul></main></body></html>`;
    const page = extractPage(html, 'http://h/', { caps: { maxLinks: 120 } });
    expect(page.links).toHaveLength(120);
    expect(page.links[0]).toBe('http://h/p/0');
    expect(page.links.at(-1)).toBe('http://h/p/119');
    expect(page.limitsHit).toEqual(['maxLinksPerPage']);
    // Repeats of a link already kept do not count against the cap.
    const repeated = extractPage(
      `<html><body><main><ul>${links(100)}${links(100)}</ul></main></body></html>`,
      'http://h/',
      {
        caps: { maxLinks: 100 },
      },
    );
    expect(repeated.links).toHaveLength(100);
    expect(repeated.limitsHit).toBeUndefined();
  });

  it('drops the elements after maxElements, keeps the page and reports maxElementsPerPage', () => {
    const html = `<html><head><title>Big | Site</title><meta name="description" content="d"></head><body><main><h1>Big</h1><p>intro</p><ul>${links(5000)}</ul></main></body></html>`;
    const page = extractPage(html, 'http://h/', { caps: { maxElements: 1000 } });
    expect(page.limitsHit).toEqual(['maxElementsPerPage']);
    expect(page.rawTitle).toBe('Big | Site');
    expect(page.description).toBe('d');
    expect(page.h1).toBe('Big');
    expect(page.text).toContain('intro');
    // ~2 elements per entry (li + a) after the head and the wrappers.
    expect(page.links.length).toBeGreaterThan(450);
    expect(page.links.length).toBeLessThan(500);
    expect(page.links).toEqual(page.links.map((_, i) => `http://h/p/${i}`));
    expect(page.text).not.toContain('Page 4999');
  });

  it('flattens nesting deeper than maxDepth to its text and reports maxElementDepth', () => {
    const depth = 20_000;
    const html = `<html><body><main><h1>Deep</h1>${'<div>'.repeat(depth)}bottom text${'</div>'.repeat(depth)}<p>after</p></main></body></html>`;
    // Without the cap, the Markdown conversion overflows the call stack at a few thousand levels.
    const page = extractPage(html, 'http://h/');
    expect(page.limitsHit).toEqual(['maxElementDepth']);
    expect(page.text).toContain('bottom text');
    expect(page.text).toContain('after');
    expect(page.markdown).toContain('bottom text');
    expect(DEFAULT_PAGE_CAPS.maxDepth).toBeLessThan(1000);
  });

  it('a 60,000-link page within default caps: capped, extracted, each cap named', () => {
    const html = `<html><body><nav><a href="/">home</a></nav><main><h1>All pages</h1><ul>${links(60_000)}</ul></main></body></html>`;
    const page = extractPage(html, 'http://h/');
    expect(page.limitsHit).toContain('maxElementsPerPage');
    expect(page.links.length).toBeLessThanOrEqual(DEFAULT_PAGE_CAPS.maxLinks);
    expect(page.h1).toBe('All pages');
  });
});
