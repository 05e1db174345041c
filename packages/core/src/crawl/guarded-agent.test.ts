import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { BlockedHostError } from '../errors.js';
import { type ConnectLookup, dispatcherFor, guardedLookup } from './guarded-agent.js';
import { isPublicAddress, type LookupFn } from './ssrf.js';

const resolvesTo =
  (...addresses: string[]): LookupFn =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

/** Calls a connect-time lookup as net.connect does and collects what it answers. */
function call(
  lookup: ConnectLookup,
  options: { family?: number; all?: boolean },
): Promise<{ error: unknown; address: string | LookupAddress[]; family?: number | undefined }> {
  return new Promise((resolve) =>
    lookup('site.test', options, (error, address, family) => resolve({ error, address, family })),
  );
}

describe('guardedLookup', () => {
  it('answers one address or all of them, filtered by family', async () => {
    const lookup = guardedLookup(resolvesTo('93.184.215.14', '2606:4700::1'), isPublicAddress);
    expect(await call(lookup, {})).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect(await call(lookup, { family: 6 })).toEqual({ error: null, address: '2606:4700::1', family: 6 });
    expect(await call(lookup, { all: true })).toEqual({
      error: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
      family: undefined,
    });
  });

  it('refuses the name when any address is blocked, and passes resolver errors on', async () => {
    const mixed = await call(guardedLookup(resolvesTo('93.184.215.14', '10.0.0.1'), isPublicAddress), {
      all: true,
    });
    expect(mixed.error).toBeInstanceOf(BlockedHostError);
    expect((mixed.error as BlockedHostError).message).toMatch(/10\.0\.0\.1, a private address/);
    const failing: LookupFn = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND site.test'), { code: 'ENOTFOUND' });
    };
    expect((await call(guardedLookup(failing, isPublicAddress), {})).error).toMatchObject({
      code: 'ENOTFOUND',
    });
    const none = await call(guardedLookup(resolvesTo('93.184.215.14'), isPublicAddress), { family: 6 });
    expect(none.error).toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('dispatcherFor', () => {
  it('reuses one agent per policy', () => {
    const lookup = resolvesTo('93.184.215.14');
    expect(dispatcherFor({})).toBe(dispatcherFor({ userAgent: 'other' }));
    expect(dispatcherFor({ allowPrivateHosts: true })).toBe(dispatcherFor({ allowPrivateHosts: true }));
    expect(dispatcherFor({ allowPrivateHosts: true })).not.toBe(dispatcherFor({}));
    expect(dispatcherFor({}, { lookup })).toBe(dispatcherFor({}, { lookup }));
    expect(dispatcherFor({}, { lookup })).not.toBe(dispatcherFor({}));
  });
});
