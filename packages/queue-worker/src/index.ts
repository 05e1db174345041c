export { backoffMs, retryDelayMs } from './backoff.js';
export { heartbeatPeriod, WORKER_DEFAULTS, type WorkerConfig } from './config.js';
export {
  createGenerateHandler,
  type GenerateContext,
  type GenerateJob,
  generateWithCore,
  generateWithCoreUsing,
  jobOptionsOf,
  toStoredResult,
} from './generate-handler.js';
export type { JobFailure, JobHandler, JobSuccess, PreparedJob, RunContext } from './job-handler.js';
export { serveMetrics, WorkerMetrics } from './metrics.js';
export { type AbortReason, decideSettlement, type Settlement } from './settle-decision.js';
export { defaultWorkerId, startWorker, type WorkerHandle } from './worker.js';
