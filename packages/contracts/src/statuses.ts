/**
 * The job statuses and kinds as plain values, with no zod: the dashboard imports them at run time from
 * `@ltx/contracts/statuses` and its bundle stays free of the schemas.
 */

/** queued -> started (claimed) -> running -> success | failure; `cancelled` when a user cancels. */
export const JOB_STATUSES = ['queued', 'started', 'running', 'success', 'failure', 'cancelled'] as const;
export const JOB_KINDS = ['new', 'update'] as const;
/** A job in one of these may still change: pages poll it. */
export const ACTIVE_STATUSES = ['queued', 'started', 'running'] as const;
/** The phases a running job reports in its progress, in order (core's generate() goes through them). */
export const JOB_PHASES = ['crawling', 'extracting', 'prompting', 'model', 'validating', 'done'] as const;
