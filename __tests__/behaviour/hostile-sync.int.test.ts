// The sync (sync: issues) against hostile and broken input, through runStep() (in-process, or the bundle with RUN_BUNDLE=1): replies
// written to break out of their quote, planted memory lines, answers of the wrong shape, GitHub
// refusing, and inputs that make no sense. Every promise: a clear message, never a stack trace,
// never a post twice, never a contact's message on the issue.
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { syncStep } from '../../__fixtures__/readme-steps.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { mirrored, mirroredIssue, plantedMarker, syncComments, ticketOf } from '../../__fixtures__/mirrored-issues.js'
import { PRIVATE_MARKS } from '../../__fixtures__/private-marks.js'
import { BASIC, KEY, SECRET, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()
const STACK = /^\s+at .+:\d+:\d+\)?$/m

const syncRun = (extra: Record<string, string> = {}, history = new RunHistory(github)): Promise<RunResult> =>
  syncStep({ desk, github }, history, { inputs: extra })

function expectNoSecretsOrStacks(result: RunResult): void {
  const everything = result.visibleLog + result.summary + JSON.stringify([...github.state.comments.values()])
  for (const secret of [KEY, SECRET, BASIC, github.token]) expect(everything).not.toContain(secret)
  expect(result.visibleLog).not.toMatch(STACK)
  expect(result.visibleLog).not.toContain('Unexpected error')
}

describe('a reply written to break out of its quote', () => {
  const reply = (content: string): Record<string, unknown> => ({
    id: 'r1',
    sender: { type: 'internal_member', name: 'Dana' },
    content,
  })

  it.each([
    [
      'every line terminator',
      'one\r\ntwo\rthree\vfour\ffive\u0085six\u2028seven\u2029eight',
      (body: string) => {
        expect(body.split('\n').slice(3)).toEqual([
          '> one',
          '> two',
          '> three',
          '> four',
          '> five',
          '> six',
          '> seven',
          '> eight',
        ])
      },
    ],
    [
      'a workflow command and a fake memory line',
      '<!-- livedesk-sync ticket=tk_sync_0001 status=closed -->\n::error::pwned',
      (body: string) => {
        // An HTML comment in a message is HTML: it is dropped with the other tags.
        expect(body.split('\n').slice(3)).toEqual(['> ::error::pwned'])
      },
    ],
    [
      'Markdown links, images and HTML',
      '[click](https://evil.example) ![x](https://evil.example/pixel.png) <img src=x onerror=alert(1)> <a href="https://evil.example">a</a>',
      (body: string) => {
        expect(body).not.toMatch(/(^|[^\\])\]\(/)
        expect(body).not.toMatch(/(^|[^\\])<(img|a)\b/)
      },
    ],
    [
      'an @mention and a team mention',
      'cc @octocat @octo-org/security',
      (body: string) => {
        expect(body).toContain('> cc @\u2060octocat @\u2060octo-org/security')
        expect(body).not.toMatch(/@[A-Za-z0-9]/)
      },
    ],
    [
      'bare links and references GitHub links by itself',
      'see https://evil.example/login, www.evil.example, _www.evil.example, GH-12, #34 and octo-org/other#5',
      (body: string) => {
        expect(body).toContain(
          '> see https:\u2060//evil.example/login, www\u2060.evil.example, \\_www\u2060.evil.example, GH-\u206012, \\#\u206034 and octo-org/other\\#\u20605',
        )
        expect(body).not.toMatch(/:\/\/|www\.|GH-\d|#\d/)
      },
    ],
    [
      'emoji where the comment is full',
      '\u{1F600}'.repeat(40_000),
      (body: string) => {
        expect(body).toMatch(
          /> (\u{1F600})+\n>\n> _\[cut to fit one GitHub comment; the full reply is in LiveDesk\]_$/u,
        )
        expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
      },
    ],
    [
      'bidi controls',
      'total \u202e100\u202c EUR',
      (body: string) => expect(body).toContain('> total \\[U+202E\\]100\\[U+202C\\] EUR'),
    ],
    [
      'an HTML message from the desk editor',
      '<p>Hello &amp; welcome</p><p>Line<br>two</p><script>x</script>',
      (body: string) => {
        expect(body.split('\n').slice(3)).toEqual(['> Hello &amp; welcome', '> Line', '> two', '> x'])
      },
    ],
    [
      'a reply of 100,000 characters',
      'a'.repeat(100_000),
      (body: string) => {
        // As much as one comment holds: GitHub refuses more than 65,536 characters.
        expect(body.length).toBeLessThanOrEqual(64_000)
        expect(body).toContain('> _[cut to fit one GitHub comment; the full reply is in LiveDesk]_')
      },
    ],
  ])('%s stays inside the quote', async (_what, content, check) => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).conversation_list = [reply(content)]
    const result = await syncRun({ sync_replies: 'true' })
    expect(result.code).toBe(0)
    const [comment] = syncComments(github, 1)
    expect(comment.body.split('\n')[1]).toBe('**Dana** replied on LiveDesk ticket `tk_sync_0001`:')
    check(comment.body)
    // The reply never reaches the step's log, where the runner would read commands.
    expect(result.stdout).not.toContain('pwned')
    expectNoSecretsOrStacks(result)
  })

  it('a sender name with Markdown and a line break is one plain line', async () => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).conversation_list = [
      { id: 'r1', sender: { type: 'internal_member', name: 'Dana**\n# [x](https://evil.example)' }, content: 'hi' },
    ]
    await syncRun({ sync_replies: 'true' })
    // One line, Markdown shown as text, and not even an autolink: a word joiner sits in "://".
    expect(syncComments(github, 1)[0].body.split('\n')[1]).toBe(
      '**Dana\\*\\* # \\[x\\](https:\u2060//evil.example)** replied on LiveDesk ticket `tk_sync_0001`:',
    )
  })
})

