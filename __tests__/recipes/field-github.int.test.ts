// In the field: what GitHub documents and the action must survive. runStep() (in-process, or the bundle
// with RUN_BUNDLE=1) against a GitHub stand-in that keeps GitHub's documented limits:
// - annotations: 10 of a kind a step, 50 a job, each cut at 4,096 characters, every one still a
//   "##[notice]…" line of the job's log, masked (actions/toolkit docs/problem-matchers.md
//   "Limitations"; actions/runner ExecutionContext.AddIssue) — __fixtures__/run-history.ts;
// - rate limits: a primary limit is 403/429 with x-ratelimit-remaining: 0 and x-ratelimit-reset; a
//   secondary one is 403/429 with a message saying so, retry-after or not (docs.github.com, REST
//   "Rate limits for the REST API", "Exceeding the rate limit");
// - blips: a 5xx or a connection reset once.
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { mirrorStep, syncStep } from '../../__fixtures__/readme-steps.js'
import { RunHistory, type Attempt } from '../../__fixtures__/run-history.js'
import { deskInputs, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { markerComment } from '../../src/memory/issue-marker.js'
import { mirrored, syncComments, ticketOf } from '../../__fixtures__/mirrored-issues.js'

const desk = useLiveDesk()
const github = useGitHub()

const warnings = (r: RunResult): string[] => r.stdout.split('\n').filter((l) => l.startsWith('::warning'))

/** GitHub's answers over a limit, as its REST docs give them. */
const inHalfAnHour = () => String(Math.floor(Date.now() / 1000) + 30 * 60)
const PRIMARY = () => ({
  status: 403,
  headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': inHalfAnHour() },
  message: 'API rate limit exceeded for installation ID 4711.',
})
const SECONDARY =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID DBD8:1234:5678.'

describe('in the field (GitHub)', () => {
  const history = () => new RunHistory(github)

  async function failureStep(at: Attempt, extra: Record<string, string> = {}): Promise<RunResult> {
    return runStep({
      inputs: deskInputs(desk, {
        title: `Build failed on ${at.branch}`,
        ...extra,
      }),
      env: at.env,
      githubToken: github.token,
    })
  }

  describe('a memory that survives a full job', () => {
    it.each([
      ['run', 1, 2],
      ['branch', 2, 1],
    ] as const)(
      'dedupe: %s, the job already holding 50 annotations: the next attempt or run updates the ticket (found in the job log)',
      async (dedupe, secondRun, secondAttempt) => {
        const h = history()
        const first = h.begin(8101, 1, 'main', true, 50)
        const opened = await failureStep(first, { dedupe })
        h.end(first, opened)
        expect(opened.outputs.status).toBe('created')
        // GitHub kept none of the step's annotations: the job's 50 were full.
        expect(
          github.state.annotations.get(first.reportJobId)?.some((a) => /livedesk-ticket-action/.test(a.message)),
        ).toBe(false)

        const second = h.begin(secondRun === 1 ? 8101 : 8102, secondAttempt)
        const again = await failureStep(second, { dedupe })
        expect(again.code).toBe(0)
        expect(again.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
        expect(desk.posts()).toHaveLength(1)
        expect(desk.puts()).toHaveLength(1)
        expect(again.visibleLog).toContain(
          `This failure already has LiveDesk ticket ${opened.outputs.ticket_id} (recorded in run 8101${dedupe === 'run' ? ', attempt 1' : ''}, job "report" (its log)).`,
        )
      },
    )

    // GitHub's log storage (Azure Blob Storage) answers "bytes=N-" ranges but not "bytes=-N": the
    // stand-in answers as it does (__fixtures__/github-stand-in.mjs, answerLog).
    it('a 20 MiB job log with the record at its end: its last 16 MiB are read, with two range requests', async () => {
      const h = history()
      const first = h.begin(8131, 1, 'main', true, 50)
      const opened = await failureStep(first)
      h.end(first, opened)
      // Twenty MiB of a chatty test suite before the ticket step's lines.
      const chatter = `2026-01-01T01:00:00.0000000Z ${'PASS src/checkout.test.ts '.repeat(40)}\n`
      const log = github.state.logTexts.get(first.reportJobId) ?? ''
      const filled = chatter.repeat(Math.ceil((20 * 1024 * 1024) / chatter.length)) + log
      github.state.logTexts.set(first.reportJobId, filled)
      const again = await failureStep(h.begin(8131, 2))
      expect(again.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
      const size = Buffer.byteLength(filled)
      expect(github.state.logRequests.filter((r) => r.job === first.reportJobId).map((r) => r.range)).toEqual([
        'bytes=0-0',
        `bytes=${size - 16 * 1024 * 1024}-`,
      ])
    })

    it('a job with room left keeps the notice: its log is not read', async () => {
      const h = history()
      const first = h.begin(8111, 1, 'main', true, 10)
      h.end(first, await failureStep(first))
      const again = await failureStep(h.begin(8111, 2))
      expect(again.outputs.status).toBe('updated')
      expect(again.visibleLog).toContain('(recorded in run 8111, attempt 1, job "report").')
      // The failed job's log (log_lines) is read, the report job's is not.
      expect(github.state.logRequests.map((r) => r.job)).not.toContain(first.reportJobId)
    })

    it("the record follows the notice's sentence within GitHub's 4,096 characters, however long the sentence", async () => {
      const h = history()
      const first = h.begin(8121, 1)
      // The longest links a template may make (2,000 characters with the longest ticket id): the notice's sentence is long.
      const long = `https://desk.example/t/{ticket_id}?view=${'x'.repeat(1500)}`
      const opened = await failureStep(first, { ticket_url_template: long })
      h.end(first, opened)
      const notice = github.state.annotations.get(first.reportJobId)?.find((a) => a.annotation_level === 'notice')
      expect(notice?.message.length).toBeGreaterThan(1500)
      expect(notice?.message).toMatch(/^LiveDesk ticket \S+ \(https:\/\/desk\.example\/t\/\S+\) opened\.\n/)
      expect(notice?.message).toMatch(/\nlivedesk-ticket-action v1 key=[0-9a-f]{16} ticket=\S+ run=8121 sig=[\w-]{43}$/)
      expect(notice?.message.length).toBeLessThanOrEqual(4096)
      const again = await failureStep(h.begin(8121, 2), { ticket_url_template: long })
      expect(again.outputs.status).toBe('updated')
      expect(desk.posts()).toHaveLength(1)
    })

    it("the notice comes before the run's warnings: with one slot left in the job, GitHub keeps the record", async () => {
      const h = history()
      const first = h.begin(8131, 1, 'main', true, 49)
      // The failed job's log cannot be read: a warning while the plan is made, before the ticket exists.
      github.state.logs.set(first.reportJobId - 1, 'http://127.0.0.1:9/gone')
      const opened = await failureStep(first)
      h.end(first, opened)
      expect(warnings(opened).length).toBeGreaterThan(0)
      const out = opened.stdout.split('\n')
      const noticeAt = out.findIndex((l) => l.startsWith('::notice'))
      expect(noticeAt).toBeGreaterThan(-1)
      expect(out.findIndex((l) => l.startsWith('::warning'))).toBeGreaterThan(noticeAt)
      const kept = github.state.annotations.get(first.reportJobId) ?? []
      expect(kept).toHaveLength(50)
      expect(kept[49].message).toMatch(/\nlivedesk-ticket-action v1 /)

      const again = await failureStep(h.begin(8131, 2))
      expect(again.outputs.status).toBe('updated')
      expect(again.visibleLog).toContain('(recorded in run 8131, attempt 1, job "report").')
    })

    it('a run re-run to green hides its failed attempt from filter=latest: the next failure still updates that ticket', async () => {
      const h = history()
      const failed = h.begin(8141, 1)
      const opened = await failureStep(failed, { dedupe: 'branch' })
      h.end(failed, opened)
      // Attempt 2 passes: the ticket step does not run.
      const green = h.begin(8141, 2, 'main', false)
      h.end(green, { stdout: '' } as RunResult, false)

      const next = h.begin(8142, 1)
      const again = await failureStep(next, { dedupe: 'branch' })
      expect(again.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
      expect(desk.posts()).toHaveLength(1)
      expect(again.visibleLog).toContain('(recorded in run 8141, attempt 1, job "report").')
    })
  })

  describe('rate limits told as rate limits', () => {
    it('a primary limit on the jobs read: named as a rate limit with its reset, never as a permission; the ticket opens', async () => {
      const at = history().begin(8201, 1)
      github.state.faults.set('jobs', PRIMARY())
      const result = await failureStep(at)
      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('created')
      const warning = warnings(result).join('\n')
      expect(warning).toMatch(
        /The failed jobs could not be read \(GitHub's rate limit for this token is used up \(HTTP 403; it resets at \d\d:\d\d UTC, in 3[01] min;/,
      )
      expect(warning).not.toContain('permissions')
    })

    it('a secondary limit on the lookup: named as one, the ticket opens with the warning', async () => {
      const h = history()
      const first = h.begin(8211, 1)
      h.end(first, await failureStep(first))
      github.state.faults.set('run-jobs', { status: 429, message: SECONDARY })
      const again = await failureStep(h.begin(8211, 2))
      expect(again.code).toBe(0)
      const warning = warnings(again).join('\n')
      expect(warning).toContain(
        "GitHub's secondary rate limit was reached: too many requests in a short time (HTTP 429)",
      )
      expect(warning).not.toContain('permissions')
    })

    it('a secondary limit whose retry-after fits in the deadline is waited out once: no second ticket', async () => {
      const h = history()
      const first = h.begin(8221, 1)
      h.end(first, await failureStep(first))
      github.state.faults.set('annotations', {
        status: 403,
        headers: { 'retry-after': '1' },
        message: SECONDARY,
        times: 1,
      })
      const started = Date.now()
      const again = await failureStep(h.begin(8221, 2))
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
      expect(again.outputs.status).toBe('updated')
      expect(desk.posts()).toHaveLength(1)
      expect(warnings(again)).toEqual([])
    })

    it("the mirror: GET /user rate-limited is not taken for an installation token, so a personal token's marker opens no second ticket", async () => {
      github.state.comments.set(1, [
        { id: 5, body: markerComment('tk_20260101_000001', undefined), user: { login: 'ops-robot', type: 'User' } },
      ])
      desk.tickets.set('tk_20260101_000001', { ticket_id: 'tk_20260101_000001', status: 'open', title: 'x' })
      github.state.faults.set('user', PRIMARY())
      const result = await runStep(mirrorStep({ desk, github }, 'edited'))
      expect(desk.posts()).toHaveLength(0)
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(
        /::error title=LiveDesk ticket not opened::Issue #1 may already have a LiveDesk ticket, but its marker comments are by ops-robot .*, and GitHub could not say whether that is this token \(GitHub's rate limit for this token is used up .*\)\. The next event of this issue, or a re-run of this job, brings the ticket up to date\. No ticket was opened or updated/,
      )
    })
  })

  describe('one GitHub blip opens no duplicate', () => {
    it.each([
      ['the annotations answer 502 once', 'annotations', 502],
      ["the run's jobs answer 503 once", 'run-jobs', 503],
      ['the connection is reset once', 'annotations', 'reset'],
    ] as const)('%s: the lookup is tried again and the ticket updated', async (_name, route, status) => {
      const h = history()
      const first = h.begin(8301, 1)
      h.end(first, await failureStep(first))
      github.state.faults.set(route, { status, times: 1 })
      const again = await failureStep(h.begin(8301, 2))
      expect(again.outputs.status).toBe('updated')
      expect(desk.posts()).toHaveLength(1)
      expect(warnings(again)).toEqual([])
    })

    it('each call has its own deadline: three slow answers (0.7 s each, timeout_seconds: 1) still find the ticket', async () => {
      const h = history()
      const first = h.begin(8311, 1, 'main')
      h.end(first, await failureStep(first, { dedupe: 'branch' }))
      for (const route of ['workflow-runs', 'run-jobs', 'annotations'] as const)
        github.state.faults.set(route, { status: 'slow', delayMs: 700 })
      const again = await failureStep(h.begin(8312, 1), {
        dedupe: 'branch',
        timeout_seconds: '1',
        failed_jobs: 'false',
      })
      expect(again.outputs.status).toBe('updated')
      expect(desk.posts()).toHaveLength(1)
    })
  })

  describe("the sync under GitHub's limits", () => {
    /** The README's sync step in a scheduled run; its notices kept as GitHub keeps them. */
    const syncRun = (h: RunHistory, env: Record<string, string> = {}): Promise<RunResult> =>
      syncStep({ desk, github }, h, {
        inputs: { close_issues: 'true' },
        env: { LIVEDESK_SYNC_WRITE_INTERVAL_MS: '0', ...env },
      })
    const placeOf = (r: RunResult): string =>
      /^::notice title=LiveDesk sync::livedesk-ticket-action v1 key=\S+ ticket=(\S+) /m.exec(r.stdout)?.[1] ?? 'none'
    const closing = (from: number, to: number) => {
      for (let n = from; n <= to; n++) desk.tickets.get(ticketOf(n)).status = 'closed'
    }

    it('the list rate-limited: a warning naming the limit, the step passes, nothing posted, the place kept for the next run', async () => {
      const h = history()
      mirrored(github, desk, 8)
      closing(1, 8)
      const first = await syncRun(h)
      expect(first.outputs.issues_checked).toBe('8')
      // Eight more issues, then GitHub's limit on the list.
      mirrored(github, desk, 4, 9)
      github.state.faults.set('list-issues', PRIMARY())
      const limited = await syncRun(h)
      expect(limited.code).toBe(0)
      expect(warnings(limited).join('\n')).toMatch(
        /could not be listed: GitHub's rate limit for this token is used up .*Nothing was synced this run; the next run goes on from the same place\./,
      )
      expect(warnings(limited).join('\n')).not.toContain('permissions')
      expect(placeOf(limited)).toBe(placeOf(first))
      github.state.faults.clear()
      const after = await syncRun(h)
      expect(after.outputs.issues_checked).toBe('4')
      for (let n = 9; n <= 12; n++) expect(syncComments(github, n)).toHaveLength(0)
    })

    it('a write rate-limited mid-run: the run stops there, and the next run goes on from that issue; nothing posted twice', async () => {
      const h = history()
      mirrored(github, desk, 6)
      closing(1, 6)
      // Issue 1's news and close pass; the third write (issue 2's news) meets the secondary limit.
      github.state.faults.set('create-comment', { status: 403, message: SECONDARY, after: 1, times: 1 })
      const limited = await syncRun(h)
      expect(limited.code).toBe(0)
      expect(warnings(limited).join('\n')).toContain(
        "The sync stopped at issue #2: GitHub's secondary rate limit was reached: too many requests in a short time (HTTP 403).",
      )
      expect(syncComments(github, 1)).toHaveLength(1)
      expect(syncComments(github, 2)).toHaveLength(0)
      const next = await syncRun(h)
      expect(next.code).toBe(0)
      for (let n = 1; n <= 6; n++) expect([n, syncComments(github, n).length]).toEqual([n, 1])
      for (let n = 1; n <= 6; n++) expect(github.state.issues.get(n).state).toBe('closed')
    })

    it('comments read rate-limited mid-round: the round ends early and keeps its place', async () => {
      const h = history()
      mirrored(github, desk, 6)
      github.state.faults.set('list-comments', { ...PRIMARY(), after: 3, times: 10 })
      const limited = await syncRun(h)
      expect(limited.code).toBe(0)
      expect(limited.outputs.issues_checked).toBe('3')
      expect(limited.visibleLog).toMatch(
        /This run stopped after 3 issues at a rate limit \(GitHub's rate limit for this token is used up/,
      )
      github.state.faults.clear()
      desk.requests.length = 0
      await syncRun(h)
      expect(desk.requests.map((r) => r.path.slice(-4))).toEqual(['0004', '0005', '0006'])
    })

    it("writes keep GitHub's pace: after the first five, one an interval (here 0.4 s; 1 s by default)", async () => {
      const h = history()
      mirrored(github, desk, 4)
      closing(1, 4)
      const started = Date.now()
      const result = await syncRun(h, { LIVEDESK_SYNC_WRITE_INTERVAL_MS: '400' })
      expect(result.outputs.issues_closed).toBe('4')
      const writes = github.requests.filter((r) => r.method !== 'GET')
      expect(writes).toHaveLength(8)
      // Five at once, then three more an interval apart.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1200)
      expect(Date.now() - started).toBeLessThan(3000)
    })
  })
})
