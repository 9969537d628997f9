// Smoke test of the sync as the runner runs it: examples/issue-sync.yml's scheduled step, dist/index.js
// on Node 20 and 24, after the mirror (examples/issue-mirror.yml) opened an issue's ticket. End to end:
// the desk's reply and its closing come back to the issue once, the issue closed with it, the place
// kept in a notice the next run finds; run again, nothing is posted or closed twice. The sync's
// behaviour is __tests__/recipes/issue-sync*.int.test.ts and __tests__/behaviour/hostile-sync.int.test.ts.
import { describe, expect, it } from '@jest/globals'
import { runAction, type RunResult } from '../../__fixtures__/run-action.mjs'
import { runtimes } from '../../scripts/ensure-node24.mjs'
import { answerOnDesk, exampleRun, expectAnswerOnIssue, listAsMirrored } from '../../__fixtures__/examples.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { schedulePayload, webhookPayload } from '../../__fixtures__/webhooks.js'

const desk = useLiveDesk()
const github = useGitHub()
const REPOSITORY = { GITHUB_REPOSITORY: 'Codertocat/Hello-World' }

describe.each(runtimes())('sync, the bundle on %s', (_label, node) => {
  /** The mirror's first event: the issue's ticket, and the issue as GitHub then lists it (labelled). */
  async function mirroredIssue(): Promise<string> {
    const payload = webhookPayload('issues', 'opened') as { issue: Record<string, unknown> }
    const opened = await runAction({
      ...exampleRun('issue-mirror.yml', { desk, github }, { event: { name: 'issues', payload }, env: REPOSITORY }),
      node,
    })
    expect(opened.outputs.status).toBe('created')
    listAsMirrored(github, payload)
    return opened.outputs.ticket_id
  }

  it("the desk's reply and closing come back to the issue once; the next run posts nothing again", async () => {
    answerOnDesk(desk.tickets.get(await mirroredIssue()))
    const history = new RunHistory(github)
    const sync = async (): Promise<RunResult> => {
      const at = history.begin(history.nextRunId(), 1, 'main', false)
      const result = await runAction({
        ...exampleRun(
          'issue-sync.yml',
          { desk, github },
          { event: { name: 'schedule', payload: schedulePayload() }, env: { ...REPOSITORY, ...at.env } },
        ),
        node,
      })
      history.end(at, result, false)
      return result
    }

    const first = await sync()
    expect(first.code).toBe(0)
    expectAnswerOnIssue(github, first)
    expect(first.summary).toContain('#1')

    Object.assign(github.state.issues.get(1), { state: 'open', state_reason: 'reopened' })
    const second = await sync()
    expect(second.outputs).toMatchObject({ issues_checked: '1', issues_updated: '0', issues_closed: '0' })
    expect(github.state.comments.get(1)).toHaveLength(3)
  })
})
