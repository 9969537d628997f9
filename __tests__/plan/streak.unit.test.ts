// open_after's count, from the workflow's runs as GitHub lists them (newest first, each run once, as
// its latest attempt: REST API "List workflow runs for a workflow", whose run_attempt and conclusion
// are the latest attempt's). Each counting rule of docs/build-failures.md's "Flaky failures" is a row.
import { describe, expect, it } from '@jest/globals'
import type { WorkflowRun } from '../../src/github/shapes.js'
import { OPEN_AFTER_MAX } from '../../src/inputs/run-settings.js'
import { RUNS_LISTED } from '../../src/memory/earlier-runs.js'
import { cancelledInStreak, countStreak, holdsBack, outcomeOf, streakPlace } from '../../src/plan/streak.js'

const THIS = 100
const run = (id: number, conclusion: string | null, attempt = 1, status = 'completed'): WorkflowRun => ({
  id,
  run_attempt: attempt,
  status,
  conclusion,
})
/** This run (in progress), then the earlier runs by their conclusions, newest first. */
const listed = (...earlier: (string | null)[]): WorkflowRun[] => [
  run(THIS, null, 1, 'in_progress'),
  ...earlier.map((c, i) => run(THIS - 1 - i, c)),
]

describe('countStreak', () => {
  it.each<[string, WorkflowRun[], number, boolean, number | undefined]>([
    ['the first run of the workflow: 1', listed(), 1, false, undefined],
    ['after a passed run: 1', listed('success'), 1, false, 99],
    ['after a failed run: 2', listed('failure', 'success'), 2, false, 98],
    ['fail, pass, fail: 1 (a passed run ends the streak)', listed('success', 'failure'), 1, false, 99],
    [
      'fail, cancelled, fail: 2 (cancelled neither counts nor ends it)',
      listed('cancelled', 'failure', 'success'),
      2,
      false,
      97,
    ],
    [
      'skipped, neutral, action_required, stale: neither',
      listed('skipped', 'neutral', 'action_required', 'stale', 'failure', 'success'),
      2,
      false,
      94,
    ],
    ['timed_out and startup_failure count as failed', listed('timed_out', 'startup_failure', 'success'), 3, false, 97],
    [
      'a run still in progress (another of the concurrency group) neither counts nor ends it',
      [run(THIS, null, 1, 'in_progress'), run(99, null, 1, 'queued'), run(98, 'failure'), run(97, 'success')],
      2,
      false,
      97,
    ],
  ])('%s', (_what, runs, count, atLeast, after) => {
    const streak = countStreak(runs, String(THIS))
    expect(streak).toMatchObject({ count, atLeast })
    expect(streak.after?.id).toBe(after)
  })

  it('the attempts of one run count once: a re-run of this run is still this run', () => {
    // GitHub lists this run once, whatever its attempt; its earlier attempts are not earlier runs.
    const runs = [run(THIS, null, 2, 'in_progress'), run(99, 'success')]
    expect(countStreak(runs, String(THIS)).count).toBe(1)
  })

  it('an earlier run failed twice (two attempts) counts once; one re-run green has passed', () => {
    expect(
      countStreak([run(THIS, null, 1, 'in_progress'), run(99, 'failure', 2), run(98, 'success')], String(THIS)).count,
    ).toBe(2)
    expect(
      countStreak([run(THIS, null, 1, 'in_progress'), run(99, 'success', 2), run(98, 'failure')], String(THIS)),
    ).toMatchObject({
      count: 1,
      after: { id: 99, attempt: 2 },
    })
  })

  it('only runs older than this one count: a re-run of an older run counts from its place in the list', () => {
    const runs = [
      run(102, 'failure'),
      run(101, 'success'),
      run(THIS, null, 2, 'in_progress'),
      run(99, 'failure'),
      run(98, 'success'),
    ]
    expect(countStreak(runs, String(THIS))).toMatchObject({ count: 2, earlier: [{ id: 99 }], atLeast: false })
  })

  it('the earlier failed runs that make it, newest first, with their attempt and conclusion', () => {
    expect(countStreak(listed('failure', 'cancelled', 'timed_out', 'success'), String(THIS)).earlier).toEqual([
      { id: 99, attempt: 1, conclusion: 'failure' },
      { id: 97, attempt: 1, conclusion: 'timed_out' },
    ])
  })

  it(`past the ${RUNS_LISTED} runs listed: with no passed run among them the streak may be longer (at least)`, () => {
    const full = listed(...Array.from({ length: RUNS_LISTED - 1 }, () => 'cancelled'))
    expect(full).toHaveLength(RUNS_LISTED)
    expect(countStreak(full, String(THIS))).toMatchObject({ count: 1, atLeast: true })
    // One run fewer than a full page is the workflow's whole history on the branch: the count is exact.
    expect(countStreak(full.slice(0, -1), String(THIS))).toMatchObject({ count: 1, atLeast: false })
  })

  it('this run not listed (a re-run of a run older than the newest listed): nothing known of its earlier runs', () => {
    expect(countStreak([run(200, 'failure'), run(199, 'failure')], String(THIS))).toEqual({
      count: 1,
      earlier: [],
      atLeast: true,
    })
  })

  // GitHub lists a run by its branch's name alone: a fork's pull request from a branch of that name is
  // among the branch's runs (badges/shields#8733: branch=develop lists a fork's develop too), with
  // head_repository the fork (REST "List workflow runs for a workflow").
  it("a fork's runs from a branch of the same name neither count nor end this repository's streak", () => {
    const from = (r: WorkflowRun, full_name: string): WorkflowRun => ({ ...r, head_repository: { full_name } })
    const ours = (r: WorkflowRun) => from(r, 'octo-org/checkout-service')
    const fork = (r: WorkflowRun) => from(r, 'mallory/checkout-service')
    const runs = [ours(run(THIS, null, 1, 'in_progress')), fork(run(99, 'success')), ours(run(98, 'failure'))]
    expect(countStreak([...runs, fork(run(97, 'failure')), ours(run(96, 'success'))], String(THIS))).toMatchObject({
      count: 2,
      earlier: [{ id: 98 }],
      after: { id: 96 },
    })
    // The fork's own streak is the fork's: this repository's runs on its branch name are not it.
    const forks = [fork(run(THIS, null, 1, 'in_progress')), ours(run(99, 'success')), fork(run(98, 'failure'))]
    expect(countStreak(forks, String(THIS))).toMatchObject({ count: 2, earlier: [{ id: 98 }] })
  })

  it(`open_after goes up to the ${RUNS_LISTED} runs the memory lists, so any N it allows can be counted`, () => {
    expect(OPEN_AFTER_MAX).toBe(RUNS_LISTED)
    const all = listed(...Array.from({ length: RUNS_LISTED - 1 }, () => 'failure'))
    expect(countStreak(all, String(THIS)).count).toBe(OPEN_AFTER_MAX)
  })
})

