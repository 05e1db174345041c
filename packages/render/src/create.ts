import type { Logger } from 'pino';
import { BrowserRenderer } from './browser-renderer.js';
import { findChromium } from './chromium.js';

export interface RendererSetup {
  /** The renderer, when rendering is on and a browser is there. */
  renderer: BrowserRenderer | undefined;
  /** Why there is none (logged once at start-up). */
  reason?: string | undefined;
}

/**
 * The renderer an app wires in for LTX_RENDER: none when 'off'; with 'auto' or 'always', Chromium at
 * LTX_CHROMIUM_PATH (or Debian's /usr/bin/chromium), none with a reason when it is absent (pages that need
 * JavaScript are then kept as served and the job's warning names them).
 */
export function createRenderer(options: {
  mode: 'off' | 'auto' | 'always';
  chromiumPath?: string | undefined;
  concurrency?: number | undefined;
  maxRssMb?: number | undefined;
  logger?: Logger | undefined;
}): RendererSetup {
  if (options.mode === 'off') return { renderer: undefined, reason: 'LTX_RENDER=off' };
  const executablePath = findChromium(options.chromiumPath);
  if (!executablePath) {
    return {
      renderer: undefined,
      reason: `no Chromium at ${options.chromiumPath || '/usr/bin/chromium'} (set LTX_CHROMIUM_PATH or install chromium)`,
    };
  }
  return {
    renderer: new BrowserRenderer({
      executablePath,
      concurrency: options.concurrency,
      maxRssMb: options.maxRssMb,
      logger: options.logger,
    }),
  };
}
