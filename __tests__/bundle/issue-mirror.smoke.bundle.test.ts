// Smoke test of the issue mirror as the runner runs it: examples/issue-mirror.yml's step with real
// `issues` webhook payloads, dist/index.js on Node 20 and 24. End to end: an opened issue opens one
// ticket and gets the marker comment (Octokit's chunk, the token's identity); its edit finds that
// ticket through the comment and updates it. The recipe's behaviour is
// __tests__/recipes/issue-mirror.int.test.ts.
import { describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/run-action.mjs'
import { runtimes } from '../../scripts/ensure-node24.mjs'
import { exampleRun } from '../../__fixtures__/examples.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { webhookPayload } from '../../__fixtures__/webhooks.js'

const desk = useLiveDesk()
const github = useGitHub()

describe.each(runtimes())('issue mirror, the bundle on %s', (_label, node) => {
  const event = (action: string) =>
    runAction({
      ...exampleRun(
        'issue-mirror.yml',
        { desk, github },
        {
          event: { name: 'issues', payload: webhookPayload('issues', action) },
          env: { GITHUB_REPOSITORY: 'Codertocat/Hello-World' },
        },
      ),
      node,
    })

  it('opened: one ticket and the marker comment; edited: that ticket updated, no second one', async () => {
    const opened = await event('opened')
    expect(opened.code).toBe(0)
    expect(opened.outputs).toEqual({
      ticket_id: opened.outputs.ticket_id,
      ticket_url: `https://desk.example/tickets/${opened.outputs.ticket_id}`,
      status: 'created',
    })
    expect(desk.creates()[0].body.custom_fields).toMatchObject({ github_issue_number: '1' })
    expect(github.state.comments.get(1)).toHaveLength(1)
    expect(github.state.comments.get(1)?.[0].body).toContain(`ticket_id=${opened.outputs.ticket_id}`)

    const edited = await event('edited')
    expect(edited.code).toBe(0)
    expect(edited.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
    expect(desk.creates()).toHaveLength(1)
    expect(desk.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
      `/api/v2/accounts/tickets/${opened.outputs.ticket_id}`,
    ])
    expect(github.state.comments.get(1)).toHaveLength(1)
  })
})