describe('holdsBack', () => {
  const streak = (count: number, atLeast = false) => ({ count, earlier: [], atLeast })
  it.each<[number, ReturnType<typeof streak> | undefined, boolean]>([
    [1, streak(1), false],
    [2, streak(1), true],
    [2, streak(2), false],
    [3, streak(2), true],
    [3, streak(2, true), false],
    [3, undefined, false],
  ])('open_after %i, streak %j: %s', (openAfter, given, held) => {
    expect(holdsBack(openAfter, given)).toBe(held)
  })
})

describe('outcomeOf and streakPlace', () => {
  it('a completed run passed, failed, or neither', () => {
    expect(outcomeOf(run(1, 'success'))).toBe('passed')
    expect(outcomeOf(run(1, 'failure'))).toBe('failed')
    expect(outcomeOf(run(1, 'cancelled'))).toBe('neither')
    expect(outcomeOf(run(1, null, 1, 'in_progress'))).toBe('neither')
  })

  it("of the event's runs, on the branch or for the dedupe_key", () => {
    expect(streakPlace({}, { branch: 'main', eventName: 'schedule' })).toBe('of schedule runs on main')
    expect(streakPlace({ dedupeKey: 'nightly-main' }, { branch: 'main', eventName: 'push' })).toBe(
      'of push runs for dedupe_key nightly-main',
    )
    expect(streakPlace({}, { branch: 'main', eventName: '' })).toBe('on main')
    const fork = { conclusion: 'failure', title: '', fromFork: true, headRepository: 'mallory/checkout-service' }
    expect(streakPlace({}, { branch: 'main', eventName: 'pull_request', triggering: fork })).toBe(
      'of pull_request runs on mallory/checkout-service:main',
    )
  })
})

