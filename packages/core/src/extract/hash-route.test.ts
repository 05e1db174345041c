import { describe, expect, it } from 'vitest';
import { extractPage } from './extract-page.js';
import { hashRoute, pagePath } from './hash-route.js';

describe('hash routes', () => {
  it("are '#/x' and '#!/x' fragments only", () => {
    expect(hashRoute('#/guide')).toBe('#/guide');
    expect(hashRoute('#!/api/x')).toBe('#!/api/x');
    for (const plain of ['', '#', '#/', '#!/', '#install', '#!install'])
      expect(hashRoute(plain)).toBeUndefined();
  });

  it('read as paths for folders and section names', () => {
    expect(pagePath(new URL('https://s/#/guide/intro'))).toBe('/guide/intro');
    expect(pagePath(new URL('https://s/app#!/api?x=1'))).toBe('/app/api');
    expect(pagePath(new URL('https://s/docs/#section'))).toBe('/docs/');
  });

  it('are kept on the links of a rendered DOM only (keepHashRoutes), with plain anchors dropped', () => {
    const html = `<html><body><nav><a href="#/guide">Guide</a> <a href="#!/api">API</a> <a href="#top">Top</a></nav>
      <main><h1>Home</h1><p>Read the <a href="#/guide">guide</a>.</p></main></body></html>`;
    const served = extractPage(html, 'https://s/');
    expect(served.links).toEqual(['https://s/']);
    const rendered = extractPage(html, 'https://s/', { keepHashRoutes: true });
    expect(rendered.links).toEqual(['https://s/#/guide', 'https://s/#!/api', 'https://s/']);
    expect(rendered.navLinks).toContain('https://s/#/guide');
    expect(rendered.markdown).toContain('(https://s/#/guide)');
  });
});
