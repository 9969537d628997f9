// When to try a request again, and after how long: the LiveDesk and the GitHub client both use it, so
// it lives in http/, which knows neither.
// The service says whether a failure is worth another attempt (its own rules, in its own module);
// this says whether one fits: attempts left, what the service asked (Retry-After) or the backoff,
// and the time left before the deadline. Pure: the caller measures the time and does the waiting.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /**
   * The wait after attempt n when the service asks for none: baseMs × 2^(n-1), at most capMs.
   * With `jitter` (a random source in [0, 1)), a random 50–100 % of that, so clients that failed
   * together do not come back together.
   */
  backoff: { baseMs: number; capMs?: number; jitter?: () => number }
  /** What must still be left of the deadline when the wait is over: an attempt needs time too. */
  marginMs?: number
}

export interface AfterAttempt {
  /** The attempt that just failed, from 1. */
  attempt: number
  /** Ms left before the deadline. */
  leftMs: number
  /** The wait the service asked for (a Retry-After, in ms): it replaces the backoff. */
  askedMs?: number
}

/** Try again after `waitMs`; or stop, and why: no attempts left, or the wait would not end in time. */
export type NextAttempt =
  | { again: true; waitMs: number }
  | { again: false; why: 'no attempts left' }
  | { again: false; why: 'asked past the deadline' | 'no time left'; waitMs: number; leftMs: number }

export function nextAttempt(policy: RetryPolicy, after: AfterAttempt): NextAttempt {
  if (after.attempt >= policy.attempts) return { again: false, why: 'no attempts left' }
  const waitMs = after.askedMs ?? backoffMs(policy.backoff, after.attempt)
  if (waitMs < after.leftMs - (policy.marginMs ?? 0)) return { again: true, waitMs }
  const why = after.askedMs !== undefined ? 'asked past the deadline' : 'no time left'
  return { again: false, why, waitMs, leftMs: after.leftMs }
}

/** The backoff after attempt n (from 1), as RetryPolicy['backoff'] describes it. */
function backoffMs(backoff: RetryPolicy['backoff'], attempt: number): number {
  const ms = Math.min(backoff.capMs ?? Number.POSITIVE_INFINITY, backoff.baseMs * 2 ** (attempt - 1))
  return backoff.jitter ? ms * (0.5 + backoff.jitter() / 2) : ms
}
