import { describe, expect, it } from 'vitest';
import { readCronEnv } from './env.js';

describe('cron environment', () => {
  it('applies the defaults', () => {
    expect(readCronEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1/ltx' })).toEqual({
      env: {
        DATABASE_URL: 'postgres://postgres@127.0.0.1/ltx',
        LTX_AUTO_MIGRATE: false,
        CRON_TICK_MS: 60_000,
        CRON_TICK_DEADLINE_MS: 600_000,
        CRON_CONCURRENCY: 4,
        CRON_MAX_SCHEDULES_PER_TICK: 100,
        LTX_RETENTION_DAYS: 30,
        LTX_RETENTION_KEEP_JOBS: 10,
        LTX_RETENTION_BATCH: 500,
        LTX_ALLOW_PRIVATE_HOSTS: false,
        LOG_LEVEL: 'info',
      },
    });
  });

  it('names every bad variable', () => {
    const parsed = readCronEnv({
      CRON_TICK_MS: '5',
      LOG_LEVEL: 'loud',
      LTX_RETENTION_DAYS: '-1',
      LTX_RETENTION_BATCH: '0',
    });
    const errors = 'errors' in parsed ? parsed.errors.join('\n') : '';
    for (const name of [
      'DATABASE_URL',
      'CRON_TICK_MS',
      'LOG_LEVEL',
      'LTX_RETENTION_DAYS',
      'LTX_RETENTION_BATCH',
    ])
      expect(errors).toContain(name);
  });
});