describe('what LiveDesk says about people stays inside the desk', () => {
  it("a desk member's messages marked private, in every way a desk marks one, are never posted", async () => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).conversation_list = [
      ...PRIVATE_MARKS.map(([_what, flag], i) => ({
        id: `n${i}`,
        sender: { type: 'internal_member', name: 'Dana' },
        content: `refund quietly (${i})`,
        ...flag,
      })),
      {
        id: 'p1',
        sender: { type: 'internal_member', name: 'Sam' },
        content: 'We are on it.',
        visibility: 'public',
        is_private: false,
      },
    ]
    await syncRun({ sync_replies: 'true' })
    const bodies = syncComments(github, 1).map((c) => c.body)
    expect(bodies).toHaveLength(1)
    expect(bodies[0]).toContain('> We are on it.')
    expect(JSON.stringify(bodies)).not.toContain('refund')
  })

  it('a "|" in a status reads as "|" (an entity), not as a broken one', async () => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).status = 'Pending | customer'
    await syncRun()
    expect(syncComments(github, 1)[0].body).toContain('is now **pending &#124; customer**.')
  })

  it("a status or a name that mentions someone pings no one; a member's email address is not shown", async () => {
    mirrored(github, desk, 1)
    Object.assign(desk.tickets.get(ticketOf(1)), {
      status: 'Escalated to @octocat',
      conversation_list: [
        { id: 'r1', sender: { type: 'internal_member', name: '', email: 'dana@corp.example' }, content: 'hi' },
        { id: 'r2', sender: { type: 'internal_member', name: 'Dana @octo-org/security' }, content: 'hi' },
      ],
    })
    await syncRun({ sync_replies: 'true' })
    const bodies = syncComments(github, 1).map((c) => c.body)
    expect(bodies.map((b) => b.split('\n')[1])).toEqual([
      'A LiveDesk agent replied on LiveDesk ticket `tk_sync_0001`:',
      '**Dana @\u2060octo-org/security** replied on LiveDesk ticket `tk_sync_0001`:',
      'LiveDesk ticket `tk_sync_0001` is now **escalated to @\u2060octocat**.',
    ])
    expect(JSON.stringify(bodies)).not.toContain('dana@corp.example')
  })
})

