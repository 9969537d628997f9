// Smoke test of the workflow_run reporter as the runner runs it: examples/report-failures.yml (its
// failure job and its recovery job), dist/index.js on Node 20 and 24, against the stand-ins holding
// the watched CI run and the reporter's own runs. The behaviour is __tests__/recipes/workflow-run.int.test.ts.
import { describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/run-action.mjs'
import { runtimes } from '../../scripts/ensure-node24.mjs'
import { exampleRun } from '../../__fixtures__/examples.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { ciRun, reporterEnv, shaOf, workflowRunEvent, type Triggering } from '../../__fixtures__/workflow-run.js'

const desk = useLiveDesk()
const github = useGitHub()

describe.each(runtimes())('a workflow_run reporter, the bundle on %s', (_label, node) => {
  let nextRun = 9500
  const report = async (h: RunHistory, t: Triggering & { timedOut?: string }, job: number) => {
    ciRun(github, t)
    const at = h.begin(nextRun++, 1, 'main', false)
    const result = await runAction({
      ...exampleRun(
        'report-failures.yml',
        { desk, github },
        { event: workflowRunEvent(t), env: reporterEnv(github, at) },
        job,
      ),
      node,
    })
    h.end(at, result, false)
    return result
  }

  it('a failed CI run opens a ticket for it, a re-run updates that ticket, the passing run after notes the recovery', async () => {
    const h = new RunHistory(github)
    const opened = await report(h, { id: 7101, conclusion: 'failure' }, 0)
    expect(opened.code).toBe(0)
    expect(opened.outputs.status).toBe('created')
    expect(desk.creates()[0].body).toMatchObject({
      title: 'CI failed on main',
      custom_fields: { github_run_id: '7101', github_failed_jobs: 'test: Run npm test' },
    })
    const rerun = await report(h, { id: 7101, attempt: 2, conclusion: 'failure' }, 0)
    expect(rerun.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
    const recovered = await report(h, { id: 7102, conclusion: 'success' }, 1)
    expect(recovered.outputs).toMatchObject({ status: 'recovered', ticket_id: opened.outputs.ticket_id })
    expect(desk.creates()).toHaveLength(1)
    // The record stands on the reported commit, as a check run: once per ticket and commit (the re-run's
    // commit already holds it), and on the passing run's commit.
    expect(github.state.checkRuns.map((c) => [c.name, c.head_sha])).toEqual([
      ['LiveDesk ticket', shaOf(7101)],
      ['LiveDesk ticket', shaOf(7102)],
    ])
  })

  it('a run that ran out of time opens a ticket that says so; a run a person cancelled opens none', async () => {
    const h = new RunHistory(github)
    const timedOut = await report(h, { id: 7201, conclusion: 'cancelled', timedOut: '30m0s' }, 0)
    expect(timedOut.outputs.status).toBe('created')
    expect(desk.creates()[0].body.custom_fields.github_failed_jobs).toBe('test (timed out after 30m0s): Run npm test')
    const cancelled = await report(h, { id: 7202, conclusion: 'cancelled' }, 0)
    expect(cancelled.code).toBe(0)
    expect(cancelled.outputs.status).toBe('none')
    expect(desk.creates()).toHaveLength(1)
  })
})
