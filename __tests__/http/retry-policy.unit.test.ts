// The retry policy both services share, as a table: attempts left, the wait asked or the backoff,
// and the deadline. Each service's rule of what is worth another attempt is tested with its client.
import { describe, expect, it } from '@jest/globals'
import { nextAttempt, type AfterAttempt, type NextAttempt, type RetryPolicy } from '../../src/http/retry-policy.js'

// LiveDesk's: 500 ms doubling, at most 8 s, a random 50–100 % of it; max_retries 3.
const liveDesk = (jitter: number): RetryPolicy => ({
  attempts: 4,
  backoff: { baseMs: 500, capMs: 8_000, jitter: () => jitter },
})
// GitHub's: 300 ms doubling, three tries, 500 ms left over for the next one.
const github: RetryPolicy = { attempts: 3, backoff: { baseMs: 300 }, marginMs: 500 }
const plenty = 3_600_000

describe('nextAttempt', () => {
  it.each<[string, RetryPolicy, AfterAttempt, NextAttempt]>([
    ['backoff doubles', liveDesk(1), { attempt: 3, leftMs: plenty }, { again: true, waitMs: 2000 }],
    ['jitter takes 50 % at its lowest', liveDesk(0), { attempt: 1, leftMs: plenty }, { again: true, waitMs: 250 }],
    ['jitter in between', liveDesk(0.5), { attempt: 2, leftMs: plenty }, { again: true, waitMs: 750 }],
    [
      'backoff is capped',
      { ...liveDesk(1), attempts: 20 },
      { attempt: 10, leftMs: plenty },
      { again: true, waitMs: 8000 },
    ],
    ['no cap given: none', github, { attempt: 2, leftMs: plenty }, { again: true, waitMs: 600 }],
    [
      'the last attempt is the last',
      liveDesk(1),
      { attempt: 4, leftMs: plenty },
      { again: false, why: 'no attempts left' },
    ],
    [
      'attempts run out before time does',
      github,
      { attempt: 3, leftMs: 0, askedMs: 1 },
      { again: false, why: 'no attempts left' },
    ],
    [
      'a wait asked replaces the backoff, cap included',
      liveDesk(0),
      { attempt: 1, leftMs: plenty, askedMs: 30_000 },
      { again: true, waitMs: 30_000 },
    ],
    ['a wait asked of 0 is 0', liveDesk(1), { attempt: 1, leftMs: plenty, askedMs: 0 }, { again: true, waitMs: 0 }],
    [
      'a wait asked that ends at the deadline is not waited',
      liveDesk(1),
      { attempt: 1, leftMs: 1000, askedMs: 1000 },
      { again: false, why: 'asked past the deadline', waitMs: 1000, leftMs: 1000 },
    ],
    [
      'a backoff that ends at the deadline is not waited',
      liveDesk(1),
      { attempt: 2, leftMs: 1000 },
      { again: false, why: 'no time left', waitMs: 1000, leftMs: 1000 },
    ],
    ['a backoff that ends just before it is', liveDesk(1), { attempt: 2, leftMs: 1001 }, { again: true, waitMs: 1000 }],
    [
      'the margin must be left after the wait',
      github,
      { attempt: 1, leftMs: 800 },
      { again: false, why: 'no time left', waitMs: 300, leftMs: 800 },
    ],
    ['and is enough when it is', github, { attempt: 1, leftMs: 801 }, { again: true, waitMs: 300 }],
    [
      'an infinite wait asked is never waited',
      github,
      { attempt: 1, leftMs: plenty, askedMs: Number.POSITIVE_INFINITY },
      { again: false, why: 'asked past the deadline', waitMs: Number.POSITIVE_INFINITY, leftMs: plenty },
    ],
    [
      'the deadline already past',
      liveDesk(1),
      { attempt: 1, leftMs: -50 },
      { again: false, why: 'no time left', waitMs: 500, leftMs: -50 },
    ],
  ])('%s', (_what, policy, after, expected) => {
    expect(nextAttempt(policy, after)).toEqual(expected)
  })
})
