import { defineConfig, type Plugin } from 'vite';

/**
 * A Content-Security-Policy for the built app: scripts, styles and requests from the serving origin only (the ltx
 * API), so the dashboard cannot load anything from another host even by mistake. Build only: the dev server
 * injects inline styles for hot reload.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'ltx-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="utf-8" />',
        `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
      );
    },
  };
}

/**
 * micromark decodes `&name;` references with decode-named-character-reference, whose browser build parses them
 * through innerHTML on a detached element. The dashboard never uses innerHTML, so the bundle takes the package's
 * table-based build instead (the same code Node runs in the tests).
 */
function noInnerHtmlDecoder(): Plugin {
  return {
    name: 'ltx-no-innerhtml-decoder',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source !== 'decode-named-character-reference') return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved ? { ...resolved, id: resolved.id.replace(/index\.dom\.js$/, 'index.js') } : null;
    },
  };
}

// The browser app. Output goes to dist/app/ (beside the Node entry tsup writes to dist/index.js), and every asset
// path is relative, so the API can serve the folder at `/` (or under any prefix) with no rewriting.
export default defineConfig({
  base: './',
  plugins: [contentSecurityPolicy(), noInnerHtmlDecoder()],
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One small bundle: no modulepreload polyfill, nothing fetched from another host.
    modulePreload: false,
  },
  server: {
    // `pnpm --filter @ltx/dashboard dev` proxies the API (LTX_API_ORIGIN, default http://127.0.0.1:3000).
    proxy: {
      '/v1': process.env.LTX_API_ORIGIN ?? 'http://127.0.0.1:3000',
      '/healthz': process.env.LTX_API_ORIGIN ?? 'http://127.0.0.1:3000',
    },
  },
});