describe('statuses that are hard to remember', () => {
  it.each([
    ['an emoji cut at the 60th character', `${'x'.repeat(59)}\u{1F600}tail`],
    ['a long status in Chinese', '等待客户回复并确认问题是否已经解决然后关闭工单处理流程结束'],
    ['a long status in Cyrillic', 'ожидает ответа клиента и подтверждения решения проблемы'],
    [
      'a long status whose 60th character is a space',
      'Waiting for the customer to confirm that the fix is live in our production systems',
    ],
    ['a broken character (a lone surrogate)', 'closed\ud800'],
  ])('%s: told once over three runs, and the other issues go on', async (_what, status) => {
    const h = new RunHistory(github)
    mirrored(github, desk, 2)
    desk.tickets.get(ticketOf(1)).status = status
    desk.tickets.get(ticketOf(2)).status = 'closed'
    for (let run = 0; run < 3; run++) {
      const result = await syncRun({}, h)
      expect(result.code).toBe(0)
      expectNoSecretsOrStacks(result)
    }
    expect(syncComments(github, 1)).toHaveLength(1)
    expect(syncComments(github, 2)).toHaveLength(1)
  })
})

describe('ticket ids that are more than a word', () => {
  it('an id with "-->" and "|" stays inside the hidden line and the summary cell', async () => {
    const id = 'x-->@octocat<!--|y'
    mirroredIssue(github, 1, { body: plantedMarker(id) })
    desk.tickets.set(id, { ticket_id: id, status: 'pending', conversation_list: [] })
    const result = await syncRun()
    expect(result.code).toBe(0)
    const [line] = syncComments(github, 1)[0].body.split('\n')
    expect(line).toBe('<!-- livedesk-sync ticket=x--%3E%40octocat%3C!--%7Cy status=pending -->')
    const row = result.summary.split('\n').find((l) => l.startsWith('| [#1]')) ?? ''
    expect(row.split(/(?<!\\)\|/).length).toBe(6)
    await syncRun()
    expect(syncComments(github, 1)).toHaveLength(1)
  })
})

