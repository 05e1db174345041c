import { describe, expect, it } from 'vitest';
import { extractPage } from './extract-page.js';
import { htmlToMarkdown } from './html-to-markdown.js';

const PAGE = `<!doctype html>
<html lang="fr-CA">
<head>
  <title>Getting started | Acme Docs</title>
  <meta property="og:description" content="OG text">
  <link rel="canonical" href="https://acme.example/docs/start/">
  <link rel="alternate" type="text/markdown" href="start.md">
  <meta property="og:url" content="https://acme.example/docs/start/">
</head>
<body>
  <header><a href="/docs/">Acme</a><nav><a href="/docs/start/">Start</a><a href="/docs/api/#top">API</a></nav></header>
  <aside class="sidebar"><a href="/docs/guide/">Guide</a></aside>
  <main>
    <h1>Getting <em>started</em></h1>
    <p>Install it with <a href="../install/">the installer</a>.</p>
    <h2>Step one</h2>
    <pre><code class="language-bash">npm install acme
acme init</code></pre>
    <div class="highlight"><pre><span>plain</span> <span>pre</span></pre></div>
    <h3>Details</h3>
    <img src="data:image/png;base64,AAAA" alt="inline">
    <img src="/img/a.png" alt="diagram">
    <ul><li>one</li><li>two</li></ul>
    <script>var tracking = 1;</script>
    <footer>Edit this page</footer>
    <h4>Not collected</h4>
  </main>
  <footer><a href="/legal/">Legal</a></footer>
  <a href="javascript:void(0)">js</a><a href="mailto:a@b.c">mail</a><a href="https:&#x2F;&#x2F;acme.example&#x2F;docs&#x2F;x&#x2F;">entity</a>
</body></html>`;

describe('extractPage', () => {
  const page = extractPage(PAGE, 'http://127.0.0.1:9/docs/start/');

  it('picks the h1 when <title> carries a site suffix and keeps the raw title', () => {
    expect(page.rawTitle).toBe('Getting started | Acme Docs');
    expect(page.title).toBe('Getting started');
    expect(page.h1).toBe('Getting started');
  });

  it('reads the og:description fallback, language, canonical, og:url and Markdown alternate (absolute)', () => {
    expect(page.description).toBe('OG text');
    expect(page.lang).toBe('fr-CA');
    expect(page.canonical).toBe('https://acme.example/docs/start/');
    expect(page.ogUrl).toBe('https://acme.example/docs/start/');
    expect(page.markdownAlternate).toBe('http://127.0.0.1:9/docs/start/start.md');
  });

  it('collects h1-h3 of the main content only', () => {
    expect(page.headings).toEqual(['Getting started', 'Step one', 'Details']);
  });

  it('keeps main content text without nav, sidebar, footer or scripts', () => {
    expect(page.text).toContain('Install it with the installer.');
    expect(page.text).toContain('npm install acme');
    expect(page.text).not.toContain('Edit this page');
    expect(page.text).not.toContain('tracking');
    expect(page.text).not.toContain('Guide');
    expect(page.text.split('\n')).toContain('Step one');
  });

  it('writes Markdown with fenced code (language kept), absolute links and no data: images', () => {
    expect(page.markdown).toContain('# Getting _started_');
    expect(page.markdown).toContain('[the installer](http://127.0.0.1:9/docs/install/)');
    expect(page.markdown).toContain('```bash\nnpm install acme\nacme init\n```');
    expect(page.markdown).toContain('```\nplain pre\n```');
    expect(page.markdown).toContain('![diagram](http://127.0.0.1:9/img/a.png)');
    expect(page.markdown).not.toContain('data:image');
    expect(page.markdown).toContain('- one\n- two');
  });

  it('lists absolute http(s) links (entity-encoded ones decoded) and the navigation subset', () => {
    expect(page.links).toEqual([
      'http://127.0.0.1:9/docs/',
      'http://127.0.0.1:9/docs/start/',
      'http://127.0.0.1:9/docs/api/',
      'http://127.0.0.1:9/docs/guide/',
      'http://127.0.0.1:9/docs/install/',
      'http://127.0.0.1:9/legal/',
      'https://acme.example/docs/x/',
    ]);
    expect(page.navLinks).toEqual([
      'http://127.0.0.1:9/docs/',
      'http://127.0.0.1:9/docs/start/',
      'http://127.0.0.1:9/docs/api/',
      'http://127.0.0.1:9/docs/guide/',
    ]);
  });

  it('honours <base href> and meta robots', () => {
    const based = extractPage(
      '<html><head><base href="/other/"><meta name="robots" content="NOINDEX, follow"></head><body><a href="x">x</a></body></html>',
      'http://h/a/b',
    );
    expect(based.links).toEqual(['http://h/other/x']);
    expect(based.robots).toEqual({ noindex: true, nofollow: false });
  });

  it('yields empty text for a JavaScript-only page', () => {
    const shell = extractPage(
      '<html><head><title>App</title></head><body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript><script src="/app.js"></script></body></html>',
      'http://h/',
    );
    expect(shell.title).toBe('App');
    expect(shell.text).toBe('');
    expect(shell.markdown).toBe('');
  });

  it('falls back to the body minus chrome when there is no main container', () => {
    const plain = extractPage(
      '<html><body><header>Site header</header><div class="sidebar">Menu</div><p>Body text.</p><footer>Foot</footer></body></html>',
      'http://h/',
    );
    expect(plain.text).toBe('Body text.');
  });

  it('takes the list of articles, not the first teaser, on a listing page', () => {
    const listing = extractPage(
      '<html><body><article><p>First</p></article><article><p>Second</p></article></body></html>',
      'http://h/',
    );
    expect(listing.text).toBe('First\n\nSecond');
  });
});

describe('htmlToMarkdown', () => {
  it('reduces a whole document to its main content', () => {
    const md = htmlToMarkdown(
      '<html><body><nav>Menu</nav><main><h2>Hi</h2><p>there</p></main></body></html>',
    );
    expect(md).toBe('## Hi\n\nthere');
  });
  it('converts a fragment and keeps code fences safe from backticks inside', () => {
    expect(htmlToMarkdown('<pre><code>a ``` b</code></pre>')).toBe('````\na ``` b\n````');
  });

  it("a frameset's documents are links of the page (Javadoc's classic frames), as are iframes", () => {
    const frames = extractPage(
      `<html><head><title>retrofit API</title></head><frameset cols="20%,80%"><frameset rows="30%,70%">
        <frame src="overview-frame.html"><frame src="allclasses-frame.html"></frameset>
        <frame src="overview-summary.html"></frameset></html>`,
      'https://square.example/retrofit/2.x/retrofit/',
    );
    expect(frames.links).toEqual([
      'https://square.example/retrofit/2.x/retrofit/overview-frame.html',
      'https://square.example/retrofit/2.x/retrofit/allclasses-frame.html',
      'https://square.example/retrofit/2.x/retrofit/overview-summary.html',
    ]);
    const iframe = extractPage(
      '<body><p>Intro.</p><iframe src="/toc.html"></iframe></body>',
      'https://b.example/x/',
    );
    expect(iframe.links).toEqual(['https://b.example/toc.html']);
  });
});
