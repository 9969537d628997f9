// The scheduled sync (sync: issues): LiveDesk's answer back on the mirrored issues. runStep()
// (in-process, or the bundle with RUN_BUNDLE=1) against the LiveDesk stand-in (GET only) and the GitHub stand-in
// (labelled issues in GitHub's sort=updated order, comments, closing), with the run history that
// keeps each run's notices as check-run annotations, where the sync finds its place again.
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { mirrorStep, syncStep } from '../../__fixtures__/readme-steps.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { webhookPayload } from '../../__fixtures__/webhooks.js'
import {
  mirrored as mirroredIssues,
  REPO,
  syncComments as syncCommentsOf,
  ticketOf,
} from '../../__fixtures__/mirrored-issues.js'

const desk = useLiveDesk()
const github = useGitHub()
const URLS = 'https://desk.example/t/{ticket_id}'

const syncComments = (n: number) => syncCommentsOf(github, n)
const ticketGets = () => desk.requests.filter((r) => r.method === 'GET')
const writesToDesk = () => desk.requests.filter((r) => r.method !== 'GET')
const mirrored = (count: number, first = 1): void => mirroredIssues(github, desk, count, first)

describe('sync: issues', () => {
  const history = () => new RunHistory(github)

  /** One scheduled run of the README's sync workflow; the run's notices are kept as GitHub keeps them. */
  const syncRun = (h: RunHistory, extra: Record<string, string> = {}): Promise<RunResult> =>
    syncStep({ desk, github }, h, {
      inputs: { ticket_url_template: URLS, ...extra },
      env: { LIVEDESK_SYNC_WRITE_INTERVAL_MS: '0' },
    })

  it('a status change is one comment, not repeated by the next runs; issues without news get nothing', async () => {
    const h = history()
    mirrored(3)
    desk.tickets.get(ticketOf(2)).status = 'Pending'
    const first = await syncRun(h)
    expect(first.code).toBe(0)
    expect(first.outputs).toEqual({ status: 'synced', issues_checked: '3', issues_updated: '1', issues_closed: '0' })
    expect(syncComments(1)).toEqual([])
    expect(syncComments(3)).toEqual([])
    expect(syncComments(2).map((c) => c.body)).toEqual([
      `<!-- livedesk-sync ticket=${ticketOf(2)} status=pending -->\nLiveDesk ticket [${ticketOf(2).replace(/_/g, '_')}](<https://desk.example/t/${ticketOf(2)}>) is now **pending**.`,
    ])
    expect(first.visibleLog).toContain(`Brought the status to issue #2 from LiveDesk ticket ${ticketOf(2)}.`)
    expect(first.summary).toContain('| Issue | Ticket | Ticket status | Brought back |')
    expect(first.summary).toContain(
      `| [#2](https://github.com/${REPO}/issues/2) Checkout fails for order 2 | ${ticketOf(2)} | pending | status |`,
    )
    expect(first.summary).toContain(
      `| [#1](https://github.com/${REPO}/issues/1) Checkout fails for order 1 | ${ticketOf(1)} | open | nothing new |`,
    )
    // The sync reads LiveDesk and never writes to it.
    expect(writesToDesk()).toEqual([])

    const second = await syncRun(h)
    const third = await syncRun(h)
    expect(second.outputs).toMatchObject({ issues_checked: '3', issues_updated: '0' })
    expect(third.outputs).toMatchObject({ issues_checked: '3', issues_updated: '0' })
    expect(syncComments(2)).toHaveLength(1)

    // The next change is news again, once.
    desk.tickets.get(ticketOf(2)).status = 'open'
    await syncRun(h)
    await syncRun(h)
    expect(syncComments(2).map((c) => c.body.split('\n')[0])).toEqual([
      `<!-- livedesk-sync ticket=${ticketOf(2)} status=pending -->`,
      `<!-- livedesk-sync ticket=${ticketOf(2)} status=open -->`,
    ])
  })

  it('a closed ticket closes its issue as completed with close_issues, and leaves it open without', async () => {
    const h = history()
    mirrored(2)
    desk.tickets.get(ticketOf(1)).status = 'closed'
    desk.tickets.get(ticketOf(2)).status = 'resolved'
    const without = await syncRun(h)
    expect(without.outputs).toMatchObject({ issues_checked: '2', issues_updated: '2', issues_closed: '0' })
    expect(github.state.issues.get(1).state).toBe('open')
    expect(github.requests.filter((r) => r.method === 'PATCH')).toEqual([])
    expect(syncComments(1)[0].body).toContain('is now **closed**.')
    expect(syncComments(1)[0].body).not.toContain('The issue is closed with it.')

    // The same, with close_issues: the issue is closed with the news, as completed.
    const h2 = history()
    github.reset()
    desk.reset()
    mirrored(2)
    desk.tickets.get(ticketOf(1)).status = 'Closed'
    const withClose = await syncRun(h2, { close_issues: 'true' })
    expect(withClose.outputs).toMatchObject({ issues_checked: '2', issues_updated: '1', issues_closed: '1' })
    expect(github.state.issues.get(1)).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(github.state.issues.get(2).state).toBe('open')
    expect(syncComments(1)[0].body).toContain('is now **closed**. The issue is closed with it.')
    expect(withClose.summary).toContain('| status, issue closed |')

    // Someone reopens the issue: the sync does not fight them; the ticket told its news once.
    Object.assign(github.state.issues.get(1), { state: 'open', state_reason: 'reopened' })
    const after = await syncRun(h2, { close_issues: 'true' })
    expect(after.outputs).toMatchObject({ issues_closed: '0', issues_updated: '0' })
    expect(github.state.issues.get(1).state).toBe('open')
    expect(syncComments(1)).toHaveLength(1)
  })

  it('a close that failed is tried again by the next run, without telling the news twice', async () => {
    const h = history()
    mirrored(1)
    desk.tickets.get(ticketOf(1)).status = 'resolved'
    github.state.faults.set('update-issue', 500)
    const failed = await syncRun(h, { close_issues: 'true' })
    expect(failed.outputs).toMatchObject({ issues_updated: '1', issues_closed: '0' })
    expect(failed.visibleLog).toMatch(
      /Issue #1 was not fully synced: GitHub answered HTTP 500.*tried again in a later run\.$/m,
    )
    expect(failed.visibleLog).not.toContain('permissions: issues: write')
    github.state.faults.clear()
    const again = await syncRun(h, { close_issues: 'true' })
    expect(again.outputs).toMatchObject({ issues_updated: '0', issues_closed: '1' })
    expect(github.state.issues.get(1)).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(syncComments(1)).toHaveLength(1)
  })

  it('an issue someone closed and reopened by hand while its ticket closed is not closed by the sync', async () => {
    const h = history()
    mirrored(1)
    desk.tickets.get(ticketOf(1)).status = 'closed'
    Object.assign(github.state.issues.get(1), { state: 'open', state_reason: 'reopened' })
    const result = await syncRun(h, { close_issues: 'true' })
    expect(result.outputs).toMatchObject({ issues_updated: '1', issues_closed: '0' })
    expect(syncComments(1)[0].body).toContain('is now **closed**.')
    expect(syncComments(1)[0].body).not.toContain('The issue is closed with it.')
    expect(github.state.issues.get(1).state).toBe('open')
  })

  it('an issue that changes between every run still gets its news: the end of a round takes it', async () => {
    const h = history()
    mirrored(60)
    desk.tickets.get(ticketOf(60)).status = 'pending'
    for (let run = 0; run < 4 && syncComments(60).length === 0; run++) {
      await syncRun(h)
      github.state.clock += 1000
      github.state.issues.get(60).updated_at = new Date(github.state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
    }
    expect(syncComments(60)).toHaveLength(1)
  })

  it('50 quiet issues and one that changes between every run: the one after them still gets its news', async () => {
    const h = history()
    mirrored(51)
    desk.tickets.get(ticketOf(51)).status = 'pending'
    const runs: number[][] = []
    for (let run = 0; run < 3 && syncComments(51).length === 0; run++) {
      desk.requests.length = 0
      await syncRun(h)
      runs.push(ticketGets().map((r) => Number(r.path.slice(-4))))
      github.state.clock += 1000
      github.state.issues.get(51).updated_at = new Date(github.state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
    }
    expect(syncComments(51)).toHaveLength(1)
    // Run 1 fills its 50 with the quiet ones; run 2 ends the round with the one updated during it.
    expect(runs.map((r) => r.length)).toEqual([50, 1])
  })

  it('issues updated in the same second (labelled in bulk) are all checked, round after round', async () => {
    const h = history()
    mirrored(130)
    for (const issue of github.state.issues.values()) issue.updated_at = '2026-01-01T00:00:00Z'
    const checked: number[][] = []
    for (let run = 0; run < 4; run++) {
      desk.requests.length = 0
      await syncRun(h)
      checked.push(ticketGets().map((r) => Number(r.path.slice(-4))))
    }
    const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)
    expect(checked).toEqual([range(1, 50), range(51, 100), range(101, 130), range(1, 50)])
  })

  it('issues that keep changing do not keep the quiet ones waiting: a round ends where it began', async () => {
    const h = history()
    mirrored(60)
    const quiet = (n: number) => n > 50
    const checkedQuiet: number[] = []
    for (let run = 0; run < 5; run++) {
      desk.requests.length = 0
      await syncRun(h)
      checkedQuiet.push(ticketGets().filter((r) => quiet(Number(r.path.slice(-4)))).length)
      // Between runs, people comment on issues 1-50: each moves to the end of the list.
      for (let n = 1; n <= 50; n++) {
        github.state.clock += 1000
        github.state.issues.get(n).updated_at = new Date(github.state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
      }
    }
    // Issues 51-60 are checked in every round, never left behind for good (run 4 is the end of a
    // round, given to the busy issues updated during it).
    expect(checkedQuiet).toEqual([0, 10, 10, 0, 10])
  })

  it('long threads: a run stops at 200 GitHub calls and the next goes on from there', async () => {
    const h = history()
    mirrored(40)
    // 450 comments: five pages of comments to read on every issue.
    for (let n = 1; n <= 40; n++) {
      const thread = github.state.comments.get(n) ?? []
      for (let i = 0; i < 449; i++)
        thread.push({ id: 100_000 + n * 1000 + i, body: `comment ${i}`, user: { login: 'someone', type: 'User' } })
    }
    desk.tickets.get(ticketOf(40)).status = 'pending'
    const calls: number[] = []
    const checked: number[][] = []
    for (let run = 0; run < 2; run++) {
      github.requests.length = 0
      desk.requests.length = 0
      const result = await syncRun(h)
      calls.push(github.requests.length)
      checked.push(ticketGets().map((r) => Number(r.path.slice(-4))))
      if (run === 0)
        expect(result.visibleLog).toContain("the run's budget of 200 GitHub calls; the next run goes on from there.")
    }
    for (const n of calls) expect(n).toBeLessThanOrEqual(200)
    const k = checked[0].length
    const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)
    expect(k).toBeGreaterThan(10)
    expect(k).toBeLessThan(40)
    expect(checked[1].slice(0, 40 - k)).toEqual(range(k + 1, 40))
    expect(syncComments(40)).toHaveLength(1)
  }, 120_000)

  it("with replies, a run makes at most 60 writes (GitHub's secondary limits) and the next goes on from there", async () => {
    const h = history()
    mirrored(40)
    for (let n = 1; n <= 40; n++) {
      desk.tickets.get(ticketOf(n)).conversation_list = Array.from({ length: 8 }, (_, i) => ({
        id: `m${i}`,
        sender: { type: 'internal_member', name: 'Dana' },
        content: `Reply ${i}`,
      }))
    }
    const checked: number[] = []
    for (let run = 0; run < 8 && checked.length < 40; run++) {
      github.requests.length = 0
      desk.requests.length = 0
      const result = await syncRun(h, { sync_replies: 'true' })
      const writes = github.requests.filter((r) => r.method !== 'GET').length
      expect(writes).toBeLessThanOrEqual(60)
      if (run === 0)
        expect(result.visibleLog).toContain("the run's budget of 60 GitHub writes; the next run goes on from there.")
      checked.push(...ticketGets().map((r) => Number(r.path.slice(-4))))
    }
    // Each issue checked in order over the runs (the round's last run then uses its room on the issues
    // updated meanwhile); every reply posted once.
    expect(checked.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    for (let n = 1; n <= 40; n++) expect(syncComments(n)).toHaveLength(8)
  }, 120_000)

  it("replies: none by default; with sync_replies only desk members' public replies, each once, quoted with the name", async () => {
    const h = history()
    mirrored(1)
    const ticket = desk.tickets.get(ticketOf(1))
    ticket.conversation_list = [
      {
        id: 'm1',
        sender: { type: 'contact', name: 'Erika Mustermann', email: 'erika@example.com' },
        content: 'My card 4111 1111 1111 1111 was charged twice',
      },
      {
        id: 'm2',
        sender: { type: 'internal_member', name: 'Dana (Support)' },
        content: 'Thanks, we are looking into it.\nA fix is planned for Monday.',
      },
      {
        id: 'm3',
        sender: { type: 'internal_member', name: 'Dana (Support)' },
        content: 'Customer is a VIP, refund quietly',
        is_private: true,
      },
      { id: 'm4', sender: { type: 'customer', name: 'Erika' }, content: 'ok' },
      { id: 'm5', sender: { name: 'No type' }, content: 'who am I' },
    ]
    const off = await syncRun(h)
    expect(off.outputs).toMatchObject({ issues_updated: '0' })
    expect(syncComments(1)).toEqual([])

    const on = await syncRun(h, { sync_replies: 'true' })
    expect(on.outputs).toMatchObject({ issues_updated: '1' })
    const bodies = syncComments(1).map((c) => c.body)
    expect(bodies).toHaveLength(1)
    expect(bodies[0]).toMatch(
      /^<!-- livedesk-sync ticket=tk_sync_0001 reply=[0-9a-f]{20} -->\n\*\*Dana \(Support\)\*\* replied on LiveDesk ticket \[tk_sync_0001\]\(<https:\/\/desk\.example\/t\/tk_sync_0001>\):\n\n> Thanks, we are looking into it\.\n> A fix is planned for Monday\.$/,
    )
    const everything = JSON.stringify([...github.state.comments.values()]) + on.stdout + on.summary
    for (const secret of ['4111', 'Erika', 'erika@example.com', 'VIP', 'who am I'])
      expect(everything).not.toContain(secret)

    await syncRun(h, { sync_replies: 'true' })
    expect(syncComments(1)).toHaveLength(1)
    ticket.conversation_list.push({
      id: 'm6',
      sender: { type: 'internal_member', name: 'Sam' },
      content: 'Fixed in 2.4.1.',
    })
    ticket.status = 'solved'
    const later = await syncRun(h, { sync_replies: 'true' })
    expect(later.outputs).toMatchObject({ issues_updated: '1' })
    expect(syncComments(1).map((c) => c.body.split('\n').slice(1).join('\n'))).toEqual([
      expect.stringContaining('Dana'),
      '**Sam** replied on LiveDesk ticket [tk_sync_0001](<https://desk.example/t/tk_sync_0001>):\n\n> Fixed in 2.4.1.',
      'LiveDesk ticket [tk_sync_0001](<https://desk.example/t/tk_sync_0001>) is now **solved**.',
    ])
  })

  it('250 mirrored issues: each run checks at most 50 with flat GitHub calls, and the next run goes on where the last stopped', async () => {
    const h = history()
    mirrored(250)
    const closed = [7, 77, 177, 249]
    for (const n of closed) desk.tickets.get(ticketOf(n)).status = 'closed'
    const checked: number[][] = []
    const githubCalls: number[] = []
    for (let run = 0; run < 7; run++) {
      github.requests.length = 0
      desk.requests.length = 0
      const result = await syncRun(h)
      expect(result.code).toBe(0)
      checked.push(ticketGets().map((r) => Number(r.path.slice(-4))))
      githubCalls.push(github.requests.length)
      expect(Number(result.outputs.issues_checked)).toBe(checked[run].length)
    }
    const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)
    // Runs 1-5 are one round: the backlog in order, 50 each. The issues that got news were updated by
    // it, after the round began: run 6 ends the round with them, and run 7 begins the next with the
    // least recently updated (issue 7, updated by its news, is no longer among them).
    expect(checked.slice(0, 5)).toEqual([
      range(1, 50),
      range(51, 100),
      range(101, 150),
      range(151, 200),
      range(201, 250),
    ])
    expect(checked[5]).toEqual(closed)
    expect(checked[6]).toEqual(range(1, 51).filter((n) => n !== 7))
    for (const n of closed) expect(syncComments(n)).toHaveLength(1)
    expect(syncComments(8)).toEqual([])
    // GitHub calls per run stay flat: the last run's place (3 calls), one page of issues, one page of
    // comments per issue, and one comment per piece of news; LiveDesk: one GET per issue checked.
    for (const calls of githubCalls) expect(calls).toBeLessThanOrEqual(3 + 1 + 50 + 2)
  }, 180_000)

  it("a full run with news (npm run bench:sync's): 50 issues, 10 with a status and 2 replies each, in 93 GitHub calls", async () => {
    mirrored(50)
    for (let n = 1; n <= 10; n++)
      Object.assign(desk.tickets.get(ticketOf(n)), {
        status: 'solved',
        conversation_list: [
          { id: `${n}-1`, sender: { type: 'contact', name: 'Erika' }, content: 'Any news?' },
          { id: `${n}-r1`, sender: { type: 'internal_member', name: 'Dana' }, content: 'Reply 1: we are on it.' },
          { id: `${n}-r2`, sender: { type: 'internal_member', name: 'Dana' }, content: 'Reply 2: we are on it.' },
        ],
      })
    github.requests.length = 0
    const result = await syncRun(history(), { sync_replies: 'true', close_issues: 'true' })
    expect(result.outputs).toEqual({
      status: 'synced',
      issues_checked: '50',
      issues_updated: '10',
      issues_closed: '10',
    })
    // Its place (no earlier run: 1 call), the newest issue, one page of issues, 50 pages of comments, and
    // for each issue with news: the status, 2 replies and the closing. LiveDesk: one GET an issue.
    expect(github.requests).toHaveLength(93)
    expect(ticketGets()).toHaveLength(50)
    expect(desk.requests).toHaveLength(50)
  })

  it('a ticket LiveDesk cannot give is a warning for that issue; the others are synced, and it is tried again later', async () => {
    const h = history()
    mirrored(3)
    desk.tickets.get(ticketOf(1)).status = 'pending'
    desk.tickets.get(ticketOf(3)).status = 'pending'
    desk.ticketFaults.set(ticketOf(2), 500)
    const result = await syncRun(h, { max_retries: '1' })
    expect(result.code).toBe(0)
    // 500 may mean "done": GET is safe to repeat, so it was tried again once (max_retries: 1).
    expect(ticketGets().filter((r) => r.path.endsWith(ticketOf(2)))).toHaveLength(2)
    expect(result.visibleLog).toMatch(
      new RegExp(
        `^::warning title=LiveDesk sync%3A issue not synced::Issue #2 was not synced: LiveDesk ticket ${ticketOf(2)} could not be read \\(.*HTTP 500.*\\)\\. The other issues go on; it is tried again in a later run\\.$`,
        'm',
      ),
    )
    expect(result.outputs).toMatchObject({ status: 'synced', issues_checked: '3', issues_updated: '2' })
    expect(syncComments(1)).toHaveLength(1)
    expect(syncComments(3)).toHaveLength(1)
    expect(result.summary).toContain(
      '| tk_sync_0002 | – | not synced: LiveDesk ticket tk_sync_0002 could not be read (HTTP 500, code 1000: Internal error) |',
    )

    desk.ticketFaults.clear()
    desk.tickets.get(ticketOf(2)).status = 'pending'
    const next = await syncRun(h)
    expect(next.outputs).toMatchObject({ issues_updated: '1' })
    expect(syncComments(2)).toHaveLength(1)
  }, 60_000)

  it('LiveDesk down: the run stops after 3 unreadable tickets in a row, and the next goes on from there', async () => {
    const h = history()
    mirrored(5)
    for (const n of [1, 2, 3]) desk.ticketFaults.set(ticketOf(n), 503)
    const down = await syncRun(h, { max_retries: '0' })
    expect(down.code).toBe(0)
    expect(ticketGets().map((r) => r.path.slice(-4))).toEqual(['0001', '0002', '0003'])
    expect(down.visibleLog).toContain(
      '::warning title=LiveDesk sync%3A stopped early::This run stopped after 3 issues at 3 issues in a row that could not be read; the next run goes on from there.',
    )
    expect(down.outputs).toMatchObject({ issues_checked: '3', issues_updated: '0' })
    desk.ticketFaults.clear()
    desk.requests.length = 0
    await syncRun(h)
    expect(ticketGets().map((r) => r.path.slice(-4))).toEqual(['0004', '0005'])
    desk.requests.length = 0
    await syncRun(h)
    expect(ticketGets().map((r) => r.path.slice(-4))).toEqual(['0001', '0002', '0003', '0004', '0005'])
  })

  it('a ticket whose read hangs costs one timeout_seconds; the issues after it are synced', async () => {
    const h = history()
    mirrored(3)
    desk.tickets.get(ticketOf(3)).status = 'pending'
    desk.ticketFaults.set(ticketOf(1), 'hang')
    const result = await syncRun(h, { timeout_seconds: '1' })
    expect(result.code).toBe(0)
    expect(result.durationMs).toBeLessThan(5000)
    expect(result.visibleLog).toMatch(
      /Issue #1 was not synced: LiveDesk ticket tk_sync_0001 could not be read \(.*timeout_seconds \(1 s\)/,
    )
    expect(syncComments(3)).toHaveLength(1)
  }, 60_000)

  it("with a personal token, the sync's comments are its user's, and still remembered", async () => {
    const h = history()
    mirrored(3)
    github.state.commentAuthor = { login: 'release-bot-user', type: 'User' }
    github.state.userLogin = 'release-bot-user'
    for (const n of [1, 2, 3]) desk.tickets.get(ticketOf(n)).status = 'pending'
    await syncRun(h)
    const second = await syncRun(h)
    expect(second.outputs).toMatchObject({ issues_checked: '3', issues_updated: '0' })
    for (const n of [1, 2, 3]) expect(syncComments(n)).toHaveLength(1)
    expect(syncComments(1)[0].user).toEqual({ login: 'release-bot-user', type: 'User' })
    // The second run asked GitHub who the token is once, not once an issue (the first had no need).
    expect(github.requests.filter((r) => r.path === '/user')).toHaveLength(1)
  })

  it('the issue mirror labels the issue it links, so the sync finds it', async () => {
    const payload = webhookPayload('issues', 'opened') as {
      issue: Record<string, unknown>
      repository: Record<string, unknown>
    }
    const opened = await runStep(mirrorStep({ desk, github }, payload))
    expect(opened.code).toBe(0)
    expect(github.state.labelsAdded).toEqual([{ issue: 1, labels: ['livedesk'] }])
  })
})
