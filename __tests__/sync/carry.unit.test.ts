// How the sync's writes count and fail (sync/carry.ts): an issue is updated when it got a comment;
// a comment GitHub refused (422, too long, say) is left out and the issue's other news goes on, any
// other failure stops that issue's posts until a later run.
import { describe, expect, it } from '@jest/globals'
import { GitHubApiError } from '../../src/github/errors.js'
import { afterFailedPost, wasUpdated, type SyncRow } from '../../src/sync/carry.js'

const row = (statusPosted: boolean, repliesPosted: number, closed = false): SyncRow => ({
  item: {
    issue: { number: 3, title: 'Login fails', url: '' },
    at: { since: '2026-01-01T00:00:00Z', after: 3, until: '2026-01-02T00:00:00Z' },
    decision: { kind: 'unlinked', note: '' },
  },
  statusPosted,
  repliesPosted,
  closed,
})

describe('wasUpdated', () => {
  it.each([
    ['its news', row(true, 0), true],
    ['one reply', row(false, 1), true],
    ['both', row(true, 2), true],
    ['closed alone: counted apart', row(false, 0, true), false],
    ['nothing', row(false, 0), false],
  ])('%s', (_name, given, updated) => {
    expect(wasUpdated(given)).toBe(updated)
  })
})

describe('afterFailedPost', () => {
  it.each<[string, unknown, 'skip' | 'stop']>([
    ['GitHub refused the body (422): that post is skipped', new GitHubApiError('Body is too long', 422), 'skip'],
    ['a server error: the issue stops', new GitHubApiError('Bad gateway', 502), 'stop'],
    ['no answer at all: the issue stops', new GitHubApiError('socket hang up'), 'stop'],
    ['anything else: the issue stops', Object.assign(new Error('x'), { status: 422 }), 'stop'],
  ])('%s', (_name, err, after) => {
    expect(afterFailedPost(err)).toBe(after)
  })
})
