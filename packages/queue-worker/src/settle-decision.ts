import { type LtxError, TimeoutError, toLtxError } from '@ltx/core';
import { retryDelayMs } from './backoff.js';

/** Why a run was aborted by the engine (not by its own error). */
export type AbortReason = 'shutdown' | 'cancelled' | 'lost' | 'timeout';

/** How a run that did not succeed is settled. */
export type Settlement =
  /** Transient: back to queued after `delayMs` (the database turns it into a failure past max_attempts). */
  | { action: 'retry'; error: LtxError; delayMs: number }
  /** Permanent: failure with the error stored. */
  | { action: 'fail'; error: LtxError }
  /** Shutdown: back to queued without spending an attempt. */
  | { action: 'release' }
  /** A user asked for it: cancelled. */
  | { action: 'cancel' }
  /** The lease was lost: another worker owns the job now; write nothing. */
  | { action: 'abandon' };

export interface SettlePolicy {
  retryBaseMs: number;
  retryMaxMs: number;
  random?: () => number;
}

/**
 * The retry-or-fail decision for one run that threw: pure, so every branch is unit-tested.
 * `attempt` is the job's attempt count including this run; `timeoutMs` the run's effective limit.
 */
export function decideSettlement(
  run: { thrown: unknown; reason?: AbortReason | undefined; attempt: number; timeoutMs: number },
  policy: SettlePolicy,
): Settlement {
  if (run.reason === 'lost') return { action: 'abandon' };
  if (run.reason === 'shutdown') return { action: 'release' };
  if (run.reason === 'cancelled') return { action: 'cancel' };
  const error =
    run.reason === 'timeout'
      ? new TimeoutError(`job exceeded its time limit of ${run.timeoutMs} ms`, { cause: run.thrown })
      : toLtxError(run.thrown);
  if (!error.retryable) return { action: 'fail', error };
  const delayMs = retryDelayMs(run.attempt, {
    baseMs: policy.retryBaseMs,
    maxMs: policy.retryMaxMs,
    retryAfterMs: error.retryAfterMs,
    ...(policy.random ? { random: policy.random } : {}),
  });
  return { action: 'retry', error, delayMs };
}
