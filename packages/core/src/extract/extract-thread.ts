/**
 * The worker-thread entry of the extraction pool (pool.ts): one page in, its extracted record out. Built by
 * tsup as dist/extract-thread.js beside dist/index.js.
 */
import { extractPage } from './extract-page.js';
import type { ExtractTask } from './pool.js';

export default function extractTask(task: ExtractTask) {
  return extractPage(task.html, task.url, task.options);
}
