import { createHash } from 'node:crypto';

/**
 * LTX_API_KEYS, one entry per comma:
 *
 * | entry | who |
 * |---|---|
 * | `name:key` | a key named `name`: it sees, cancels and schedules only its own jobs (jobs.owner = name) |
 * | `admin=name:key` | an admin key named `name`: it sees and cancels every job, ownerless ones included |
 * | `key` (no colon) | the older form, kept working: an admin key named `key-<first 8 hex of its SHA-256>` |
 *
 * Jobs inserted by SQL or the CLI have no owner: only admin keys see them. With no keys at all the API is open
 * and every caller is an admin (as before). Two entries with the same name are one owner with two keys (a key
 * can be rotated without losing its jobs); they must then agree on admin.
 */

export interface ApiKey {
  name: string;
  key: string;
  admin: boolean;
}

/** Who a request acts as: an owner name (null: an open API) and whether it sees everything. */
export interface Principal {
  owner: string | null;
  admin: boolean;
}

// Key length (8+) is checked where the variable is read (@ltx/config apiKeys); tests may use short keys.
const NAMED = /^(admin=)?([A-Za-z0-9][A-Za-z0-9_.-]{0,63}):(\S+)$/;
const BARE = /^[^\s:]+$/;

export class ApiKeysError extends Error {}

export function parseApiKeys(entries: string | readonly string[]): ApiKey[] {
  const list = typeof entries === 'string' ? entries.split(',') : entries;
  const keys: ApiKey[] = [];
  const roles = new Map<string, boolean>();
  for (const raw of list) {
    const entry = raw.trim();
    if (entry === '') continue;
    const named = NAMED.exec(entry);
    let key: ApiKey;
    if (named) key = { name: named[2]!, key: named[3]!, admin: named[1] !== undefined };
    else if (BARE.test(entry)) {
      key = {
        name: `key-${createHash('sha256').update(entry).digest('hex').slice(0, 8)}`,
        key: entry,
        admin: true,
      };
    } else {
      throw new ApiKeysError(
        `LTX_API_KEYS: an entry is not key, name:key or admin=name:key (names: letters, digits, _ . -; a bare key has no colon)`,
      );
    }
    const role = roles.get(key.name);
    if (role !== undefined && role !== key.admin) {
      throw new ApiKeysError(
        `LTX_API_KEYS: the name ${key.name} is given both as an admin and as a plain key`,
      );
    }
    roles.set(key.name, key.admin);
    keys.push(key);
  }
  return keys;
}

/** The owner filter for data-model queries: undefined (everything) for admins, else the owner's name. */
export function scopeOf(principal: Principal): string | undefined {
  return principal.admin || principal.owner === null ? undefined : principal.owner;
}

/** Whether `principal` may see a job or schedule owned by `owner`. */
export function canSee(principal: Principal, owner: string | null): boolean {
  return principal.admin || (principal.owner !== null && owner === principal.owner);
}
