/**
 * The browser's memory: the resident set (RSS) of every process Chromium lists for itself (browser, renderers,
 * GPU, network and storage services; CDP SystemInfo.getProcessInfo), each read from /proc/<pid>/status. A sum
 * of RSS counts shared pages once per process, so it overstates what the browser alone holds: a cap on it
 * errs on the side of restarting early.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';

/** VmRSS of one process in bytes; 0 when it is gone or /proc is not there (not Linux). */
export async function processRssBytes(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The PIDs of the browser's processes, as Chromium reports them. */
export async function browserPids(browser: Browser): Promise<number[]> {
  const session = await browser.newBrowserCDPSession();
  try {
    const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { id: number }[] };
    return info.processInfo.map((process) => process.id);
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** The RSS of the browser's process tree in bytes (see the module comment). */
export async function browserRssBytes(browser: Browser): Promise<number> {
  const sizes = await Promise.all((await browserPids(browser)).map(processRssBytes));
  return sizes.reduce((sum, size) => sum + size, 0);
}