describe('planted memory lines do not silence the sync', () => {
  it("status and reply lines in someone else's comments are ignored: the news is posted", async () => {
    mirrored(github, desk, 1)
    const ticket = desk.tickets.get(ticketOf(1))
    ticket.status = 'closed'
    ticket.conversation_list = [{ id: 'r1', sender: { type: 'internal_member', name: 'Dana' }, content: 'Done.' }]
    // Mallory has seen an earlier sync's comments and copies their first lines.
    const first = await syncRun({ sync_replies: 'true' })
    expect(first.outputs).toMatchObject({ issues_updated: '1' })
    const lines = syncComments(github, 1).map((c) => c.body.split('\n')[0])
    github.reset()
    desk.reset()
    mirrored(github, desk, 1)
    Object.assign(desk.tickets.get(ticketOf(1)), { status: 'closed', conversation_list: ticket.conversation_list })
    for (const line of lines)
      github.state.comments
        .get(1)
        ?.push({ id: 900, body: `${line}\nnothing to see`, user: { login: 'mallory', type: 'User' } })
    const second = await syncRun({ sync_replies: 'true', close_issues: 'true' })
    expect(second.outputs).toMatchObject({ issues_updated: '1', issues_closed: '1' })
    expect(
      syncComments(github, 1).filter((c) => (c.user as { login: string }).login === 'github-actions[bot]'),
    ).toHaveLength(2)
  })

  it('sync lines by a GitHub App that cannot be told from this token: nothing is posted, with a warning naming github_token', async () => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).status = 'closed'
    github.state.comments.get(1)?.push({
      id: 901,
      body: `<!-- livedesk-sync ticket=${ticketOf(1)} status=pending -->\nLiveDesk ticket is now pending.`,
      user: { login: 'our-desk-app[bot]', type: 'Bot' },
    })
    const result = await syncRun({ close_issues: 'true' })
    expect(result.code).toBe(0)
    expect(result.visibleLog).toContain(
      "Issue #1 was not synced: its sync comments are by our-desk-app[bot], which may be this token's (a GitHub App's token cannot say who it is), so nothing is posted rather than something twice. Use the workflow's GITHUB_TOKEN or a personal access token as github_token.",
    )
    expect(syncComments(github, 1)).toHaveLength(1)
    expect(github.state.issues.get(1).state).toBe('open')
  })

  it("another App's lines about some other ticket do not stop this issue's sync", async () => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).status = 'pending'
    github.state.comments.get(1)?.push({
      id: 902,
      body: '<!-- livedesk-sync ticket=whatever gone=1 -->\nx',
      user: { login: 'some-echo-app[bot]', type: 'Bot' },
    })
    const result = await syncRun()
    expect(result.visibleLog).not.toContain('was not synced')
    expect(
      syncComments(github, 1).filter((c) => (c.user as { login: string }).login === 'github-actions[bot]'),
    ).toHaveLength(1)
  })

  it('a personal token, and GitHub cannot say who it is for a moment: nothing is posted twice, with a warning', async () => {
    mirrored(github, desk, 2)
    for (const n of [1, 2]) desk.tickets.get(ticketOf(n)).status = 'pending'
    github.state.commentAuthor = { login: 'release-bot-user', type: 'User' }
    github.state.userLogin = 'release-bot-user'
    const h = new RunHistory(github)
    await syncRun({}, h)
    for (const n of [1, 2]) expect(syncComments(github, n)).toHaveLength(1)
    for (const n of [1, 2]) desk.tickets.get(ticketOf(n)).status = 'solved'
    github.state.faults.set('user', 502)
    const unsure = await syncRun({}, h)
    expect(unsure.visibleLog).toContain(
      'Issue #1 was not synced: its sync comments are by release-bot-user, and GitHub could not say whether that is this token (GitHub answered HTTP 502',
    )
    for (const n of [1, 2]) expect(syncComments(github, n)).toHaveLength(1)
    github.state.faults.clear()
    await syncRun({}, h)
    for (const n of [1, 2])
      expect(syncComments(github, n).map((c) => c.body.split('\n')[0].replace(/.* status=/, ''))).toEqual([
        'pending -->',
        'solved -->',
      ])
  })

  it('a marker comment by someone else is not followed to another ticket', async () => {
    mirroredIssue(github, 1, { body: plantedMarker('tk_victim'), user: { login: 'mallory', type: 'User' } })
    desk.tickets.set('tk_victim', {
      ticket_id: 'tk_victim',
      status: 'closed',
      conversation_list: [{ id: 'p', sender: { type: 'internal_member', name: 'Dana' }, content: 'private matter' }],
    })
    const result = await syncRun({ sync_replies: 'true' })
    expect(result.code).toBe(0)
    expect(desk.requests).toEqual([])
    expect(github.state.comments.get(1)).toHaveLength(1)
    expect(result.summary).toContain(
      "no ticket marker by the action (ignored: mallory (not written by github-actions\\[bot\\] or the token's account))",
    )
  })

  it.each(['..', 'a/b', 'x%2F..', 'tk::set-output'])(
    'a marker whose ticket id is %s is never a request path',
    async (id) => {
      mirroredIssue(github, 1, { body: plantedMarker(id) })
      const result = await syncRun()
      expect(result.code).toBe(0)
      expect(desk.requests).toEqual([])
      expect(result.outputs).toMatchObject({ issues_checked: '1', issues_updated: '0' })
    },
  )
})

