// open_after's count with the reads it needs (plan/failures-in-a-row.ts), against the GitHub stand-in:
// this event's runs listed when the memory's listing is full of other events' runs, and the cancelled
// runs of the streak read for a timeout (GitHub's annotation on the job), newest first, at most 3, and
// no more once the count reaches open_after.
import { describe, expect, it } from '@jest/globals'
import { readGitHubContext } from '../../src/github/context.js'
import type { WorkflowRun } from '../../src/github/shapes.js'
import { RUNS_LISTED } from '../../src/memory/earlier-runs.js'
import { CANCELLED_RUNS_READ, failuresInARow } from '../../src/plan/failures-in-a-row.js'
import { useGitHub } from '../../__fixtures__/stand-ins.js'
import { recordingLog } from '../../__fixtures__/recording-log.js'

const github = useGitHub()
const THIS = 500

const ctx = (event = 'schedule') =>
  readGitHubContext({
    GITHUB_REPOSITORY: 'octo-org/checkout-service',
    GITHUB_WORKFLOW_REF: 'octo-org/checkout-service/.github/workflows/nightly.yml@refs/heads/main',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: String(THIS),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: event,
    GITHUB_API_URL: github.url,
  })
const api = () => ({ apiUrl: github.url, token: github.token, timeoutMs: 2000 })
const run = (id: number, conclusion: string | null, event = 'schedule', branch = 'main') => ({
  id,
  run_attempt: 1,
  status: conclusion === null ? 'in_progress' : 'completed',
  conclusion,
  event,
  head_branch: branch,
})
/** This run, then the earlier ones by their conclusions, newest first. */
const listed = (...earlier: string[]): WorkflowRun[] => [
  run(THIS, null),
  ...earlier.map((c, i) => run(THIS - 1 - i, c)),
]

/** A cancelled run's job, and GitHub's annotation on it: a timeout's, or a person's cancel. */
function cancelled(runId: number, how: 'timeout' | 'person'): void {
  const job = runId * 10
  github.state.runJobs.set(runId, [
    { id: job, name: 'build', status: 'completed', conclusion: 'cancelled', run_attempt: 1 },
  ])
  github.state.annotations.set(job, [
    {
      annotation_level: 'failure',
      message:
        how === 'timeout'
          ? 'The job has exceeded the maximum execution time of 30m0s'
          : 'The run was canceled by @octocat.',
    },
  ])
}

const log = recordingLog
const annotationReads = () => github.requests.filter((r) => r.path.includes('/annotations')).length
const listings = () => github.requests.filter((r) => r.path.includes('/actions/workflows/'))

