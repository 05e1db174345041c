import { describe, expect, it } from 'vitest';
import { needsJavaScript, shellSignals } from './needs-js.js';

const shell = (body: string, head = '<script src="/main.js"></script>') =>
  `<!doctype html><html><head><title>App</title>${head}</head><body>${body}</body></html>`;

describe('shellSignals', () => {
  it('finds an empty mount point with a script bundle', () => {
    expect(shellSignals({ html: shell('<div id="root"></div>'), text: '', links: [] })).toContain(
      'mount-point',
    );
    expect(shellSignals({ html: shell('<div id="__next"></div>'), text: '', links: ['/a'] })).toEqual([
      'mount-point',
    ]);
    expect(shellSignals({ html: shell('<app-root></app-root>'), text: '', links: ['/a'] })).toEqual([
      'mount-point',
    ]);
  });

  it('finds a noscript asking for JavaScript, hash routes and links only in scripts', () => {
    expect(
      shellSignals({
        html: shell('<noscript>Please enable JavaScript to view this site.</noscript><p>Loading</p>', ''),
        text: 'Loading',
        links: ['/x'],
      }),
    ).toEqual(['noscript']);
    expect(
      shellSignals({ html: shell('<nav><a href="#/about">About</a></nav>'), text: 'About', links: [] }),
    ).toContain('hash-routes');
    expect(shellSignals({ html: shell('<div class="x"></div>'), text: '', links: [] })).toEqual([
      'script-links',
    ]);
  });

  it('never calls a page with real text a shell, whatever scripts it carries', () => {
    const text = 'A real article with enough words to be read as served. '.repeat(5);
    expect(needsJavaScript({ html: shell(`<div id="root"><p>${text}</p></div>`), text, links: [] })).toBe(
      false,
    );
  });

  it('a plain static page without scripts is not a shell', () => {
    expect(
      needsJavaScript({
        html: '<html><body><div id="app"></div><p>Short.</p></body></html>',
        text: 'Short.',
        links: [],
      }),
    ).toBe(false);
  });
});
