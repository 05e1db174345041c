// A long-running process for lifecycle.test.ts: `node lifecycle.fixture.mjs <mode> [hardDeadlineMs]`.
// Modes: ok (stop takes a moment), hang (stop never settles), force (stop waits for force), reject (an
// unhandled rejection first). Imports the built package, like the apps do.
import pino from 'pino';
import { runUntilSignal } from '../dist/index.js';

const [mode = 'ok', deadline = '10000'] = process.argv.slice(2);
const logger = pino({ base: { service: 'fixture' } });
let finishStop = () => {};
const keepAlive = setInterval(() => {}, 60_000);

runUntilSignal({
  logger,
  hardDeadlineMs: Number(deadline),
  stop: () =>
    new Promise((resolve) => {
      if (mode === 'hang') return;
      finishStop = () => {
        clearInterval(keepAlive);
        resolve();
      };
      if (mode !== 'force') setTimeout(finishStop, 50);
    }),
  force: () => {
    logger.info('force called');
    finishStop();
  },
});

if (mode === 'reject') Promise.reject(new Error('late failure'));
setTimeout(() => logger.info('ready'), 20);
