/**
 * The worker-thread entry of the extraction pool (pool.ts): one page in, its extracted record out. Built by
 * tsup as dist/extract-thread.js beside dist/index.js.
 */
import { extractPage } from './extract-page.js';
import type { ThreadTask } from './pool.js';

// Warm up once when the thread starts, so that the first real page is not charged for compiling the parser
// and converter against its CPU budget.
extractPage(
  '<html><head><title>w</title></head><body><nav><a href="/">w</a></nav><main><h1>w</h1><p>w <a href="/a">a</a></p><pre><code>w</code></pre></main></body></html>',
  'http://warm.up/',
);

export default function extractTask({ html, url, options, started }: ThreadTask) {
  // Tell the pool the page's CPU budget starts now.
  started.postMessage(0);
  started.close();
  return extractPage(html, url, options);
}
