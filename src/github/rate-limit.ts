// GitHub's rate limits, told from its answer as its REST docs describe them ("Rate limits for the
// REST API", "Exceeding the rate limit"): a primary limit is a 403 or 429 with
// x-ratelimit-remaining: 0 (wait until x-ratelimit-reset); a secondary limit is a 403 or 429 whose
// message says "secondary rate limit", or that carries retry-after (wait that long; without it, at
// least a minute). A 403 that is neither is a refusal (a missing permission, say).
import { parseRetryAfter } from '../http/retry-after.js'

export interface RateLimit {
  kind: 'primary' | 'secondary'
  /** How long GitHub asks to wait, when it says (retry-after, or until x-ratelimit-reset). */
  retryAfterMs?: number
  /** When the primary limit resets (ms since the epoch), when GitHub says. */
  resetAt?: number
}

type Headers = Record<string, string | string[] | number | undefined>

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name]
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value)
}

/** The rate limit an answer tells of, or undefined when it is no rate limit. */
export function rateLimitOf(
  status: number,
  headers: Headers,
  message: string,
  now = Date.now(),
): RateLimit | undefined {
  if (status !== 403 && status !== 429) return undefined
  const remaining = header(headers, 'x-ratelimit-remaining')
  // Epoch seconds; more than 12 digits is past the last date JavaScript can hold (and word).
  const reset = header(headers, 'x-ratelimit-reset')?.trim() ?? ''
  const resetAt = remaining === '0' && /^\d{1,12}$/.test(reset) && Number(reset) > 0 ? Number(reset) * 1000 : undefined
  const retryAfterMs =
    parseRetryAfter(header(headers, 'retry-after'), now) ??
    (resetAt !== undefined ? Math.max(0, resetAt - now) : undefined)
  if (/secondary rate limit|abuse detection/i.test(message) || header(headers, 'retry-after') !== undefined)
    return { kind: 'secondary', retryAfterMs, ...(resetAt ? { resetAt } : {}) }
  if (remaining === '0' || /rate limit/i.test(message))
    return { kind: 'primary', retryAfterMs, ...(resetAt ? { resetAt } : {}) }
  // A 429 is always a limit, whatever its message.
  return status === 429 ? { kind: 'secondary', retryAfterMs } : undefined
}

/** "GitHub's rate limit for this token is used up (HTTP 403; it resets at 14:05 UTC, in 30 min)". */
export function rateLimitWords(limit: RateLimit, status: number, now = Date.now()): string {
  const wait = limit.retryAfterMs !== undefined ? inWords(limit.retryAfterMs) : undefined
  if (limit.kind === 'primary') {
    const when =
      limit.resetAt !== undefined
        ? `; it resets at ${new Date(limit.resetAt).toISOString().slice(11, 16)} UTC, in ${inWords(limit.resetAt - now)}`
        : ''
    return `GitHub's rate limit for this token is used up (HTTP ${status}${when}; the job's GITHUB_TOKEN has 1,000 requests an hour per repository)`
  }
  return `GitHub's secondary rate limit was reached: too many requests in a short time (HTTP ${status}${wait ? `; GitHub asked to wait ${wait}` : ''})`
}

function inWords(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000))
  if (s < 120) return `${s} s`
  return `${Math.ceil(s / 60)} min`
}
