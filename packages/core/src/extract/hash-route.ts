/** A hash-router route: '#/guide', '#!/api/x'. Plain in-page anchors ('#section', '#') are not routes. */
const HASH_ROUTE = /^#!?\/./;

/**
 * The route of a hash-routed single-page app named by this fragment ('#/guide', '#!/guide'), else undefined
 * ('#section', '#', the root routes '#/' and '#!/', which are the document itself).
 *
 * Only the extraction of a rendered page keeps such fragments on its links (ExtractOptions.keepHashRoutes):
 * a hash route is a page of its own only on a page that ran its script, so every other link still loses its
 * fragment before it reaches normalizeUrl.
 */
export function hashRoute(hash: string): string | undefined {
  return HASH_ROUTE.test(hash) ? hash : undefined;
}

/**
 * The path a page's URL stands for: its pathname, with a hash route's path appended ('/#/guide/intro' ->
 * '/guide/intro', '/app/#!/api' -> '/app/api'), so that folders, kinds and section names read a route like a path.
 */
export function pagePath(url: URL): string {
  const route = hashRoute(url.hash);
  if (!route) return url.pathname;
  const routePath = route.replace(/^#!?\//, '').split(/[?#]/)[0] ?? '';
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return base + routePath;
}
