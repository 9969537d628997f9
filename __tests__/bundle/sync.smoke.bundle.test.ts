// Smoke test of the sync as the runner runs it: examples/issue-sync.yml's scheduled step, dist/index.js
// on Node 20 and 24, after the mirror (examples/issue-mirror.yml) opened an issue's ticket. End to end:
// the desk's reply and its closing come back to the issue once, the issue closed with it, the place
// kept in a notice the next run finds; run again, nothing is posted or closed twice. The sync's
// behaviour is __tests__/recipes/issue-sync*.int.test.ts and __tests__/behaviour/hostile-sync.int.test.ts.
import { describe, expect, it } from '@jest/globals'
import { runAction, type RunResult } from '../../scripts/run-action.mjs'
import { runtimes } from '../../scripts/runtimes.mjs'
import { exampleRun } from '../../__fixtures__/examples.js'
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
    github.state.issues.set(1, {
      ...payload.issue,
      state: 'open',
      updated_at: '2026-01-01T00:00:00Z',
      labels: github.state.labelsAdded[0].labels.map((name) => ({ name })),
    })
    return opened.outputs.ticket_id
  }

  it("the desk's reply and closing come back to the issue once; the next run posts nothing again", async () => {
    const ticket = desk.tickets.get(await mirroredIssue())
    ticket.status = 'solved'
    ticket.conversation_list = [
      { id: 'c1', sender: { type: 'contact', name: 'Codertocat' }, content: 'Any news?' },
      { id: 'c2', sender: { type: 'internal_member', name: 'Dana' }, content: 'Fixed the spelling, thanks!' },
    ]
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
    expect(first.outputs).toEqual({ status: 'synced', issues_checked: '1', issues_updated: '1', issues_closed: '1' })
    expect(github.state.issues.get(1)).toMatchObject({ state: 'closed', state_reason: 'completed' })
    const bodies = (github.state.comments.get(1) ?? []).map((c) => String(c.body))
    expect(bodies).toHaveLength(3)
    expect(bodies[1]).toContain('**Dana** replied on LiveDesk ticket')
    expect(bodies[2]).toContain('is now **solved**. The issue is closed with it.')
    expect(bodies.join('\n')).not.toContain('Any news?')
    expect(first.summary).toContain('#1')

    Object.assign(github.state.issues.get(1), { state: 'open', state_reason: 'reopened' })
    const second = await sync()
    expect(second.outputs).toMatchObject({ issues_checked: '1', issues_updated: '0', issues_closed: '0' })
    expect(github.state.comments.get(1)).toHaveLength(3)
  })
})
