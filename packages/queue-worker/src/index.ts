export { retryDelayMs } from './backoff.js';
export { heartbeatPeriod, WORKER_DEFAULTS, type WorkerConfig } from './config.js';
export { generateHandler } from './generate-handler.js';
export { serveMetrics, WorkerMetrics } from './metrics.js';
export {
  defaultWorkerId,
  type JobContext,
  type JobHandler,
  startWorker,
  type WorkerHandle,
} from './worker.js';
