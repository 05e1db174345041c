export { RETENTION_BATCHES_PER_TICK, type RetentionEnv, retentionFromEnv } from './retention-env.js';
export { DEFAULT_TICK_MS, type SchedulerHandle, type SchedulerOptions, startScheduler } from './scheduler.js';
export {
  DEFAULT_TICK_DEADLINE_MS,
  runTick,
  type ScheduleOutcome,
  type TickOptions,
  type TickResult,
} from './tick.js';
