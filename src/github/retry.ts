// When a GitHub request is tried again, and the pace of writes. GitHub's rule says whether another
// try could help (a read after a 5xx or a lost connection; a write only when nothing reached GitHub);
// the shared policy (http/retry-policy.ts) whether one fits before the deadline.
import { nextAttempt, type RetryPolicy } from '../http/retry-policy.js'
import { PROXY_UNUSABLE } from '../http/transport.js'
import { failureOf } from './errors.js'
import { rateLimitOf } from './rate-limit.js'

/** Tries of one request: the first and two more (a write only when nothing reached GitHub). */
const TRIES: RetryPolicy = { attempts: 3, backoff: { baseMs: 300 }, marginMs: 500 }
/** Waits for a rate limit, counted apart from the tries: one per request, always as long as GitHub names. */
const LIMIT_WAITS: RetryPolicy = { attempts: 2, backoff: { baseMs: 0 }, marginMs: 500 }
/** Past the wait GitHub names, so that the limit has surely been lifted when the request goes again. */
const LIMIT_SLACK_MS = 250

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Whether a failed request is tried again, and after how long; undefined: it is not. GitHub's rule
 * says whether another try could help (worthTryingAgain), the shared policy whether one fits (TRIES).
 * A rate limit whose wait GitHub names and which fits in what is left of the deadline is waited out,
 * once per request. Never past the deadline.
 */
export function retryWait(
  err: unknown,
  at: { method: string; attempt: number; waitedForLimit: boolean; leftMs: number },
): { waitMs: number; forLimit: boolean; why: string } | undefined {
  const failure = failureOf(err)
  const limit = failure.status !== undefined ? rateLimitOf(failure.status, failure.headers, failure.message) : undefined
  if (limit) {
    if (limit.retryAfterMs === undefined) return undefined
    const next = nextAttempt(LIMIT_WAITS, {
      attempt: at.waitedForLimit ? 2 : 1, // the first limit is waited out, a second is not
      leftMs: at.leftMs,
      askedMs: limit.retryAfterMs + LIMIT_SLACK_MS,
    })
    return next.again
      ? { waitMs: next.waitMs, forLimit: true, why: `HTTP ${failure.status}, a ${limit.kind} rate limit` }
      : undefined
  }
  const why = worthTryingAgain(failure, at.method)
  if (!why) return undefined
  const next = nextAttempt(TRIES, { attempt: at.attempt, leftMs: at.leftMs })
  return next.again ? { waitMs: next.waitMs, forLimit: false, why } : undefined
}

/**
 * GitHub's rule: a read is tried again after a 5xx or a connection lost before an answer; a write
 * only when nothing reached GitHub (a comment must not be posted twice). Returns why (the status or
 * the transport's code), or undefined.
 */
function worthTryingAgain(failure: ReturnType<typeof failureOf>, method: string): string | undefined {
  const read = method === 'GET' || method === 'HEAD'
  const t = failure.transport
  if (t)
    return !t.timedOut && !NOT_RETRIED.has(t.code ?? '') && (read || !t.sent)
      ? (t.code ?? 'connection lost')
      : undefined
  return read && failure.status !== undefined && [500, 502, 503, 504].includes(failure.status)
    ? `HTTP ${failure.status}`
    : undefined
}

/** Transport failures that another try cannot mend. */
const NOT_RETRIED = new Set(['EORIGIN', 'EREDIRECT', 'ERESPONSETOOLARGE', 'EBODY', 'EPROXY', PROXY_UNUSABLE])

/**
 * The pace writes keep, as GitHub asks of many writes ("wait at least one second between each
 * request", REST "Best practices"): after the first `burst` writes, one every `intervalMs`. The state
 * is shared by every call made with the same options.
 */
export interface WritePace {
  intervalMs: number
  burst: number
  writes?: number
  last?: number
}

/** Waits until the next write may go, by `pace`. */
export async function keepPace(pace: WritePace | undefined, wait: (ms: number) => Promise<void>): Promise<void> {
  if (!pace) return
  pace.writes = (pace.writes ?? 0) + 1
  const ms = pace.writes > pace.burst && pace.last !== undefined ? pace.last + pace.intervalMs - Date.now() : 0
  if (ms > 0) await wait(ms)
  pace.last = Date.now()
}
