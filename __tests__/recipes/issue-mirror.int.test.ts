// Issue mirror: real `issues` webhook payloads, runStep() (in-process, or the bundle with RUN_BUNDLE=1), a GitHub API
// stand-in for the comments and the LiveDesk stand-in. One issue, one ticket, for its whole life.
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { webhookPayload } from '../../__fixtures__/webhooks.js'
import type { GitHubContext } from '../../src/github/context.js'
import { ACTIONS_BOT, findMarker, markerComment } from '../../src/memory/issue-marker.js'
import { issueValues, readIssue } from '../../src/recipes/issue-mirror.js'
import { deskInputs, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const URLS = 'https://desk.example/tickets/{ticket_id}'
const COMMENTS = '/repos/Codertocat/Hello-World/issues/1/comments'

const desk = useLiveDesk()
const github = useGitHub()

/** The payload the runner writes for `issues.<action>`; "closed" is not in the examples package, so it is the edited one, closed. */
function issueEvent(action: 'opened' | 'edited' | 'closed' | 'labeled'): Record<string, unknown> {
  if (action !== 'closed') return webhookPayload('issues', action)
  const payload = webhookPayload('issues', 'edited') as {
    action: string
    issue: Record<string, unknown>
    changes?: unknown
  }
  payload.action = 'closed'
  delete payload.changes
  Object.assign(payload.issue, { state: 'closed', state_reason: 'completed', closed_at: '2019-05-15T15:30:00Z' })
  return payload
}

// The example workflow's step: nothing about the issue is configured.
function mirrorStep(
  payload: Record<string, unknown>,
  inputs: Record<string, string> = {},
  attempt = '1',
): Promise<RunResult> {
  return runStep({
    inputs: deskInputs(desk, {
      ticket_url_template: URLS,
      ...inputs,
    }),
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_WORKFLOW: 'Mirror issues to LiveDesk',
      GITHUB_RUN_ATTEMPT: attempt,
    },
    githubToken: github.token,
    event: { name: 'issues', payload },
  })
}

const comments = () => github.state.comments.get(1) ?? []

describe('an issue opened, edited, closed, and the opened run re-run', () => {
  it('opens exactly one ticket, comments once, and updates it three times', async () => {
    const opened = await mirrorStep(issueEvent('opened'))
    expect(opened.code).toBe(0)
    expect(opened.outputs).toMatchObject({ status: 'created', ticket_id: expect.stringMatching(/^tk_/) })
    const ticketId = opened.outputs.ticket_id
    expect(opened.outputs.ticket_url).toBe(`https://desk.example/tickets/${ticketId}`)

    const create = desk.creates()[0].body
    expect(create.title).toBe('Spelling error in the README file')
    expect(create.description).toBe(
      [
        '**GitHub issue:** [#1](https://github.com/Codertocat/Hello-World/issues/1)  ',
        '**Author:** @Codertocat  ',
        '**Labels:** `bug`  ',
        '**State:** open',
        '',
        '---',
        '',
        "It looks like you accidently spelled 'commit' with two 't's.",
      ].join('\n'),
    )
    expect(create.custom_fields).toMatchObject({
      github_issue_number: '1',
      github_issue_url: 'https://github.com/Codertocat/Hello-World/issues/1',
      github_issue_state: 'open',
      github_event: 'issues',
    })
    expect(comments()).toHaveLength(1)
    expect(comments()[0].body).toBe(
      `<!-- livedesk-ticket-action ticket_id=${ticketId} -->\nLiveDesk ticket [${ticketId}](https://desk.example/tickets/${ticketId}) mirrors this issue. Later changes to the issue (edits, labels, closing, reopening) update that ticket.`,
    )
    expect(opened.visibleLog).toContain('Commented on issue #1 with the ticket id.')

    const edited = issueEvent('edited') as { issue: { title: string; body: string } }
    edited.issue.title = 'Spelling error in the README file (commit)'
    edited.issue.body = 'Still there in the second paragraph.'
    const closed = issueEvent('closed') as { issue: Record<string, unknown> }
    // The re-run replays the opened payload; GitHub now describes the issue as closed.
    github.state.issues.set(1, closed.issue)
    const runs = [await mirrorStep(edited), await mirrorStep(closed), await mirrorStep(issueEvent('opened'), {}, '2')]
    for (const run of runs) {
      expect(run.code).toBe(0)
      expect(run.outputs).toMatchObject({
        status: 'updated',
        ticket_id: ticketId,
        ticket_url: `https://desk.example/tickets/${ticketId}`,
      })
      expect(run.visibleLog).toContain(`Updated LiveDesk ticket ${ticketId}`)
    }

    expect(desk.creates()).toHaveLength(1)
    expect(desk.puts()).toHaveLength(3)
    expect(desk.puts().every((r) => r.path === `/api/v2/accounts/tickets/${ticketId}`)).toBe(true)
    const [afterEdit, afterClose] = desk.puts().map((r) => r.body)
    expect(Object.keys(afterEdit).sort()).toEqual(['custom_fields', 'description', 'title'])
    expect(afterEdit.title).toBe('Spelling error in the README file (commit)')
    expect(afterEdit.description).toContain('Still there in the second paragraph.')
    expect(afterClose.custom_fields.github_issue_state).toBe('closed')
    expect(afterClose.description).toContain('**State:** closed')
    const afterRerun = desk.puts()[2].body
    expect(afterRerun.custom_fields).toMatchObject({ github_issue_state: 'closed', github_run_attempt: '2' })
    expect(comments()).toHaveLength(1)
    expect(desk.tickets.size).toBe(1)
  })
})

