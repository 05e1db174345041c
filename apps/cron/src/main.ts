import { createLogger } from '@ltx/core';
import { connect } from '@ltx/data-model';
import { startScheduler } from '@ltx/scheduler';
import { readCronEnv } from './env.js';

const parsed = readCronEnv(process.env);
if ('errors' in parsed) {
  for (const line of parsed.errors) process.stderr.write(`cron: invalid configuration: ${line}\n`);
  process.exit(1);
}
const { env } = parsed;
const logger = createLogger({ level: env.LOG_LEVEL, service: 'cron' });
// One connection holds the short selection transaction (tick lock); the checks write through the others.
const database = connect(env.DATABASE_URL, { max: env.CRON_CONCURRENCY + 3, applicationName: 'ltx-cron' });

const scheduler = startScheduler(database, {
  logger,
  tickMs: env.CRON_TICK_MS,
  deadlineMs: env.CRON_TICK_DEADLINE_MS,
  concurrency: env.CRON_CONCURRENCY,
  maxSchedules: env.CRON_MAX_SCHEDULES_PER_TICK,
  settings: { allowPrivateHosts: env.LTX_ALLOW_PRIVATE_HOSTS },
});

let signals = 0;
function onSignal(signal: NodeJS.Signals): void {
  signals++;
  if (signals > 1) {
    logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  logger.info({ signal }, 'signal received: stopping after the current tick');
  void scheduler.stop();
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

await scheduler.promise;
await database.close().catch(() => {});
process.exit(0);