describe('answers of the wrong shape', () => {
  it.each([
    ['a status that is a number', { status: 42, conversation_list: [] }],
    ['a conversation that is text', { status: 'open', conversation_list: 'none' }],
    [
      'messages that are not objects, or have no text',
      {
        status: 'open',
        conversation_list: [
          1,
          'x',
          null,
          { sender: { type: 'internal_member' } },
          { sender: 'internal', content: { html: 'x' } },
        ],
      },
    ],
    ['no data at all', {}],
  ])('LiveDesk gives %s: nothing is posted, and nothing breaks', async (_what, data) => {
    mirrored(github, desk, 1)
    desk.tickets.set(ticketOf(1), { ticket_id: ticketOf(1), ...data })
    const result = await syncRun({ sync_replies: 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'synced', issues_checked: '1', issues_updated: '0' })
    expect(syncComments(github, 1)).toEqual([])
    expectNoSecretsOrStacks(result)
  })

  it.each([
    ['an object instead of a list', JSON.stringify({ items: [] }), '(no list)'],
    [
      'an issue number that is text',
      JSON.stringify([{ number: '1', title: 'x', state: 'open', updated_at: '2026-01-01T00:00:00Z' }]),
      'issues[0].number: expected a number, got text',
    ],
    [
      'an issue without updated_at',
      JSON.stringify([{ number: 1, title: 'x', state: 'open' }]),
      'issues[0].updated_at: expected text, got nothing',
    ],
    ['null', 'null', 'null'],
  ])('GitHub lists the issues as %s: the step fails, saying so', async (_what, body, shape) => {
    github.state.bodies.set('list-issues', body)
    const result = await syncRun()
    expect(result.code).toBe(1)
    expect(result.outputs).toEqual({ status: 'failed' })
    expect(result.visibleLog).toMatch(
      /^::error title=LiveDesk sync failed::The open issues labelled livedesk could not be listed \(GitHub answered with an unexpected shape \(/m,
    )
    expect(result.visibleLog).toContain(shape)
    expect(result.summary).toContain('### LiveDesk sync failed')
    expect(desk.requests).toEqual([])
    expectNoSecretsOrStacks(result)
  })
})

describe('GitHub refusing', () => {
  it('the issue list (403): the step fails naming the permission; with fail_on_error: false it warns', async () => {
    mirrored(github, desk, 2)
    github.state.faults.set('list-issues', 403)
    const failed = await syncRun()
    expect(failed.code).toBe(1)
    expect(failed.visibleLog).toContain(
      '::error title=LiveDesk sync failed::The open issues labelled livedesk could not be listed (GitHub answered HTTP 403: Resource not accessible by integration); nothing was synced. Give the workflow "permissions: issues: write".',
    )
    const passed = await syncRun({ fail_on_error: 'false' })
    expect(passed.code).toBe(0)
    expect(passed.visibleLog).toMatch(
      /^::warning title=LiveDesk sync failed::The open issues labelled livedesk could not be listed .*\(fail_on_error is false, so the step passes\.\)$/m,
    )
    expect(desk.requests).toEqual([])
  })

  it('a comment (403): a warning; nothing is remembered, so the next run posts it', async () => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).status = 'pending'
    github.state.faults.set('create-comment', 403)
    const h = new RunHistory(github)
    const refused = await syncRun({}, h)
    expect(refused.code).toBe(0)
    expect(refused.visibleLog).toMatch(
      /^::warning title=LiveDesk sync%3A issue not updated::Issue #1 was not fully synced: GitHub answered HTTP 403.*Give the workflow "permissions: issues: write"\.$/m,
    )
    expect(refused.outputs).toMatchObject({ issues_updated: '0' })
    github.state.faults.clear()
    const next = await syncRun({}, h)
    expect(next.outputs).toMatchObject({ issues_updated: '1' })
    expect(syncComments(github, 1)).toHaveLength(1)
  })

  it('closing (403): the news is posted, the issue stays open, with a warning', async () => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).status = 'closed'
    github.state.faults.set('update-issue', 403)
    const result = await syncRun({ close_issues: 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ issues_updated: '1', issues_closed: '0' })
    expect(github.state.issues.get(1).state).toBe('open')
    expect(result.visibleLog).toMatch(
      /^::warning title=LiveDesk sync%3A issue not updated::Issue #1 was not fully synced: GitHub answered HTTP 403/m,
    )
  })

  it('the comments of one issue (hang): that issue waits, the others are synced', async () => {
    mirrored(github, desk, 2)
    desk.tickets.get(ticketOf(2)).status = 'pending'
    let first = true
    github.state.faults.set('list-comments', 'hang')
    // Only the first issue's comments hang: the fault is lifted once the first request arrived.
    const lift = setInterval(() => {
      if (first && github.requests.some((r) => r.path.includes('/issues/1/comments?'))) {
        first = false
        github.state.faults.delete('list-comments')
      }
    }, 10)
    const result = await syncRun({ timeout_seconds: '1' })
    clearInterval(lift)
    expect(result.code).toBe(0)
    expect(result.visibleLog).toMatch(
      /Issue #1 was not synced: its comments could not be read \(the GitHub API at http:\/\/127\.0\.0\.1:\d+ did not answer within 1 s\)/,
    )
    expect(syncComments(github, 2)).toHaveLength(1)
  }, 30_000)
})