describe('finding the ticket', () => {
  it('reads every page of comments: a marker after 120 other comments is found', async () => {
    const filler = Array.from({ length: 120 }, (_, i) => ({
      id: i + 1,
      body: `comment ${i}`,
      user: { login: 'someone', type: 'User' },
    }))
    github.state.comments.set(1, [
      ...filler,
      { id: 999, body: markerComment('tk_20250101_000042', undefined), user: { login: ACTIONS_BOT, type: 'Bot' } },
    ])
    desk.tickets.set('tk_20250101_000042', { ticket_id: 'tk_20250101_000042', status: 'open' })
    const result = await mirrorStep(issueEvent('labeled'))
    expect(result.outputs).toMatchObject({ status: 'updated', ticket_id: 'tk_20250101_000042' })
    expect(github.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      `${COMMENTS}?per_page=100&page=1`,
      `${COMMENTS}?per_page=100&page=2`,
    ])
    expect(desk.creates()).toHaveLength(0)
  })

  it("ignores a marker anyone else wrote (it could point at someone else's ticket), with a warning", async () => {
    github.state.comments.set(1, [
      { id: 1, body: markerComment('tk_victim', undefined), user: { login: 'mallory', type: 'User' } },
    ])
    desk.tickets.set('tk_victim', { ticket_id: 'tk_victim', status: 'open' })
    const result = await mirrorStep(issueEvent('edited'))
    expect(result.outputs.status).toBe('created')
    expect(desk.puts()).toHaveLength(0)
    expect(desk.creates()).toHaveLength(1)
    expect(result.stdout).toMatch(
      /::warning title=LiveDesk ticket%3A marker ignored::Ignored ticket marker comments on issue #1 by: mallory \(not written by github-actions\[bot\]/,
    )
  })

  it("trusts the marker of the token's own account (a personal token), asking GitHub who it is", async () => {
    github.state.userLogin = 'ops-robot'
    github.state.comments.set(1, [
      { id: 1, body: markerComment('tk_mine', undefined), user: { login: 'ops-robot', type: 'User' } },
    ])
    desk.tickets.set('tk_mine', { ticket_id: 'tk_mine', status: 'open' })
    const result = await mirrorStep(issueEvent('edited'))
    expect(result.outputs).toMatchObject({ status: 'updated', ticket_id: 'tk_mine' })
    expect(github.requests.some((r) => r.path === '/user')).toBe(true)
  })

  it('ignores a bot marker whose ticket id LiveDesk could never have returned', async () => {
    github.state.comments.set(1, [
      {
        id: 1,
        body: '<!-- livedesk-ticket-action ticket_id=::set-output -->',
        user: { login: ACTIONS_BOT, type: 'Bot' },
      },
    ])
    const result = await mirrorStep(issueEvent('edited'))
    expect(result.outputs.status).toBe('created')
    expect(result.stdout).toContain('github-actions[bot] (unusable ticket id)')
  })

  it('a title input turns the mirror off: a plain ticket, no comment read or written', async () => {
    const result = await mirrorStep(issueEvent('opened'), { title: 'Triage needed', failed_jobs: 'false' })
    expect(result.outputs.status).toBe('created')
    expect(desk.creates()[0].body.title).toBe('Triage needed')
    expect(desk.creates()[0].body.custom_fields.github_issue_number).toBeUndefined()
    expect(github.requests).toHaveLength(0)
  })

  it('dry run: shows the PUT it would send, sends nothing, writes no comment', async () => {
    github.state.comments.set(1, [
      { id: 1, body: markerComment('tk_existing', undefined), user: { login: ACTIONS_BOT, type: 'Bot' } },
    ])
    const payload = issueEvent('edited') as { issue: { title: string } }
    payload.issue.title = '::error::pwned'
    const result = await mirrorStep(payload, { dry_run: 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('dry_run')
    expect(desk.requests).toHaveLength(0)
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(0)
    expect(result.stdout).toContain(`"url": "${desk.url}/api/v2/accounts/tickets/tk_existing"`)
    expect(result.stdout).toContain('"method": "PUT"')
    // The issue title is shown, never at the start of a line where the runner would obey it.
    expect(result.stdout).toContain('"title": "::error::pwned"')
    expect(result.stdout).not.toMatch(/^\s*::error::pwned/m)
  })
})

describe('a re-run whose issue cannot be read now', () => {
  it('uses the replayed payload, with a warning, and still updates the one ticket', async () => {
    github.state.comments.set(1, [
      { id: 1, body: markerComment('tk_1', undefined), user: { login: ACTIONS_BOT, type: 'Bot' } },
    ])
    desk.tickets.set('tk_1', { ticket_id: 'tk_1', status: 'open' })
    github.state.faults.set('issue', 502)
    const result = await mirrorStep(issueEvent('opened'), {}, '3')
    expect(result.outputs).toMatchObject({ status: 'updated', ticket_id: 'tk_1' })
    expect(desk.puts()[0].body.custom_fields.github_issue_state).toBe('open')
    expect(result.stdout).toContain(
      '::warning title=LiveDesk ticket%3A issue not refreshed::This is a re-run, and issue #1 could not be read as it is now (GitHub answered HTTP 502',
    )
  })
})

describe('without issues: write', () => {
  it('comment API 403: the ticket opens; warnings say the back-link was not written and later events will not find it', async () => {
    github.state.faults.set('list-comments', 403)
    github.state.faults.set('create-comment', 403)
    const result = await mirrorStep(issueEvent('opened'))
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(desk.creates()).toHaveLength(1)
    expect(result.stdout).toMatch(
      /::warning title=LiveDesk ticket%3A issue comments not read::Issue #1 was just opened, so a new ticket is opened, but its comments could not be read \(GitHub answered HTTP 403[^)]*\)\. Give the workflow "permissions: issues: write"\./,
    )
    expect(result.stdout).toMatch(
      /::warning title=LiveDesk ticket%3A issue not linked::Opened ticket tk_\w+, but the comment on issue #1 could not be written \(GitHub answered HTTP 403: Resource not accessible by integration\)\. Later events for this issue will not find the ticket/,
    )
    expect(result.stdout).toContain('issues: write')
  })
})

describe('one issue, one ticket, when GitHub or LiveDesk fail', () => {
  it('a later event whose comments cannot be read opens no second ticket', async () => {
    await mirrorStep(issueEvent('opened'))
    github.state.faults.set('list-comments', 502)
    const edited = await mirrorStep(issueEvent('edited'))
    expect(edited.code).toBe(1)
    expect(edited.outputs.status).toBe('failed')
    expect(desk.creates()).toHaveLength(1)
    expect(desk.puts()).toHaveLength(0)
    expect(edited.stdout).toMatch(
      /::error title=LiveDesk ticket not opened::Issue #1 may already have a LiveDesk ticket, but its comments could not be read \(GitHub answered HTTP 502[^)]*\)\. Re-run the job when the GitHub API answers again\. No ticket was opened or updated/,
    )
    expect(edited.summary).toContain('LiveDesk ticket NOT opened')
  })

  it('a re-run of opened whose comments cannot be read opens no second ticket', async () => {
    await mirrorStep(issueEvent('opened'))
    github.state.faults.set('list-comments', 403)
    const rerun = await mirrorStep(issueEvent('opened'), {}, '2')
    expect(rerun.code).toBe(1)
    expect(desk.creates()).toHaveLength(1)
    expect(rerun.stdout).toContain('Give the workflow "permissions: issues: write".')
  })

  it('an update LiveDesk refuses says the ticket was not updated, and how to start over', async () => {
    const opened = await mirrorStep(issueEvent('opened'))
    desk.tickets.clear() // the ticket was deleted in LiveDesk
    const closed = await mirrorStep(issueEvent('closed'))
    expect(closed.code).toBe(1)
    expect(closed.outputs.status).toBe('failed')
    expect(desk.puts()).toHaveLength(1)
    expect(desk.creates()).toHaveLength(1)
    const id = opened.outputs.ticket_id
    expect(closed.stdout).toContain(
      `::error title=LiveDesk ticket not updated::The LiveDesk ticket ${id} (issue #1) was not updated: LiveDesk refused the request. (HTTP 404, code 4001: Ticket ${id} not found) Tried once. If the ticket was deleted in LiveDesk, delete the livedesk-ticket-action comment on issue #1`,
    )
    expect(closed.summary).toContain(`### LiveDesk ticket ${id} NOT updated`)
    expect(closed.summary).toContain('What the update would have set')
  })

  it('an update whose outcome is unknown says re-running is safe', async () => {
    await mirrorStep(issueEvent('opened'))
    for (let i = 0; i < 4; i++) {
      desk.overrides.push((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' })
        res.end('<html><body>502 Bad Gateway</body></html>')
      })
    }
    const edited = await mirrorStep(issueEvent('edited'), { max_retries: '1' })
    expect(edited.code).toBe(1)
    expect(desk.puts()).toHaveLength(2) // a PUT is idempotent: it is repeated
    expect(edited.stdout).toContain(
      'The update may or may not have been applied; re-running the job repeats it safely.',
    )
    expect(edited.stdout).not.toContain('look in LiveDesk for a ticket titled')
  })

  it('the updated summary shows only what an update changes', async () => {
    await mirrorStep(issueEvent('opened'))
    const edited = await mirrorStep(issueEvent('edited'))
    expect(edited.summary).toContain('### LiveDesk ticket updated')
    expect(edited.summary).toContain('title, description and custom fields from issue #1')
    expect(edited.summary).not.toContain('Priority')
  })
})

describe('issue → ticket values (pure)', () => {
  const ctxFor = (eventName: string, event: Record<string, unknown>) => ({ eventName, event }) as GitHubContext

  it('reads the issue of an issues event only', () => {
    expect(readIssue(ctxFor('issues', issueEvent('opened')))).toEqual({
      number: 1,
      title: 'Spelling error in the README file',
      body: "It looks like you accidently spelled 'commit' with two 't's.",
      author: 'Codertocat',
      labels: ['bug'],
      url: 'https://github.com/Codertocat/Hello-World/issues/1',
      state: 'open',
    })
    expect(readIssue(ctxFor('push', issueEvent('opened')))).toBeUndefined()
    expect(readIssue(ctxFor('issues', {}))).toBeUndefined()
  })

  it('an empty body says so; labels are code spans', () => {
    const values = issueValues({
      number: 7,
      title: 't',
      body: '',
      author: '',
      labels: ['a`b', 'c'],
      url: '',
      state: 'open',
    })
    expect(values.description).toBe(
      "**GitHub issue:** #7  \n**Author:** unknown  \n**Labels:** `a'b`, `c`  \n**State:** open\n\n---\n\n_No description provided._",
    )
  })

  it('finds the oldest trusted marker and reports the ones it left aside', () => {
    const found = findMarker(
      [
        { id: 1, body: 'no marker', user: { login: ACTIONS_BOT } },
        { id: 2, body: markerComment('tk_evil', undefined), user: { login: 'eve' } },
        {
          id: 3,
          body: markerComment('tk_first', 'https://desk.example/tickets/tk_first'),
          user: { login: ACTIONS_BOT },
        },
        { id: 4, body: markerComment('tk_second', undefined), user: { login: ACTIONS_BOT } },
      ],
      (login) => login === ACTIONS_BOT,
    )
    expect(found.ticketId).toBe('tk_first')
    expect(found.ignored).toEqual(["eve (not written by github-actions[bot] or the token's account)"])
  })

  it('a marker counts only at the start of a comment, as the action writes it', () => {
    const quoted = `Another workflow echoed the issue:\n\n> ${markerComment('tk_planted', undefined)}`
    const found = findMarker([{ id: 1, body: quoted, user: { login: ACTIONS_BOT } }], (login) => login === ACTIONS_BOT)
    expect(found).toEqual({ ignored: [] })
    const inline = findMarker(
      [{ id: 2, body: `x ${markerComment('tk_planted', undefined)}`, user: { login: ACTIONS_BOT } }],
      () => true,
    )
    expect(inline.ticketId).toBeUndefined()
  })
})
