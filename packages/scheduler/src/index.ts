export {
  CHECK_LIMITS,
  type CheckOptions,
  type CheckResult,
  checkSite,
  newestLastmod,
  pageHash,
} from './change-check.js';
export { DEFAULT_TICK_MS, type SchedulerHandle, type SchedulerOptions, startScheduler } from './scheduler.js';
export { runTick, type ScheduleOutcome, TICK_LOCK_KEY, type TickOptions, type TickResult } from './tick.js';