describe('more than the sync can read', () => {
  it('a page of comments of 18 MB (anyone can write 65,536 characters a comment) is read, not refused', async () => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).status = 'pending'
    const big = '\u6f22'.repeat(65_536)
    github.state.comments.get(1)?.push(
      ...Array.from({ length: 95 }, (_, i) => ({
        id: 7000 + i,
        body: big,
        user: { login: `user${i}`, type: 'User' },
      })),
    )
    const result = await syncRun()
    expect(result.code).toBe(0)
    expect(result.visibleLog).not.toContain('was not synced')
    expect(syncComments(github, 1)).toHaveLength(1)
  }, 60_000)

  it('an issue with 3,000 comments: its memory could be past the last page read, so nothing is posted there', async () => {
    mirrored(github, desk, 2)
    for (const n of [1, 2]) desk.tickets.get(ticketOf(n)).status = 'pending'
    const crowd = Array.from({ length: 2999 }, (_, i) => ({
      id: 5000 + i,
      body: `+1 (${i})`,
      user: { login: `user${i}`, type: 'User' },
    }))
    github.state.comments.get(1)?.push(...crowd)
    const result = await syncRun()
    expect(result.code).toBe(0)
    expect(result.visibleLog).toContain(
      'Issue #1 was not synced: it has 3000 comments, and the sync reads at most 3000, so it cannot tell what it already posted there.',
    )
    expect(desk.requests.map((r) => r.path)).toEqual([`/api/v2/accounts/tickets/${ticketOf(2)}`])
    // Told by the issue list's comment count: its 30 pages of comments are not even read.
    expect(github.requests.filter((r) => r.path.includes('/issues/1/comments'))).toEqual([])
    expect(syncComments(github, 1)).toEqual([])
    expect(syncComments(github, 2)).toHaveLength(1)
  })
})

describe('inputs that make no sense stop the step before any request', () => {
  it.each([
    [{ sync: 'all' }, 'sync: "all" is not allowed. Allowed values: issues.'],
    [
      { sync: '', close_issues: 'true', title: 'x', requester_euid: 'c' },
      'close_issues: applies only to the scheduled sync; set sync: issues in that step, or remove close_issues.',
    ],
    [
      { sync: '', sync_replies: 'true', title: 'x', requester_euid: 'c' },
      'sync_replies: applies only to the scheduled sync; set sync: issues in that step, or remove sync_replies.',
    ],
    [{ close_issues: 'maybe' }, 'close_issues: "maybe" is not allowed. Allowed values: true, false.'],
    [{ mode: 'recovery' }, 'mode: recovery and sync: issues are two different steps; give one of them.'],
    [{ github_token: '' }, 'github_token: is empty; sync: issues reads the mirrored issues and comments on them.'],
  ])('%j', async (inputs, message) => {
    const result = await runStep({
      inputs: { api_key: KEY, api_secret: SECRET, base_url: desk.url, sync: 'issues', ...inputs },
      env: { GITHUB_API_URL: github.url },
      githubToken: github.token,
    })
    expect(result.code).toBe(1)
    expect(result.visibleLog).toContain(message)
    expect(desk.requests).toEqual([])
    expect(github.requests).toEqual([])
  })
})

describe('dry_run', () => {
  it('shows what would be posted, posts nothing and does not move the place on', async () => {
    mirrored(github, desk, 2)
    desk.tickets.get(ticketOf(2)).status = 'closed'
    const result = await syncRun({ dry_run: 'true', close_issues: 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({ status: 'dry_run', issues_checked: '2', issues_updated: '1', issues_closed: '1' })
    expect(result.summary).toContain('### LiveDesk sync: dry run, nothing posted')
    expect(result.visibleLog).toContain(
      `Dry run: would bring the status to issue #2 from LiveDesk ticket ${ticketOf(2)}, and close the issue.`,
    )
    expect(github.requests.filter((r) => r.method !== 'GET')).toEqual([])
    expect(github.state.issues.get(2).state).toBe('open')
    expect(result.stdout).not.toContain('::notice')
  })
})
