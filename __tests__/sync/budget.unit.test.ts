// What one sync run may spend, and when it stops taking issues.
import { describe, expect, it } from '@jest/globals'
import {
  commentPages,
  FAILURES_IN_A_ROW,
  GITHUB_CALLS_PER_RUN,
  issueCost,
  REPLIES_PER_RUN,
  stopReason,
  SYNC_RUN_MS,
  WRITES_PER_RUN,
} from '../../src/sync/budget.js'

const fresh = { calls: 0, writes: 0, failuresInARow: 0, elapsedMs: 0 }

describe('issueCost', () => {
  it('an issue costs its pages of comments (100 a page, the page after the last one counted) and its writes', () => {
    expect(commentPages({ comments: 0 })).toBe(1)
    expect(commentPages({ comments: 99 })).toBe(1)
    expect(commentPages({ comments: 100 })).toBe(2)
    expect(commentPages({})).toBe(1)
    // At most 3,000 comments are read, whatever the count says.
    expect(commentPages({ comments: 1_000_000 })).toBe(31)
    expect(issueCost({ comments: 250 }, false)).toEqual({ calls: 3 + 2, writes: 2 })
    expect(issueCost({ comments: 250 }, true)).toEqual({ calls: 3 + 2 + REPLIES_PER_RUN, writes: 2 + REPLIES_PER_RUN })
  })
})

describe('stopReason', () => {
  it.each([
    ['a fresh run takes the issue', fresh, { calls: 3, writes: 2 }, undefined],
    [
      'calls made + writes planned + the issue past 200',
      { ...fresh, calls: 190, writes: 6 },
      { calls: 5, writes: 2 },
      `the run's budget of ${GITHUB_CALLS_PER_RUN} GitHub calls`,
    ],
    ['exactly 200 is still taken', { ...fresh, calls: 190, writes: 5 }, { calls: 5, writes: 2 }, undefined],
    [
      'writes planned + the issue past 60',
      { ...fresh, calls: 10, writes: 55 },
      { calls: 3, writes: 12 },
      `the run's budget of ${WRITES_PER_RUN} GitHub writes`,
    ],
    [
      'three issues in a row unreadable',
      { ...fresh, failuresInARow: FAILURES_IN_A_ROW },
      { calls: 3, writes: 2 },
      '3 issues in a row that could not be read',
    ],
    ['exactly 60 writes is still taken', { ...fresh, calls: 10, writes: 48 }, { calls: 3, writes: 12 }, undefined],
    ['two are not yet', { ...fresh, failuresInARow: FAILURES_IN_A_ROW - 1 }, { calls: 3, writes: 2 }, undefined],
    [
      'past five minutes',
      { ...fresh, elapsedMs: SYNC_RUN_MS + 1 },
      { calls: 3, writes: 2 },
      "the run's time limit of 5 minutes",
    ],
    [
      'five minutes to the millisecond: one more',
      { ...fresh, elapsedMs: SYNC_RUN_MS },
      { calls: 3, writes: 2 },
      undefined,
    ],
  ])('%s', (_name, spent, cost, reason) => {
    expect(stopReason(spent, cost)).toBe(reason)
  })
})
