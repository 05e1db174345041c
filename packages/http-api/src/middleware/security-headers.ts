import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { isApiPath } from '../static.js';

/**
 * The dashboard's policy: scripts, styles, requests and images from its own origin only (the favicon is a data:
 * URI), nothing embeds it. The built index.html carries the same policy in a meta tag; the header adds what a meta
 * tag cannot (frame-ancestors).
 */
export const DASHBOARD_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * API responses are data, never a page: an llms.txt is untrusted site content served on the dashboard's origin,
 * so if a browser ever renders one, it may run nothing, load nothing and is sandboxed (its own opaque origin).
 */
export const API_CSP = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  sandbox: [],
};

/**
 * hono's secureHeaders on every response (errors included): X-Content-Type-Options: nosniff,
 * Referrer-Policy: no-referrer, X-Frame-Options: DENY, the cross-origin isolation headers, and a
 * Content-Security-Policy per kind of path (API_CSP for the API, DASHBOARD_CSP for the dashboard). No
 * Strict-Transport-Security: the API speaks plain HTTP; HTTPS (and HSTS) belong to the proxy in front of it.
 */
export function securityHeaders(): MiddlewareHandler {
  const common = { strictTransportSecurity: false, xFrameOptions: 'DENY' } as const;
  const api = secureHeaders({ ...common, contentSecurityPolicy: API_CSP });
  const dashboard = secureHeaders({ ...common, contentSecurityPolicy: DASHBOARD_CSP });
  return (c, next) => (isApiPath(c.req.path) ? api(c, next) : dashboard(c, next));
}
