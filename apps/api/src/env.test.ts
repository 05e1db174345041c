import { describe, expect, it } from 'vitest';
import { readApiEnv } from './env.js';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ltx' };

describe('api environment', () => {
  it('applies the documented defaults', () => {
    const parsed = readApiEnv(base);
    expect(parsed).toEqual({
      env: expect.objectContaining({
        PORT: 3000,
        HOST: '0.0.0.0',
        LTX_API_KEYS: [],
        LTX_RATE_LIMIT_PER_MINUTE: 600,
        LTX_MAX_BODY_BYTES: 1_048_576,
        LTX_ALLOW_PRIVATE_HOSTS: false,
        LOG_LEVEL: 'info',
      }),
    });
  });

  it('splits LTX_API_KEYS on commas and reads booleans and numbers', () => {
    const parsed = readApiEnv({
      ...base,
      LTX_API_KEYS: ' key-aaaaaaaa, key-bbbbbbbb ,,',
      PORT: '8080',
      LTX_ALLOW_PRIVATE_HOSTS: 'true',
      LTX_RATE_LIMIT_PER_MINUTE: '0',
    });
    expect('env' in parsed && parsed.env).toMatchObject({
      LTX_API_KEYS: ['key-aaaaaaaa', 'key-bbbbbbbb'],
      PORT: 8080,
      LTX_ALLOW_PRIVATE_HOSTS: true,
      LTX_RATE_LIMIT_PER_MINUTE: 0,
    });
  });

  it('names every bad variable', () => {
    const parsed = readApiEnv({ PORT: 'eighty', LTX_ALLOW_PRIVATE_HOSTS: 'maybe?', LTX_API_KEYS: 'short' });
    expect('errors' in parsed).toBe(true);
    const errors = 'errors' in parsed ? parsed.errors.join('\n') : '';
    for (const name of ['DATABASE_URL', 'PORT', 'LTX_ALLOW_PRIVATE_HOSTS', 'LTX_API_KEYS'])
      expect(errors).toContain(name);
    expect(readApiEnv({ DATABASE_URL: 'mysql://x/y' })).toEqual({
      errors: [expect.stringContaining('DATABASE_URL')],
    });
  });
});
