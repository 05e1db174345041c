import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { ApiKey } from '../api-keys.js';
import { ApiError } from '../errors.js';
import { addressKey, type TokenBuckets } from './rate-limit.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** The peer address as a rate-limit identity (an IPv6 client by its /64, see addressKey). */
function clientAddress(c: Parameters<MiddlewareHandler>[0]): string {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? addressKey(address) : 'unknown';
  } catch {
    return 'unknown'; // no socket (app.request in tests)
  }
}

/**
 * API keys and the rate limit in one step, for /v1/*:
 * 1. the client is its key when it presents a valid one, else its IP address (IPv6: its /64);
 * 2. the client's token bucket must have a token (429 with Retry-After otherwise), so guessing keys is
 *    rate limited too;
 * 3. with keys configured, a request without a valid `Authorization: Bearer <key>` gets 401;
 * 4. the request acts as the key's principal (its name as owner, admin or not; api-keys.ts); an open API
 *    makes every caller an admin without a name.
 * Keys are compared as SHA-256 digests with timingSafeEqual.
 */
export function access(options: {
  apiKeys: readonly ApiKey[];
  buckets?: TokenBuckets | undefined;
}): MiddlewareHandler {
  const keys = options.apiKeys.map((key) => ({
    digest: digest(key.key),
    id: digest(key.key).toString('hex').slice(0, 12),
    principal: { owner: key.name, admin: key.admin },
  }));
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const tokenDigest = token ? digest(token) : undefined;
    const key = tokenDigest ? keys.find((k) => timingSafeEqual(k.digest, tokenDigest)) : undefined;
    const client = key ? `key:${key.id}` : `ip:${clientAddress(c)}`;
    c.set('client', client);
    c.set('principal', key ? key.principal : { owner: null, admin: true });
    if (options.buckets) {
      const taken = options.buckets.take(client);
      c.header('RateLimit-Limit', String(taken.limit));
      c.header('RateLimit-Remaining', String(taken.remaining));
      if (!taken.ok) {
        const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
        throw new ApiError(
          429,
          'rate_limited',
          `too many requests: the limit is ${options.buckets.perMinute} per minute; retry in ${seconds} s`,
          {
            headers: { 'Retry-After': String(seconds) },
          },
        );
      }
    }
    if (keys.length > 0 && !key) {
      throw new ApiError(
        401,
        'unauthorized',
        token ? 'invalid API key' : 'missing API key: send Authorization: Bearer <key>',
        {
          headers: { 'WWW-Authenticate': 'Bearer realm="ltx"' },
        },
      );
    }
    await next();
  };
}
