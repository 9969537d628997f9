// One failure, one ticket: re-runs and recurring failures update the open ticket, a closed one is
// followed by a new one, a recovery is noted. runStep() (in-process, or the bundle with RUN_BUNDLE=1)
// against the LiveDesk stand-in (GET, PUT) and a GitHub stand-in that keeps every attempt's notices
// as check-run annotations, as GitHub does.
import { describe, expect, it } from '@jest/globals'
import { createHmac } from 'node:crypto'
import { recoveryStep } from '../../__fixtures__/readme-steps.js'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { RunHistory, type Attempt } from '../../__fixtures__/run-history.js'
import { closedPort } from '../../__fixtures__/fault-servers.js'
import { deskInputs, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()
const URLS = 'https://desk.example/t/{ticket_id}'
/** The memory's record, on the notice's line after the sentence. */
const RECORD = 'livedesk-ticket-action v1 key=[0-9a-f]{16} ticket=\\S+ run=\\d+ sig=[\\w-]{43}'

const errorLine = (r: RunResult): string => r.visibleLog.split('\n').find((l) => l.startsWith('::error')) ?? ''

describe('dedupe', () => {
  const history = () => new RunHistory(github)

  /** The README's build-failure step in an attempt: nothing about dedupe configured but `extra`. */
  async function failureStep(
    at: Attempt,
    extra: Record<string, string> = {},
    env: Record<string, string> = {},
  ): Promise<RunResult> {
    return runStep({
      inputs: deskInputs(desk, {
        title: `Build failed on ${at.branch}`,
        ticket_url_template: URLS,
        ...extra,
      }),
      env: { ...at.env, ...env },
      githubToken: github.token,
    })
  }

  it('1. a re-run of a failed run: 1 POST, then 1 PUT to that ticket with a "Failed again" entry; notices on the run page', async () => {
    const h = history()
    const first = h.begin(1001, 1)
    const opened = await failureStep(first)
    h.end(first, opened)
    expect(opened.outputs).toMatchObject({ status: 'created' })
    const ticketId = opened.outputs.ticket_id
    // The ticket is on the run's page as a notice: a sentence with its link, then the signed record
    // (within the 4,096 characters the runner keeps of an annotation).
    expect(opened.stdout).toMatch(
      new RegExp(
        `^::notice title=LiveDesk ticket::LiveDesk ticket ${ticketId} \\(https://desk.example/t/${ticketId}\\) opened\\.%0Alivedesk-ticket-action v1 key=[0-9a-f]{16} ticket=${ticketId} run=1001 sig=[\\w-]{43}$`,
        'm',
      ),
    )

    const second = h.begin(1001, 2)
    const again = await failureStep(second)
    expect(again.code).toBe(0)
    expect(again.outputs).toEqual({
      ticket_id: ticketId,
      ticket_url: `https://desk.example/t/${ticketId}`,
      status: 'updated',
    })
    expect(desk.posts()).toHaveLength(1)
    expect(desk.puts().map((r) => r.path)).toEqual([`/api/v2/accounts/tickets/${ticketId}`])
    const patch = desk.puts()[0].body
    expect(patch.description.startsWith(desk.creates()[0].body.description)).toBe(true)
    expect(patch.description).toMatch(
      /### Since this ticket was opened\n\n- \*\*Failed again\*\* on \d{4}-\d\d-\d\d \d\d:\d\d UTC in \[run 1001, attempt 2\]\(https:\/\/github.com\/octo-org\/checkout-service\/actions\/runs\/1001\/attempts\/2\): build: Run npm test$/,
    )
    expect(patch.custom_fields).toMatchObject({
      github_occurrences: '2',
      github_run_attempt: '2',
      github_failed_jobs: 'build: Run npm test',
    })
    expect(again.visibleLog).toContain(
      `This failure already has LiveDesk ticket ${ticketId} (recorded in run 1001, attempt 1, job "report").`,
    )
    expect(again.stdout).toMatch(
      new RegExp(
        `^::notice title=LiveDesk ticket::LiveDesk ticket ${ticketId} .*updated: this failure happened again \\(occurrence 2\\)\\.%0A${RECORD}$`,
        'm',
      ),
    )
    expect(again.summary).toContain('### LiveDesk ticket updated')
  })

  it('2. three nightly runs on main fail (dedupe: branch): 1 POST, 2 PUTs, occurrence 3; another branch gets its own ticket', async () => {
    const h = history()
    const ids: string[] = []
    for (const runId of [2001, 2002, 2003]) {
      const at = h.begin(runId, 1, 'main')
      const result = await failureStep(at, { dedupe: 'branch' })
      expect([runId, result.code]).toEqual([runId, 0])
      ids.push(result.outputs.ticket_id)
      h.end(at, result)
    }
    expect(new Set(ids).size).toBe(1)
    expect(desk.posts()).toHaveLength(1)
    expect(desk.puts()).toHaveLength(2)
    expect(desk.puts()[1].body.custom_fields.github_occurrences).toBe('3')
    expect(desk.puts()[1].body.description.match(/\*\*Failed again\*\*/g)).toHaveLength(2)

    const other = h.begin(2004, 1, 'release')
    const result = await failureStep(other, { dedupe: 'branch' })
    expect(result.outputs.status).toBe('created')
    expect(result.outputs.ticket_id).not.toBe(ids[0])
    expect(desk.posts()).toHaveLength(2)
  })

  // A fork's pull request from its own "main" is listed under branch=main (REST "List workflow runs
  // for a workflow"; badges/shields#8733); its runs hold no record (a fork's run gets no secrets).
  it("a fork's failed pull request runs from its own main do not crowd main's record out of the lookup", async () => {
    const h = history()
    const first = h.begin(1201, 1)
    const opened = await failureStep(first, { dedupe: 'branch' })
    h.end(first, opened)
    for (let id = 1202; id <= 1207; id++)
      github.state.workflowRuns.unshift({
        id,
        run_attempt: 1,
        status: 'completed',
        conclusion: 'failure',
        head_branch: 'main',
        head_repository: { full_name: 'mallory/checkout-service' },
      })
    const next = h.begin(1208, 1)
    const again = await failureStep(next, { dedupe: 'branch' })
    expect(again.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
    expect(desk.posts()).toHaveLength(1)
  })

  it("a first-ever failure with dedupe: branch costs three GitHub reads more (the workflow's newest, failed and cancelled runs, at once); dedupe: run none", async () => {
    const h = history()
    const at = h.begin(2101, 1, 'main')
    github.requests.length = 0
    await failureStep(at, { dedupe: 'branch' })
    // The failed job's log (log_lines) is read either way; what dedupe adds is counted here.
    const reads = () =>
      github.requests.map((r) => r.path.replace(/\?.*/, '')).filter((p) => !/\/logs$|^\/log-storage\//.test(p))
    expect(reads()).toEqual([
      '/repos/octo-org/checkout-service/actions/runs/2101/attempts/1/jobs',
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
    ])
    expect(github.requests.filter((r) => /status=(failure|cancelled)/.test(r.path))).toHaveLength(2)
    const run = h.begin(2102, 1, 'main')
    github.requests.length = 0
    await failureStep(run)
    expect(reads()).toEqual(['/repos/octo-org/checkout-service/actions/runs/2102/attempts/1/jobs'])
  })

  it.each([
    ['closed', 'is closed'],
    ['Resolved', 'is Resolved'],
  ])('3. the ticket was %s in between: a new ticket that names the old one', async (status, why) => {
    const h = history()
    const first = h.begin(3001, 1)
    const opened = await failureStep(first, { dedupe: 'branch' })
    h.end(first, opened)
    desk.tickets.get(opened.outputs.ticket_id).status = status
    const next = h.begin(3002, 1)
    const result = await failureStep(next, { dedupe: 'branch' })
    expect(result.outputs.status).toBe('created')
    expect(desk.posts()).toHaveLength(2)
    expect(desk.puts()).toHaveLength(0)
    const created = desk.posts()[1].body
    expect(created.custom_fields.github_previous_ticket).toBe(opened.outputs.ticket_id)
    expect(created.description).toContain(`**Follows LiveDesk ticket ${opened.outputs.ticket_id}**, which ${why}.`)
  })

  it.each([['pending'], ['on hold'], ['In Progress'], ['']])(
    'a status LiveDesk does not document (%j) counts as open: the ticket is updated',
    async (status) => {
      const h = history()
      const first = h.begin(3101, 1)
      const opened = await failureStep(first)
      h.end(first, opened)
      desk.tickets.get(opened.outputs.ticket_id).status = status
      const result = await failureStep(h.begin(3101, 2))
      expect(result.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
      expect(desk.posts()).toHaveLength(1)
    },
  )

  it('the ticket was deleted in LiveDesk (GET answers 404): a new ticket that names the old one', async () => {
    const h = history()
    const first = h.begin(3201, 1)
    const opened = await failureStep(first)
    h.end(first, opened)
    desk.tickets.delete(opened.outputs.ticket_id)
    const result = await failureStep(h.begin(3201, 2))
    expect(result.outputs.status).toBe('created')
    expect(desk.posts()[1].body.description).toContain(
      `**Follows LiveDesk ticket ${opened.outputs.ticket_id}**, which no longer exists in LiveDesk.`,
    )
  })

  it.each([
    [
      'unsigned',
      (ticketId: string) => `livedesk-ticket-action v1 key=KEY ticket=${ticketId} run=4001 sig=${'A'.repeat(43)}`,
    ],
    [
      'signed with another secret',
      (ticketId: string, key: string) =>
        `livedesk-ticket-action v1 key=${key} ticket=${ticketId} run=4001 sig=${createHmac('sha256', 'another-secret').update(`livedesk-ticket-action/v1\nocto-org/checkout-service\nrun\nci.yml\nreport\n4001\n${ticketId}\n4001`).digest('base64url')}`,
    ],
  ])('4. a forged record (%s) pointing at another ticket is ignored, with a warning', async (_what, forge) => {
    desk.tickets.set('tk_victim', { ticket_id: 'tk_victim', status: 'open', title: 'someone else', description: 'x' })
    const h = history()
    const first = h.begin(4001, 1)
    const opened = await failureStep(first)
    h.end(first, opened)
    // Another step of the same job printed a notice with the same key, pointing at another ticket.
    const genuine = github.state.annotations.get(first.reportJobId) ?? []
    const key = /key=([0-9a-f]{16})/.exec(genuine[0].message)?.[1] ?? ''
    genuine.push({
      annotation_level: 'notice',
      title: 'LiveDesk ticket',
      message: `LiveDesk ticket tk_victim\n${forge('tk_victim', key).replace('KEY', key)}`,
    })
    const result = await failureStep(h.begin(4001, 2))
    expect(result.visibleLog).toContain(
      'Ignored LiveDesk ticket records that do not check here, not signed with this api_secret',
    )
    expect(desk.puts().map((r) => r.path)).toEqual([`/api/v2/accounts/tickets/${opened.outputs.ticket_id}`])
    expect(desk.requests.some((r) => r.path.includes('tk_victim'))).toBe(false)
  })

  it("4. a genuine record copied into another run's log (a replay) does not check there", async () => {
    const h = history()
    const first = h.begin(4101, 1)
    const t1 = await failureStep(first, { dedupe: 'branch' })
    h.end(first, t1)
    desk.tickets.get(t1.outputs.ticket_id).status = 'closed'
    const second = h.begin(4102, 1)
    const t2 = await failureStep(second, { dedupe: 'branch' })
    h.end(second, t2)
    // A later failed run printed run 4101's record, word for word.
    const replay = h.begin(4103, 1)
    github.state.annotations.set(replay.reportJobId, github.state.annotations.get(first.reportJobId) ?? [])
    h.end(replay, { stdout: '' } as RunResult)
    github.state.annotations.set(replay.reportJobId, github.state.annotations.get(first.reportJobId) ?? [])
    const result = await failureStep(h.begin(4104, 1), { dedupe: 'branch' })
    expect(result.outputs).toMatchObject({ status: 'updated', ticket_id: t2.outputs.ticket_id })
    expect(result.visibleLog).toContain(
      'Ignored LiveDesk ticket records that do not check here, not signed with this api_secret',
    )
    expect(desk.posts()).toHaveLength(2)
  })

  it.each([
    [
      'no checks: read (annotations answer 403)',
      (g: typeof github) => g.state.faults.set('annotations', 403),
      'GitHub answered HTTP 403',
      'Give the workflow "permissions: actions: read, checks: read".',
    ],
    [
      "no actions: read for the run's jobs",
      (g: typeof github) => g.state.faults.set('run-jobs', 403),
      'GitHub answered HTTP 403',
      'actions: read, checks: read',
    ],
    [
      'GitHub down (502)',
      (g: typeof github) => g.state.faults.set('run-jobs', 502),
      'GitHub answered HTTP 502',
      'a new ticket is opened',
    ],
  ])('5. %s: a new ticket and a warning, never a skipped one', async (_what, spoil, cause, hint) => {
    const h = history()
    const first = h.begin(5001, 1)
    h.end(first, await failureStep(first))
    spoil(github)
    const result = await failureStep(h.begin(5001, 2))
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(desk.posts()).toHaveLength(2)
    expect(result.visibleLog).toMatch(
      /^::warning title=LiveDesk ticket%3A earlier tickets not looked up::An earlier ticket for this failure could not be looked up/m,
    )
    expect(result.visibleLog).toContain(cause)
    expect(result.visibleLog).toContain(hint)
  })

  it('5. GitHub that never answers: the lookup ends within its deadline, and the ticket opens', async () => {
    const h = history()
    const first = h.begin(5101, 1)
    h.end(first, await failureStep(first))
    github.state.faults.set('run-jobs', 'hang')
    const result = await failureStep(h.begin(5101, 2), { timeout_seconds: '2', failed_jobs: 'false' })
    expect(result.outputs.status).toBe('created')
    expect(result.durationMs).toBeLessThan(6_000)
  })

  it('6. recovery after a green run notes "Recovered" once, with a tag; with no open ticket, nothing is sent', async () => {
    const h = history()
    const failed = h.begin(6001, 1, 'main')
    const opened = await failureStep(failed, { dedupe: 'branch' })
    h.end(failed, opened)
    const ticketId = opened.outputs.ticket_id

    const green = h.begin(6002, 1, 'main', false)
    // A recovery step needs no title and no requester.
    const recover = () => runStep(recoveryStep({ desk, github }, green))
    const noted = await recover()
    expect(noted.code).toBe(0)
    expect(noted.outputs).toEqual({ ticket_id: ticketId, status: 'recovered' })
    expect(desk.puts()).toHaveLength(1)
    expect(desk.puts()[0].body.tags).toEqual(['recovered'])
    expect(desk.puts()[0].body.description).toMatch(/- \*\*Recovered\*\* on .* in \[run 6002, attempt 1\]/)
    expect(noted.stdout).toMatch(
      new RegExp(
        `^::notice title=LiveDesk ticket::LiveDesk ticket ${ticketId}: the recovery is noted\\.%0A${RECORD}$`,
        'm',
      ),
    )
    expect(desk.posts()).toHaveLength(1)

    // Noted once: the next green run finds the recovery already on the ticket.
    const twice = await recover()
    expect(twice.outputs).toEqual({ status: 'none' })
    expect(twice.visibleLog).toContain(`The recovery is already noted on LiveDesk ticket ${ticketId}.`)
    expect(desk.puts()).toHaveLength(1)

    // A ticket the desk closed: nothing to note.
    desk.tickets.get(ticketId).status = 'closed'
    const closed = await recover()
    expect(closed.outputs).toEqual({ status: 'none' })
    expect(desk.puts()).toHaveLength(1)
  })

  it('a recovery step after a green run costs two GitHub calls: the run that ended before it passed, so there is nothing left to note', async () => {
    const h = history()
    const failed = h.begin(6051, 1, 'main')
    h.end(failed, await failureStep(failed, { dedupe: 'branch' }))
    const recover = (at: Attempt) => runStep(recoveryStep({ desk, github }, at))
    const green = h.begin(6052, 1, 'main', false)
    const noted = await recover(green)
    h.end(green, noted, false)
    expect(noted.outputs.status).toBe('recovered')
    const next = h.begin(6053, 1, 'main', false)
    github.requests.length = 0
    desk.requests.length = 0
    const quiet = await recover(next)
    expect(quiet.outputs).toEqual({ status: 'none' })
    // The newest runs, and the failed ones beside (a failure re-run days later ends after the runs listed first).
    expect(github.requests.map((r) => r.path.replace(/\?.*/, ''))).toEqual([
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
    ])
    expect(desk.requests).toHaveLength(0)
    expect(quiet.visibleLog).toContain(
      'Nothing to note: run 6052, the run before this one, passed too, so any recovery is noted already.',
    )
  })

  it('a failed run re-run green notes the recovery, though the run before it passed (its own first attempt failed)', async () => {
    const h = history()
    const recover = (at: Attempt) => runStep(recoveryStep({ desk, github }, at))
    const green = h.begin(8000, 1, 'main', false)
    h.end(green, await recover(green), false)
    const failed = h.begin(8001, 1, 'main')
    const opened = await failureStep(failed, { dedupe: 'branch' })
    h.end(failed, opened)
    const rerun = h.begin(8001, 2, 'main', false)
    const recovered = await recover(rerun)
    expect(recovered.outputs).toMatchObject({ status: 'recovered', ticket_id: opened.outputs.ticket_id })
  })

  it('6. recovery with no ticket recorded: status none, nothing sent to LiveDesk', async () => {
    const h = history()
    const green = h.begin(6101, 1, 'main', false)
    const result = await runStep(recoveryStep({ desk, github }, green))
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({ status: 'none' })
    expect(desk.requests).toHaveLength(0)
    expect(result.summary).toContain('nothing to note')
  })

  describe('7. the GET or the PUT fails', () => {
    /** A failed run's second attempt, the first `method` request of which `fault` answers. */
    async function secondAttempt(
      runId: number,
      method: 'GET' | 'PUT',
      fault: (req: unknown, res: import('node:http').ServerResponse) => void,
      extra: Record<string, string> = {},
    ) {
      const h = history()
      const first = h.begin(runId, 1)
      const opened = await failureStep(first)
      h.end(first, opened)
      desk.requests.length = 0
      // The fault answers the first request of that method; the others go to the stand-in.
      desk.faultOnce(method, fault)
      const result = await failureStep(h.begin(runId, 2), { timeout_seconds: '2', ...extra })
      return { result, ticketId: opened.outputs.ticket_id }
    }
    const json = (status: number, body: object) => (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }

    it('the GET is refused (401): the step fails, nothing opened or changed, no second ticket', async () => {
      const refused = json(401, { code: 2001, message: 'Authentication failed' })
      const { result, ticketId } = await secondAttempt(7001, 'GET', refused)
      expect(result.code).toBe(1)
      expect(desk.posts()).toHaveLength(0)
      expect(desk.puts()).toHaveLength(0)
      expect(errorLine(result)).toContain(
        `LiveDesk ticket ${ticketId}, which this failure already has, could not be read: LiveDesk refused the request.`,
      )
      expect(errorLine(result)).toContain('Nothing was opened or changed, so there is no second ticket')
      expect(result.summary).toContain('### LiveDesk ticket NOT opened')
    })

    it('the GET never answers: the step fails within timeout_seconds, nothing opened', async () => {
      const { result } = await secondAttempt(7002, 'GET', () => undefined, { max_retries: '0' })
      expect(result.code).toBe(1)
      expect(desk.posts()).toHaveLength(0)
      expect(errorLine(result)).toContain('could not be read')
      expect(result.durationMs).toBeLessThan(6_000)
    })

    it('the PUT gets a 502 (the outcome is unknown): it is tried again, being idempotent; never a POST', async () => {
      const { result, ticketId } = await secondAttempt(7003, 'PUT', json(502, { message: 'Bad Gateway' }))
      expect(result.outputs).toMatchObject({ status: 'updated', ticket_id: ticketId })
      expect(desk.puts()).toHaveLength(2)
      expect(desk.posts()).toHaveLength(0)
    })

    it('the PUT is refused (422): the step fails, the ticket unchanged, never a POST; the summary keeps the update', async () => {
      const invalid = json(422, { code: 3002, message: 'Invalid parameters' })
      const { result, ticketId } = await secondAttempt(7004, 'PUT', invalid)
      expect(result.code).toBe(1)
      expect(desk.posts()).toHaveLength(0)
      expect(errorLine(result)).toContain(
        `The LiveDesk ticket ${ticketId} was not updated: LiveDesk refused the request.`,
      )
      expect(result.summary).toContain(`### LiveDesk ticket ${ticketId} NOT updated`)
    })

    it('LiveDesk cannot be reached at all: the step fails, nothing was sent, no second ticket', async () => {
      const h = history()
      const first = h.begin(7005, 1)
      h.end(first, await failureStep(first))
      const port = await closedPort()
      const result = await failureStep(h.begin(7005, 2), {
        base_url: `http://127.0.0.1:${port}`,
        max_retries: '1',
        timeout_seconds: '2',
      })
      expect(result.code).toBe(1)
      expect(desk.posts()).toHaveLength(1)
      expect(errorLine(result)).toContain(
        'could not be read: LiveDesk could not be reached (ECONNREFUSED); nothing was sent.',
      )
    })
  })
})
