export {
  BrowserRenderer,
  type BrowserRendererOptions,
  RenderHungError,
  type RenderStats,
} from './browser-renderer.js';
export { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, findChromium } from './chromium.js';
export { createRenderer, type RendererSetup } from './create.js';
export { type RenderEnv, registerRenderMetrics, rendererFromEnv } from './setup.js';
