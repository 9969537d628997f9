// Which earlier runs a lookup reads for a record (memory/earlier-runs.ts), from the runs GitHub
// listed: the ones that may hold one (failed, cancelled, re-run; any with everyRun), most recently
// ended first, a few of each kind, a fork's never; and for a recovery, whether the run that ended
// before this one passed.
import { describe, expect, it } from '@jest/globals'
import type { WorkflowRun } from '../../src/github/shapes.js'
import { earlierRuns, fromSameSource, passedBefore } from '../../src/memory/earlier-runs.js'

const THIS = 100
const OURS = 'octo-org/checkout-service'
const FORK = 'mallory/checkout-service'
/** A run that ended `minute` minutes past 10:00 (none: GitHub does not say). */
const run = (
  id: number,
  conclusion: string | null,
  minute?: number,
  extra: Partial<WorkflowRun> = {},
): WorkflowRun => ({
  id,
  run_attempt: 1,
  status: conclusion === null ? 'in_progress' : 'completed',
  conclusion,
  head_repository: { full_name: OURS },
  ...(minute === undefined ? {} : { updated_at: `2026-12-07T10:${String(minute).padStart(2, '0')}:00Z` }),
  ...extra,
})
const ids = (runs: WorkflowRun[]) => runs.map((r) => r.id)
const failure = { everyRun: false, max: 5 }

describe('earlierRuns', () => {
  it('the runs that may hold a record: failed, timed out, cancelled, re-run; never this run, a passed or unfinished one', () => {
    const listed = [
      run(THIS, null, 50),
      run(99, 'success', 49),
      run(98, 'failure', 48),
      run(97, 'success', 47, { run_attempt: 2 }),
      run(96, 'cancelled', 46),
      run(95, 'timed_out', 45),
      run(94, 'startup_failure', 44),
      run(93, 'skipped', 43),
      run(92, null, 42),
      run(91, 'failure', 41, { status: 'queued' }),
    ]
    expect(ids(earlierRuns({ runId: String(THIS) }, listed, failure))).toEqual([98, 97, 96, 95, 94])
  })

  it("a reporter's lookup: the run it reports on has ended, and is still not its own candidate", () => {
    const listed = [run(THIS, 'failure', 50), run(99, 'failure', 40)]
    expect(ids(earlierRuns({ runId: String(THIS) }, listed, failure))).toEqual([99])
  })

  it('with everyRun (a schedule, a chore), every completed run', () => {
    const listed = [run(THIS, null, 50), run(99, 'success', 49), run(98, 'skipped', 48), run(97, null, 47)]
    expect(ids(earlierRuns({ runId: String(THIS) }, listed, { everyRun: true, max: 5 }))).toEqual([99, 98])
  })

  it('the most recently ended first; equal or unknown times in the order listed; a run listed twice, once', () => {
    const listed = [
      run(99, 'failure', 10),
      run(98, 'failure'),
      run(97, 'failure', 30),
      run(96, 'failure', 10),
      run(95, 'failure'),
      run(97, 'failure', 30),
    ]
    expect(ids(earlierRuns({ runId: String(THIS) }, listed, failure))).toEqual([97, 99, 96, 98, 95])
  })

  it('at most `max` failed or re-run runs, and besides them at most 5 cancelled ones', () => {
    const listed = [
      ...Array.from({ length: 7 }, (_, i) => run(90 - i, 'cancelled', 50 - i)),
      ...Array.from({ length: 4 }, (_, i) => run(80 - i, 'failure', 40 - i)),
      run(70, 'cancelled', 30, { run_attempt: 2 }),
    ]
    expect(ids(earlierRuns({ runId: String(THIS) }, listed, { everyRun: false, max: 3 }))).toEqual([
      90, 89, 88, 87, 86, 80, 79, 78,
    ])
    // A cancelled run that was re-run counts among the others; with everyRun, so does every cancel.
    expect(ids(earlierRuns({ runId: String(THIS) }, listed, { everyRun: false, max: 5 })).slice(-2)).toEqual([77, 70])
    expect(ids(earlierRuns({ runId: String(THIS) }, listed, { everyRun: true, max: 3 }))).toEqual([90, 89, 88])
  })

  it("a fork's runs of a branch of the same name are not this branch's: left out", () => {
    const listed = [
      run(THIS, null, 50),
      run(99, 'failure', 49, { head_repository: { full_name: FORK } }),
      run(98, 'failure', 48),
    ]
    expect(ids(earlierRuns({ runId: String(THIS) }, listed, failure))).toEqual([98])
    // Where this run's code came from, when the caller knows it (a reporter's run that is not listed).
    expect(ids(earlierRuns({ runId: '7' }, listed, { ...failure, source: FORK }))).toEqual([99])
    // Not known: every run's.
    expect(ids(earlierRuns({ runId: '7' }, listed, failure))).toEqual([99, 98])
  })
})

