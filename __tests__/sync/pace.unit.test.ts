// The pace of the sync's writes: one a second after the first five, as GitHub asks of many writes
// (REST "Best practices": "wait at least one second between each request"); a test knob, bounded.
import { describe, expect, it } from '@jest/globals'
import { writeIntervalMs } from '../../src/sync/plan.js'

describe('writeIntervalMs', () => {
  it.each([
    [{}, 1000],
    [{ LIVEDESK_SYNC_WRITE_INTERVAL_MS: '0' }, 0],
    [{ LIVEDESK_SYNC_WRITE_INTERVAL_MS: '250' }, 250],
    [{ LIVEDESK_SYNC_WRITE_INTERVAL_MS: '10000' }, 10_000],
    [{ LIVEDESK_SYNC_WRITE_INTERVAL_MS: '10001' }, 1000],
    [{ LIVEDESK_SYNC_WRITE_INTERVAL_MS: '-1' }, 1000],
    [{ LIVEDESK_SYNC_WRITE_INTERVAL_MS: '1e3' }, 1000],
    [{ LIVEDESK_SYNC_WRITE_INTERVAL_MS: '100.5' }, 1000],
  ])('%j: %i ms', (env, ms) => {
    expect(writeIntervalMs(env)).toBe(ms)
  })
})