describe("the event's runs", () => {
  const of = (r: WorkflowRun, event?: string): WorkflowRun => ({ ...r, event })

  it('a nightly run is counted among the schedule runs, not between the push runs of its branch', () => {
    const runs = [
      of(run(THIS, null, 1, 'in_progress'), 'schedule'),
      of(run(99, 'success'), 'push'),
      of(run(98, 'failure'), 'schedule'),
      of(run(97, 'failure'), 'push'),
      of(run(96, 'success'), 'schedule'),
    ]
    expect(countStreak(runs, String(THIS), { event: 'schedule' })).toMatchObject({
      count: 2,
      earlier: [{ id: 98 }],
      after: { id: 96 },
    })
    // Without an event, every run counts: the push run that passed ends it.
    expect(countStreak(runs, String(THIS))).toMatchObject({ count: 1, after: { id: 99 } })
    expect(countStreak(runs, String(THIS), { event: '' })).toMatchObject({ count: 1, after: { id: 99 } })
  })

  it('a run listed without its event counts whatever the event', () => {
    const runs = [of(run(THIS, null, 1, 'in_progress'), 'push'), run(99, 'failure'), of(run(98, 'success'), 'push')]
    expect(countStreak(runs, String(THIS), { event: 'push' })).toMatchObject({ count: 2, after: { id: 98 } })
  })
})

describe('cancelled runs that ran out of time', () => {
  it('count as failed; a cancel by a person neither counts nor ends the streak', () => {
    const runs = listed('cancelled', 'cancelled', 'failure', 'success')
    expect(countStreak(runs, String(THIS), { timedOut: new Set([98]) })).toMatchObject({
      count: 3,
      earlier: [{ id: 98, conclusion: 'cancelled' }, { id: 97 }],
    })
    expect(outcomeOf(run(98, 'cancelled'), new Set([98]))).toBe('failed')
  })

  it('the cancelled runs read for a timeout: those between this run and the run that passed, newest first', () => {
    const runs = [
      run(103, 'success'),
      run(102, 'cancelled'),
      ...listed('cancelled', 'failure', 'cancelled', 'success', 'cancelled'),
      run(94, null, 1, 'queued'),
    ]
    expect(cancelledInStreak(runs, String(THIS)).map((r) => r.id)).toEqual([99, 97])
    // No run passed in sight: every cancelled one older than this run.
    expect(cancelledInStreak(listed('cancelled', 'failure', 'cancelled'), String(THIS)).map((r) => r.id)).toEqual([
      99, 97,
    ])
    // This run not listed: none.
    expect(cancelledInStreak([run(99, 'cancelled'), run(98, 'cancelled')], String(THIS))).toEqual([])
    // The run just before passed: none, whatever is older.
    expect(cancelledInStreak(listed('success', 'cancelled'), String(THIS))).toEqual([])
    // A cancelled run being re-run (not completed, its old conclusion still shown) is not read.
    expect(cancelledInStreak([...listed(), run(99, 'cancelled', 2, 'in_progress')], String(THIS))).toEqual([])
  })

  it("of this run's event only", () => {
    const runs = [
      { ...run(THIS, null, 1, 'in_progress'), event: 'schedule' },
      { ...run(99, 'cancelled'), event: 'push' },
      { ...run(98, 'cancelled'), event: 'schedule' },
    ]
    expect(cancelledInStreak(runs, String(THIS), 'schedule').map((r) => r.id)).toEqual([98])
  })
})

describe('outcomeOf, the other ends', () => {
  it('skipped and neutral runs are neither; a run not completed is neither, whatever conclusion it still shows', () => {
    expect(outcomeOf(run(1, 'skipped'))).toBe('neither')
    expect(outcomeOf(run(1, 'neutral'))).toBe('neither')
    expect(outcomeOf(run(1, 'failure', 2, 'in_progress'))).toBe('neither')
    expect(outcomeOf(run(1, 'success', 2, 'queued'))).toBe('neither')
  })

  it('a failed run listed without its attempt is taken as attempt 1', () => {
    const runs: WorkflowRun[] = [
      run(THIS, null, 1, 'in_progress'),
      { id: 99, status: 'completed', conclusion: 'failure' },
    ]
    expect(countStreak(runs, String(THIS)).earlier).toEqual([{ id: 99, attempt: 1, conclusion: 'failure' }])
  })
})
