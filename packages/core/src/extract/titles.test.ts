import { describe, expect, it } from 'vitest';
import { cleanTitle, detectSiteAffix, finalizeTitles, pickTitle } from './titles.js';

describe('site-name affixes', () => {
  it('finds a suffix shared by 3 or more pages and strips it', () => {
    const raw = ['Running SUMMIT - SUMMIT', 'Building SUMMIT - SUMMIT', 'Introduction - SUMMIT', 'SUMMIT'];
    expect(detectSiteAffix(raw)).toEqual({ name: 'SUMMIT', position: 'suffix', count: 3 });
    const { titles, siteName } = finalizeTitles(raw.map((rawTitle) => ({ rawTitle, title: rawTitle })));
    expect(siteName).toBe('SUMMIT');
    expect(titles).toEqual(['Running SUMMIT', 'Building SUMMIT', 'Introduction', 'SUMMIT']);
  });

  it('finds a prefix (`Site | Page`) and handles em-dash and en-dash separators', () => {
    const raw = ["0atman's blog | Icecast", "0atman's blog | Rule Zero", "0atman's blog | ", "0atman's blog"];
    const { titles, siteName } = finalizeTitles(
      raw.map((rawTitle) => ({ rawTitle, title: pickTitle(rawTitle, undefined) })),
    );
    expect(siteName).toBe("0atman's blog");
    expect(titles).toEqual(['Icecast', 'Rule Zero', '', "0atman's blog"]);
    expect(detectSiteAffix(['A — Docs', 'B — Docs'])).toMatchObject({ name: 'Docs', position: 'suffix' });
    expect(detectSiteAffix(['A – Docs', 'B – Docs', 'C', 'D', 'E', 'F'])).toMatchObject({ name: 'Docs' });
  });

  it('needs >= 3 pages or >= 30% (and at least 2)', () => {
    expect(detectSiteAffix(['A | X', 'B', 'C', 'D', 'E', 'F', 'G'])).toBeUndefined();
    expect(detectSiteAffix(['A | X', 'B | X', 'C', 'D', 'E', 'F', 'G', 'H'])).toBeUndefined(); // 2 of 8 = 25%
    expect(detectSiteAffix(['A | X', 'B | X', 'C', 'D', 'E', 'F'])).toMatchObject({ name: 'X' }); // 2 of 6
    expect(detectSiteAffix(['Only | X'])).toBeUndefined();
  });

  it('does not split hyphenated words', () => {
    expect(detectSiteAffix(['Iterate-and-Mutate', 'Re-use-this', 'Co-op-x'])).toBeUndefined();
  });

  it('cleans dangling separators', () => {
    expect(cleanTitle("0atman's blog | ")).toBe("0atman's blog");
    expect(cleanTitle(' — Title')).toBe('Title');
  });

  it("strips a bracketed suffix most titles share (Javadoc's '(retrofit API)'), not a page's own brackets", () => {
    const pages = ['GET', 'Retrofit.Builder', 'Call', 'Response'].map((name) => ({
      rawTitle: `${name} (retrofit API)`,
      title: `${name} (retrofit API)`,
    }));
    pages.push(
      { rawTitle: 'Retrofit', title: 'Retrofit' },
      { rawTitle: 'Tables (beta)', title: 'Tables (beta)' },
    );
    const { titles, siteName } = finalizeTitles(pages);
    expect(titles).toEqual(['GET', 'Retrofit.Builder', 'Call', 'Response', 'Retrofit', 'Tables (beta)']);
    expect(siteName).toBeUndefined();
  });
});
