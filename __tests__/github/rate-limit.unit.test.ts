// GitHub's rate limits told from its answers, as its REST docs describe them ("Rate limits for the REST
// API", docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit):
// "If you exceed your primary rate limit, you will receive a 403 or 429 response, and the
// x-ratelimit-remaining header will be 0"; "If you exceed a secondary rate limit, you will receive a 403
// or 429 response and an error message that indicates that you exceeded a secondary rate limit. If the
// retry-after response header is present, you should not retry your request until after that many
// seconds has elapsed."
import { describe, expect, it } from '@jest/globals'
import { rateLimitOf, rateLimitWords } from '../../src/github/rate-limit.js'

const NOW = Date.parse('2026-03-02T14:00:00Z')
const inHalfAnHour = String(NOW / 1000 + 30 * 60)
const SECONDARY =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID DBD8:1234:5678.'

describe('rateLimitOf', () => {
  it.each([403, 429])(
    'HTTP %i with x-ratelimit-remaining: 0 is the primary limit, waited until x-ratelimit-reset',
    (status) => {
      const limit = rateLimitOf(
        status,
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': inHalfAnHour },
        'API rate limit exceeded for installation ID 4711.',
        NOW,
      )
      expect(limit).toEqual({ kind: 'primary', retryAfterMs: 30 * 60 * 1000, resetAt: NOW + 30 * 60 * 1000 })
    },
  )

  it('a message that says "secondary rate limit" is the secondary limit, with or without retry-after', () => {
    expect(rateLimitOf(403, {}, SECONDARY, NOW)).toEqual({ kind: 'secondary', retryAfterMs: undefined })
    expect(rateLimitOf(429, { 'retry-after': '60' }, SECONDARY, NOW)).toEqual({
      kind: 'secondary',
      retryAfterMs: 60_000,
    })
  })

  it('retry-after alone makes a 403 a secondary limit, whatever its message; a header given twice counts once', () => {
    expect(rateLimitOf(403, { 'retry-after': ['5', '90'] }, 'Forbidden', NOW)).toEqual({
      kind: 'secondary',
      retryAfterMs: 5000,
    })
  })

  it('a message naming a rate limit without its headers is the primary limit, with no wait known', () => {
    expect(rateLimitOf(403, {}, 'API rate limit exceeded for user ID 1.', NOW)).toEqual({
      kind: 'primary',
      retryAfterMs: undefined,
    })
  })

  it('a 429 is always a limit; a 403 without any sign of one is a refusal; other statuses are neither', () => {
    expect(rateLimitOf(429, {}, 'Too Many Requests', NOW)).toEqual({ kind: 'secondary', retryAfterMs: undefined })
    expect(rateLimitOf(403, {}, 'Resource not accessible by integration', NOW)).toBeUndefined()
    expect(rateLimitOf(403, { 'x-ratelimit-remaining': '17' }, 'Forbidden', NOW)).toBeUndefined()
    expect(rateLimitOf(500, { 'x-ratelimit-remaining': '0' }, 'rate limit', NOW)).toBeUndefined()
  })
})

describe('rateLimitWords', () => {
  it('the primary limit: when it resets, and what the job token has', () => {
    const limit = rateLimitOf(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': inHalfAnHour }, '', NOW)
    expect(limit && rateLimitWords(limit, 403, NOW)).toBe(
      "GitHub's rate limit for this token is used up (HTTP 403; it resets at 14:30 UTC, in 30 min; the job's GITHUB_TOKEN has 1,000 requests an hour per repository)",
    )
    expect(rateLimitWords({ kind: 'primary' }, 429, NOW)).toBe(
      "GitHub's rate limit for this token is used up (HTTP 429; the job's GITHUB_TOKEN has 1,000 requests an hour per repository)",
    )
  })

  it('the secondary limit: the wait GitHub asked for, in seconds up to two minutes, then in minutes', () => {
    expect(rateLimitWords({ kind: 'secondary', retryAfterMs: 90_500 }, 403, NOW)).toBe(
      "GitHub's secondary rate limit was reached: too many requests in a short time (HTTP 403; GitHub asked to wait 91 s)",
    )
    expect(rateLimitWords({ kind: 'secondary', retryAfterMs: 150_000 }, 429, NOW)).toBe(
      "GitHub's secondary rate limit was reached: too many requests in a short time (HTTP 429; GitHub asked to wait 3 min)",
    )
    expect(rateLimitWords({ kind: 'secondary' }, 403, NOW)).toBe(
      "GitHub's secondary rate limit was reached: too many requests in a short time (HTTP 403)",
    )
  })
})