describe('fromSameSource', () => {
  it("this run's head repository, or the one given; every run when neither is known", () => {
    const runs = [
      run(THIS, null),
      run(99, 'failure', 1, { head_repository: { full_name: FORK } }),
      run(98, 'failure', 2, { head_repository: null }),
    ]
    expect(ids(fromSameSource(runs, String(THIS)))).toEqual([THIS])
    expect(ids(fromSameSource(runs, String(THIS), FORK))).toEqual([99])
    expect(ids(fromSameSource(runs, '7'))).toEqual([THIS, 99, 98])
  })
})

describe('passedBefore', () => {
  const recovery = { rerun: false }

  it('the run that ended last before this one, when it passed', () => {
    const listed = [run(THIS, 'success', 50), run(99, 'success', 40), run(98, 'failure', 30)]
    expect(passedBefore(listed, String(THIS), recovery)?.id).toBe(99)
    const failed = [run(THIS, 'success', 50), run(99, 'failure', 40), run(98, 'success', 30)]
    expect(passedBefore(failed, String(THIS), recovery)).toBeUndefined()
  })

  it('by when runs ended: an older run that timed out after a newer one passed ended last', () => {
    const listed = [run(THIS, 'success', 50), run(99, 'success', 20), run(98, 'failure', 45), run(97, 'success', 55)]
    expect(passedBefore(listed, String(THIS), recovery)).toBeUndefined()
    // A run that ended with this one or after it is not before it.
    const same = [run(THIS, 'success', 50), run(99, 'failure', 50), run(98, 'success', 40)]
    expect(passedBefore(same, String(THIS), recovery)?.id).toBe(98)
  })

  it('without times, the next older run in the listing', () => {
    const listed = [run(101, 'failure'), run(THIS, 'success'), run(99, 'success'), run(98, 'failure')]
    expect(passedBefore(listed, String(THIS), recovery)?.id).toBe(99)
    const failed = [run(101, 'success'), run(THIS, 'success'), run(99, 'failure'), run(98, 'success')]
    expect(passedBefore(failed, String(THIS), recovery)).toBeUndefined()
    // This run's end unknown, the others' known: still by the listing.
    const mixed = [run(101, 'failure', 55), run(THIS, 'success'), run(99, 'success', 40)]
    expect(passedBefore(mixed, String(THIS), recovery)?.id).toBe(99)
  })

  it("the workflow's first run: nothing before it", () => {
    expect(passedBefore([run(THIS, 'success', 50)], String(THIS), recovery)).toBeUndefined()
    expect(passedBefore([run(101, 'success', 55), run(THIS, 'success', 50)], String(THIS), recovery)).toBeUndefined()
  })

  it('skipped and unfinished runs are passed over; a cancel is no pass (it may have timed out)', () => {
    const listed = [run(THIS, 'success', 50), run(99, 'skipped', 45), run(98, null, 44), run(97, 'success', 40)]
    expect(passedBefore(listed, String(THIS), recovery)?.id).toBe(97)
    const cancelled = [run(THIS, 'success', 50), run(99, 'cancelled', 45), run(97, 'success', 40)]
    expect(passedBefore(cancelled, String(THIS), recovery)).toBeUndefined()
  })

  it("never for a re-run, nor for a run not listed; a fork's runs are not before it", () => {
    const listed = [run(THIS, 'success', 50), run(99, 'success', 40)]
    expect(passedBefore(listed, String(THIS), { rerun: true })).toBeUndefined()
    expect(passedBefore(listed, '7', recovery)).toBeUndefined()
    const fork = [
      run(THIS, 'success', 50),
      run(99, 'success', 45, { head_repository: { full_name: FORK } }),
      run(98, 'failure', 40),
    ]
    expect(passedBefore(fork, String(THIS), recovery)).toBeUndefined()
    expect(passedBefore(fork, String(THIS), { ...recovery, source: FORK })).toBeUndefined()
  })
})
