// Quiet for flaky failures, loud for real ones (open_after): a ticket opens only at the N-th failed
// run in a row of the workflow on the branch (or for a dedupe_key). The bundle, as the runner runs it,
// on Node 20 and 24, against the LiveDesk stand-in and a GitHub stand-in that lists the workflow's runs
// with their latest attempt and conclusion, newest first, as GitHub's "List workflow runs for a
// workflow" does (docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow: one
// item per run, its run_attempt and conclusion those of the latest attempt).
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { RunHistory, type Attempt } from '../../__fixtures__/run-history.js'
import { mirrorStep } from '../../__fixtures__/readme-steps.js'
import { deskInputs, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()

const errorLine = (r: RunResult): string => r.visibleLog.split('\n').find((l) => l.startsWith('::error')) ?? ''
const warnings = (r: RunResult): string[] => r.visibleLog.split('\n').filter((l) => l.startsWith('::warning'))
const RUNS = 'https://github.com/octo-org/checkout-service/actions/runs'

describe('open_after', () => {
  const history = () => new RunHistory(github)

  /** docs/build-failures.md's "Flaky failures" step: dedupe: branch, open_after: 2 unless `extra` says otherwise. */
  function failureStep(at: Attempt, extra: Record<string, string> = {}): Promise<RunResult> {
    return runStep({
      inputs: deskInputs(desk, {
        title: `Nightly build failing on ${at.branch}`,
        dedupe: 'branch',
        open_after: '2',
        ...extra,
      }),
      env: at.env,
      githubToken: github.token,
    })
  }

  /** A failed run whose ticket step ran: it begins, the step runs, the run ends failed. */
  async function failedRun(
    h: RunHistory,
    runId: number,
    extra: Record<string, string> = {},
    { attempt = 1, branch = 'main' } = {},
  ): Promise<RunResult> {
    const at = h.begin(runId, attempt, branch)
    const result = await failureStep(at, extra)
    h.end(at, result)
    return result
  }

  /** A run that ended without the ticket step (it runs only if: failure()): passed, cancelled or skipped. */
  function quietRun(h: RunHistory, runId: number, conclusion: 'success' | 'cancelled' | 'skipped', branch = 'main') {
    h.begin(runId, 1, branch, false)
    const run = github.state.workflowRuns.find((r) => r.id === runId)
    Object.assign(run ?? {}, { status: 'completed', conclusion })
  }

  it('fail → nothing (a notice, status waiting, the runs in the summary); fail → a ticket', async () => {
    const h = history()
    const first = await failedRun(h, 7101)
    expect(first.code).toBe(0)
    expect(first.outputs).toEqual({ status: 'waiting' })
    expect(desk.requests).toHaveLength(0)
    expect(first.visibleLog).toMatch(
      /^::notice title=LiveDesk ticket%3A not yet::Failure 1 of 2 in a row of push runs on main: no LiveDesk ticket yet; one opens at failure 2 \(open_after\)\.$/m,
    )
    expect(first.summary).toContain('### LiveDesk ticket: not yet (failure 1 of 2 in a row)')
    expect(first.summary).toContain(`| [7101](${RUNS}/7101) (this run) | 1 | failing |`)
    expect(first.summary).toContain('No earlier run is listed as passed.')

    const second = await failedRun(h, 7102)
    expect(second.outputs.status).toBe('created')
    expect(desk.posts()).toHaveLength(1)
    expect(second.visibleLog).toContain('Failure 2 of 2 in a row of push runs on main: a ticket is opened.')
  })

  it('the summary of a wait lists the failed runs that make it and the passed run before them', async () => {
    const h = history()
    quietRun(h, 7150, 'success')
    await failedRun(h, 7151, { open_after: '3' })
    quietRun(h, 7152, 'cancelled')
    const third = await failedRun(h, 7153, { open_after: '3' })
    expect(third.outputs.status).toBe('waiting')
    expect(third.summary).toContain('Failure 2 of 3 in a row of push runs on main')
    const rows = third.summary.split('\n').filter((l) => l.startsWith('| ['))
    expect(rows).toEqual([
      `| [7153](${RUNS}/7153) (this run) | 1 | failing |`,
      `| [7151](${RUNS}/7151) | 1 | failure |`,
    ])
    expect(third.summary).toContain(`Before them, run [7150](${RUNS}/7150) passed.`)
  })

  it('fail, pass, fail → nothing: a passed run ends the streak', async () => {
    const h = history()
    await failedRun(h, 7201)
    quietRun(h, 7202, 'success')
    const third = await failedRun(h, 7203)
    expect(third.outputs.status).toBe('waiting')
    expect(third.visibleLog).toContain('Failure 1 of 2 in a row of push runs on main: no LiveDesk ticket yet')
    expect(desk.requests).toHaveLength(0)
  })

  // A pull request from a fork's branch "main" is listed under branch=main, with head_repository the
  // fork (REST "List workflow runs for a workflow"; badges/shields#8733). Anyone may open one.
  it("fail, a fork's pull request from its own main passes, fail → a ticket: the fork's run is not main's", async () => {
    const h = history()
    await failedRun(h, 7211)
    github.state.workflowRuns.unshift({
      id: 7212,
      run_attempt: 1,
      status: 'completed',
      conclusion: 'success',
      head_branch: 'main',
      head_repository: { full_name: 'mallory/checkout-service' },
    })
    const third = await failedRun(h, 7213)
    expect(third.outputs.status).toBe('created')
    expect(third.visibleLog).toContain('Failure 2 of 2 in a row of push runs on main: a ticket is opened.')
  })

  it.each([['cancelled' as const], ['skipped' as const]])(
    'fail, %s, fail → a ticket: it neither counts nor ends the streak',
    async (conclusion) => {
      const h = history()
      await failedRun(h, 7301)
      quietRun(h, 7302, conclusion)
      const third = await failedRun(h, 7303)
      expect(third.outputs.status).toBe('created')
      expect(desk.posts()).toHaveLength(1)
    },
  )

  it('two attempts of one run → nothing: a re-run is not a second failure', async () => {
    const h = history()
    const first = await failedRun(h, 7401)
    const again = await failedRun(h, 7401, {}, { attempt: 2 })
    expect([first.outputs.status, again.outputs.status]).toEqual(['waiting', 'waiting'])
    expect(again.visibleLog).toContain('Failure 1 of 2 in a row of push runs on main')
    expect(again.summary).toContain(`| [7401](${RUNS}/7401) (this run) | 2 | failing |`)
    expect(desk.requests).toHaveLength(0)
  })

  it('an open ticket → each later failure updates it, whatever the count; once closed, the count starts again', async () => {
    const h = history()
    await failedRun(h, 7501)
    const opened = await failedRun(h, 7502)
    expect(opened.outputs.status).toBe('created')
    const ticketId = opened.outputs.ticket_id
    quietRun(h, 7503, 'success')
    // Failure 1 of a new streak: the ticket is still open, so the desk hears of it.
    const after = await failedRun(h, 7504)
    expect(after.outputs).toMatchObject({ status: 'updated', ticket_id: ticketId })
    expect(after.visibleLog).not.toContain('no LiveDesk ticket yet')
    const next = await failedRun(h, 7505)
    expect(next.outputs).toMatchObject({ status: 'updated', ticket_id: ticketId })
    expect(desk.posts()).toHaveLength(1)
    expect(desk.puts().map((r) => r.body.custom_fields.github_occurrences)).toEqual(['2', '3'])

    // The desk closes it; after a green night, one failure waits again, the second opens one that names it.
    desk.tickets.get(ticketId).status = 'closed'
    quietRun(h, 7506, 'success')
    expect((await failedRun(h, 7507)).outputs.status).toBe('waiting')
    const reopened = await failedRun(h, 7508)
    expect(reopened.outputs.status).toBe('created')
    expect(desk.posts()[1].body.custom_fields.github_previous_ticket).toBe(ticketId)
  })

  it("with a dedupe_key the streak is the workflow's runs on any branch", async () => {
    const h = history()
    const key = { dedupe: 'run', dedupe_key: 'nightly' }
    const first = await failedRun(h, 7601, key, { branch: 'main' })
    expect(first.visibleLog).toContain(
      'Failure 1 of 2 in a row of push runs for dedupe_key nightly: no LiveDesk ticket yet',
    )
    const second = await failedRun(h, 7602, key, { branch: 'release' })
    expect(second.outputs.status).toBe('created')
  })

  it('the first failure of a streak reads from GitHub what dedupe: branch reads, nothing more', async () => {
    const h = history()
    const reads = () =>
      github.requests.map((r) => r.path.replace(/\?.*/, '')).filter((p) => !/\/logs$|^\/log-storage\//.test(p))
    github.requests.length = 0
    const waiting = await failedRun(h, 7701)
    expect(waiting.outputs.status).toBe('waiting')
    const withOpenAfter = reads()
    // The same first failure on another branch, with dedupe: branch alone.
    github.requests.length = 0
    await failedRun(h, 7702, { open_after: '' }, { branch: 'release' })
    expect(withOpenAfter).toEqual(reads().map((p) => p.replace('/7702/', '/7701/')))
    // The newest, failed and cancelled runs, listed at once.
    expect(withOpenAfter).toEqual([
      '/repos/octo-org/checkout-service/actions/runs/7701/attempts/1/jobs',
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
    ])
  })

  it.each([
    ...['0', 'two', '2.5', '21'].map((value): [string, Record<string, string>, string] => [
      value,
      { open_after: value },
      `open_after: "${value}" is not allowed. Expected a whole number from 1 to 20.`,
    ]),
    [
      '2 with dedupe: run',
      { dedupe: 'run' },
      "open_after: 2 counts this workflow's failed runs in a row on the branch, which dedupe: run does not read. Set dedupe: branch or give a dedupe_key, or set open_after: 1 (a ticket at the first failure).",
    ],
  ])('open_after: %s is refused before any request', async (_what, extra, problem) => {
    const h = history()
    github.requests.length = 0
    const result = await failureStep(h.begin(7801, 1), extra)
    expect(result.code).toBe(1)
    expect(result.outputs.status).toBe('failed')
    expect(errorLine(result)).toContain(problem)
    expect(github.requests).toHaveLength(0)
    expect(desk.requests).toHaveLength(0)
  })

  it('the issue mirror refuses open_after: it opens one ticket per issue, not per failed run', async () => {
    const result = await runStep(
      mirrorStep({ desk, github }, 'opened', { requester_euid: 'c1', dedupe: 'branch', open_after: '2' }),
    )
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      "open_after: 2 counts a workflow's failed runs in a row; the issue mirror opens one ticket per issue. Remove open_after from this step.",
    )
    expect(desk.requests).toHaveLength(0)
  })

  it.each([
    ['down (503 after its tries)', 503, 'GitHub answered HTTP 503'],
    ['refusing (403: no actions: read)', 403, 'Give the workflow "permissions: actions: read, checks: read".'],
  ])('GitHub %s → a ticket (as if open_after were 1) and a warning that says why', async (_what, status, cause) => {
    const h = history()
    github.state.faults.set('workflow-runs', status)
    const result = await failedRun(h, 7901)
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(desk.posts()).toHaveLength(1)
    const warned = warnings(result).find((l) => l.includes('could not be looked up')) ?? ''
    expect(warned).toContain(cause)
    expect(warned).toContain(
      'a new ticket is opened without waiting for 2 failures in a row (open_after), which could not be counted',
    )
  })
})
