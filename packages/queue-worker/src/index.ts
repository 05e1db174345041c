export { startWorker, defaultWorkerId, type WorkerHandle, type JobHandler, type JobContext } from './worker.js';
export { generateHandler } from './generate-handler.js';
export { type WorkerConfig, WORKER_DEFAULTS, heartbeatPeriod } from './config.js';
export { WorkerMetrics, serveMetrics } from './metrics.js';
export { retryDelayMs } from './backoff.js';
export { isDatabaseError } from './db-errors.js';
