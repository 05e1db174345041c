import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiKeys, coreEnvShape, coreSettingsFrom, envBool, envInt, postgresUrl, readEnv } from './env.js';

const schema = z.object({
  DATABASE_URL: postgresUrl,
  N: envInt(1, 10).default(3),
  FLAG: envBool.default(false),
  KEYS: apiKeys,
  ...coreEnvShape,
});

describe('readEnv', () => {
  it('applies defaults and treats empty strings as unset', () => {
    const result = readEnv(schema, { DATABASE_URL: 'postgres://h/db', N: '', OPENAI_API_KEY: '' });
    expect(result).toEqual({
      env: {
        DATABASE_URL: 'postgres://h/db',
        N: 3,
        FLAG: false,
        KEYS: [],
        LTX_MODEL: 'gpt-5-mini',
        LTX_GENERATOR: 'llm',
        LTX_ALLOW_PRIVATE_HOSTS: false,
        LTX_ALLOWED_PORTS: [],
        LTX_ALLOWED_MODELS: [],
        LTX_RENDER: 'auto',
        LTX_RENDER_CONCURRENCY: 2,
        LTX_RENDER_MAX_RSS_MB: 2048,
      },
    });
  });

  it('reads LTX_ALLOWED_MODELS as a list and hands it to core', () => {
    const result = readEnv(schema, {
      DATABASE_URL: 'postgres://h/db',
      LTX_ALLOWED_MODELS: 'gpt-5-mini, gpt-5-nano,',
    });
    if (!('env' in result)) throw new Error('expected a valid env');
    expect(result.env.LTX_ALLOWED_MODELS).toEqual(['gpt-5-mini', 'gpt-5-nano']);
    expect(coreSettingsFrom(result.env).allowedModels).toEqual(['gpt-5-mini', 'gpt-5-nano']);
  });

  it('reads LTX_ALLOWED_PORTS as port numbers for core, refusing anything else', () => {
    const result = readEnv(schema, { DATABASE_URL: 'postgres://h/db', LTX_ALLOWED_PORTS: '8080, 8443,' });
    if (!('env' in result)) throw new Error('expected a valid env');
    expect(coreSettingsFrom(result.env).allowedPorts).toEqual([8080, 8443]);
    for (const bad of ['0', '65536', 'http', '80-90']) {
      const refused = readEnv(schema, { DATABASE_URL: 'postgres://h/db', LTX_ALLOWED_PORTS: bad });
      expect('errors' in refused && refused.errors[0]).toMatch(/^LTX_ALLOWED_PORTS: /);
    }
  });

  it('LTX_API_KEYS entries: key, name:key, admin=name:key', () => {
    const ok = readEnv(schema, {
      DATABASE_URL: 'postgres://h/db',
      KEYS: 'old-style-key, alice:alice-key-1, admin=ops.team:ops-key-12',
    });
    expect('env' in ok && ok.env.KEYS).toEqual([
      'old-style-key',
      'alice:alice-key-1',
      'admin=ops.team:ops-key-12',
    ]);
    for (const bad of ['alice:short', 'admin=:long-enough-key', 'bad name:long-enough-key']) {
      expect('errors' in readEnv(schema, { DATABASE_URL: 'postgres://h/db', KEYS: bad })).toBe(true);
    }
  });

  it('names every bad variable', () => {
    const result = readEnv(schema, {
      DATABASE_URL: 'mysql://h/db',
      N: '11',
      FLAG: 'maybe',
      KEYS: 'short',
      LTX_GENERATOR: 'magic',
    });
    expect('errors' in result && result.errors.map((e) => e.split(':')[0])).toEqual([
      'DATABASE_URL',
      'N',
      'FLAG',
      'KEYS',
      'LTX_GENERATOR',
    ]);
  });

  it('turns the core variables into CoreSettings', () => {
    const result = readEnv(schema, {
      DATABASE_URL: 'postgresql://h/db',
      OPENAI_API_KEY: 'k',
      LTX_ALLOW_PRIVATE_HOSTS: 'yes',
      KEYS: 'abcdefgh, ijklmnop',
    });
    if (!('env' in result)) throw new Error('expected a valid env');
    expect(result.env.KEYS).toEqual(['abcdefgh', 'ijklmnop']);
    expect(coreSettingsFrom(result.env, { generator: 'extractive' })).toEqual({
      apiKey: 'k',
      baseURL: undefined,
      defaultModel: 'gpt-5-mini',
      defaultGenerator: 'extractive',
      allowPrivateHosts: true,
      renderMode: 'auto',
    });
  });

  it('reads LTX_ALLOW_PRIVATE_HOSTS as true/false or a list of hosts and host:port pairs', () => {
    const read = (value: string) =>
      readEnv(schema, { DATABASE_URL: 'postgres://h/db', LTX_ALLOW_PRIVATE_HOSTS: value });
    const value = (result: ReturnType<typeof read>) =>
      'env' in result ? result.env.LTX_ALLOW_PRIVATE_HOSTS : result;
    expect(value(read('false'))).toBe(false);
    expect(value(read('1'))).toBe(true);
    expect(value(read('127.0.0.1:8080, intranet.local,[::1]:3000'))).toEqual([
      '127.0.0.1:8080',
      'intranet.local',
      '[::1]:3000',
    ]);
    const bad = read('127.0.0.1:8080,http://x/');
    expect('errors' in bad && bad.errors.join('\n')).toMatch(
      /LTX_ALLOW_PRIVATE_HOSTS.*"http:\/\/x\/" is not a host or host:port/,
    );
    const render = readEnv(schema, { DATABASE_URL: 'postgres://h/db', LTX_RENDER: 'sometimes' });
    expect('errors' in render && render.errors.join('\n')).toMatch(/LTX_RENDER/);
  });
});