describe('failuresInARow', () => {
  it('a cancelled run that ran out of time counts; one a person cancelled neither counts nor ends the streak', async () => {
    cancelled(499, 'timeout')
    cancelled(498, 'person')
    const out = log()
    const streak = await failuresInARow(api(), ctx(), listed('cancelled', 'cancelled', 'failure', 'success'), {
      openAfter: 5,
      anyBranch: false,
      log: out,
    })
    expect(streak).toMatchObject({ count: 3, earlier: [{ id: 499 }, { id: 497 }], after: { id: 496 }, atLeast: false })
    expect(out.lines).toEqual([])
    expect(listings()).toEqual([])
  })

  it('reads no cancelled run once the count reaches open_after', async () => {
    cancelled(498, 'timeout')
    const streak = await failuresInARow(api(), ctx(), listed('failure', 'cancelled', 'success'), {
      openAfter: 2,
      anyBranch: false,
      log: log(),
    })
    expect(streak.count).toBe(2)
    expect(annotationReads()).toBe(0)
  })

  it('stops reading when a timeout brings the count to open_after', async () => {
    for (const id of [499, 498, 497]) cancelled(id, 'timeout')
    const streak = await failuresInARow(api(), ctx(), listed('cancelled', 'cancelled', 'cancelled', 'success'), {
      openAfter: 2,
      anyBranch: false,
      log: log(),
    })
    expect(streak).toMatchObject({ count: 2, earlier: [{ id: 499 }] })
    expect(annotationReads()).toBe(1)
  })

  it(`reads the newest ${CANCELLED_RUNS_READ} cancelled runs, and says how many more were taken for a cancel`, async () => {
    for (const id of [499, 498, 497, 496, 495]) cancelled(id, 'timeout')
    const out = log()
    const runs = listed('cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'success')
    const streak = await failuresInARow(api(), ctx(), runs, { openAfter: 10, anyBranch: false, log: out })
    expect(streak).toMatchObject({ count: 4, earlier: [{ id: 499 }, { id: 498 }, { id: 497 }] })
    expect(annotationReads()).toBe(CANCELLED_RUNS_READ)
    expect(out.lines).toEqual([
      'open_after: 2 more cancelled runs are in the streak; only the newest 3 were read for a timeout, and the others are taken as cancelled by a person (neither counted nor ending the streak).',
    ])
    const one = log()
    await failuresInARow(api(), ctx(), runs.slice(0, -2), { openAfter: 10, anyBranch: false, log: one })
    expect(one.lines).toEqual([
      'open_after: 1 more cancelled run is in the streak; only the newest 3 were read for a timeout, and the others are taken as cancelled by a person (neither counted nor ending the streak).',
    ])
    // Reached open_after: nothing to say.
    const reached = log()
    await failuresInARow(api(), ctx(), runs, { openAfter: 4, anyBranch: false, log: reached })
    expect(reached.lines).toEqual([])
  })

  describe(`a listing of ${RUNS_LISTED} runs full of other events' runs`, () => {
    const full = (): WorkflowRun[] => [
      run(THIS, null),
      run(499, 'failure'),
      ...Array.from({ length: RUNS_LISTED - 2 }, (_, i) => run(498 - i, 'success', 'push')),
    ]

    it("lists this event's runs on the branch alone, and counts among them", async () => {
      github.state.workflowRuns = [
        run(THIS, null),
        run(499, 'failure'),
        run(480, 'failure'),
        run(479, 'failure', 'schedule', 'dev'),
        run(470, 'success'),
      ]
      const streak = await failuresInARow(api(), ctx(), full(), { openAfter: 5, anyBranch: false, log: log() })
      expect(streak).toMatchObject({
        count: 3,
        earlier: [{ id: 499 }, { id: 480 }],
        after: { id: 470 },
        atLeast: false,
      })
      expect(listings().map((r) => new URL(r.path, github.url).searchParams.get('event'))).toEqual(['schedule'])
      expect(listings()[0].path).toContain('/actions/workflows/nightly.yml/runs')
      expect(listings()[0].path).toContain('branch=main')
      expect(listings()[0].path).toContain(`per_page=${RUNS_LISTED}`)
    })

    it("this event's runs, fewer than a page: the whole history, the count exact", async () => {
      github.state.workflowRuns = [run(THIS, null), run(499, 'failure')]
      const streak = await failuresInARow(api(), ctx(), full(), { openAfter: 5, anyBranch: false, log: log() })
      expect(streak).toMatchObject({ count: 2, atLeast: false })
    })

    it('with a dedupe_key, on every branch', async () => {
      github.state.workflowRuns = [
        run(THIS, null),
        run(499, 'failure'),
        run(479, 'failure', 'schedule', 'dev'),
        run(470, 'success'),
      ]
      const streak = await failuresInARow(api(), ctx(), full(), { openAfter: 5, anyBranch: true, log: log() })
      expect(streak.count).toBe(3)
      expect(listings()[0].path).not.toContain('branch=')
    })

    it("a full page of this event's runs too: the streak may be longer", async () => {
      github.state.workflowRuns = [
        run(THIS, null),
        ...Array.from({ length: RUNS_LISTED - 1 }, (_, i) => run(499 - i, 'cancelled')),
      ]
      const streak = await failuresInARow(api(), ctx(), full(), { openAfter: 5, anyBranch: false, log: log() })
      expect(streak).toMatchObject({ count: 1, atLeast: true })
    })

    it("not listed again when every run is this event's, when the runs say no event, or when this run has none", async () => {
      const ours = [run(THIS, null), ...Array.from({ length: RUNS_LISTED - 1 }, (_, i) => run(499 - i, 'failure'))]
      expect((await failuresInARow(api(), ctx(), ours, { openAfter: 30, anyBranch: false, log: log() })).count).toBe(
        RUNS_LISTED,
      )
      const unsaid = full().map((r) => ({ ...r, event: undefined }))
      await failuresInARow(api(), ctx(), unsaid, { openAfter: 5, anyBranch: false, log: log() })
      await failuresInARow(api(), ctx(''), full(), { openAfter: 5, anyBranch: false, log: log() })
      expect(listings()).toEqual([])
    })
  })

  it('a listing short of a full page is the whole history: the count is exact', async () => {
    const short = [run(THIS, null), run(499, 'success', 'push'), run(498, 'failure')]
    expect(await failuresInARow(api(), ctx(), short, { openAfter: 5, anyBranch: false, log: log() })).toMatchObject({
      count: 2,
      atLeast: false,
    })
    expect(listings()).toEqual([])
  })
})
