// The URL acceptance policy lives in @ltx/core (site-url.ts) so that the CLI and the worker apply it without
// depending on this package; re-exported here under the names the routes and this package's index use.
export { type AcceptedUrl, acceptSiteUrl, siteKeyOf } from '@ltx/core';
