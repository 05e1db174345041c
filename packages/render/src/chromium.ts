import { existsSync } from 'node:fs';

/** Where Debian's chromium package puts the browser (scripts/install-chromium.sh). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Launch flags: headless, no sandbox (containers run as root), and none of Chromium's own background calls
 * (component updates, sync, safe browsing, metrics): the browser must make no connection of its own.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--metrics-recording-only',
  '--no-pings',
  '--disable-dev-shm-usage',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication',
];

/** The Chromium binary: LTX_CHROMIUM_PATH, else Debian's; undefined when it is not there. */
export function findChromium(
  configured: string | undefined = process.env.LTX_CHROMIUM_PATH,
): string | undefined {
  const path = configured && configured.trim() !== '' ? configured : DEFAULT_CHROMIUM_PATH;
  return existsSync(path) ? path : undefined;
}
