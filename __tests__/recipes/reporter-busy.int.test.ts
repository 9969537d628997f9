// The reporter in a busy repository, against the GitHub stand-in extended from GitHub's documents:
// a job past its timeout-minutes ends `cancelled` with GitHub's annotation "The job has exceeded the
// maximum execution time of 30m0s" (workflow syntax, timeout-minutes: "before GitHub automatically
// cancels it"; actions/runner StepsRunner.cs sets the job's result to Canceled), a person's cancel
// says "The run was canceled by @octocat."; the records stand on the reported commit as a check run
// (REST "Create a check run", checks: write), read back with "List check runs for a Git reference";
// "List workflow runs for a workflow" filters by branch, event and status (a status or a conclusion).
import { describe, expect, it } from '@jest/globals'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { deskInputs, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import {
  CI_ID,
  ciRun as ciRunOf,
  REPO,
  reporterEnv,
  reporterStep,
  shaOf,
  workflowRunEvent,
  type Triggering,
} from '../../__fixtures__/workflow-run.js'
import { recoveryStep } from '../../__fixtures__/readme-steps.js'
import { runStep } from '../../__fixtures__/step.js'
import { recordSigner } from '../../src/memory/signed-record.js'

const desk = useLiveDesk()
const github = useGitHub()
const ciRun = (t: Triggering & { timedOut?: string }): void => ciRunOf(github, t)
/** One run of the reporter with dedupe: branch, its records kept in `h`. */
const branchStep = (h: RunHistory, t: Triggering, extra: Record<string, string> = {}) =>
  reporterStep(github, desk, h, t, { dedupe: 'branch', ...extra })
/** The GitHub API calls made since `from` (the log storage is not the API). */
const callsSince = (from: number): string[] =>
  github.requests
    .slice(from)
    .filter((r) => !r.path.startsWith('/log-storage/'))
    .map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`)

describe('the reporter: a job past its timeout-minutes is a failure; a cancel is not', () => {
  const report = (t: Triggering, extra: Record<string, string> = {}) =>
    reporterStep(github, desk, new RunHistory(github), t, extra)

  it('a CI run that ran out of time (cancelled, with the timeout annotation): a ticket that says so', async () => {
    ciRun({ id: 5101, conclusion: 'cancelled', timedOut: '30m0s' })
    const { result } = await report({ id: 5101, conclusion: 'cancelled' })
    expect(result.outputs.status).toBe('created')
    const { description, custom_fields: fields } = desk.creates()[0].body
    expect(description).toContain(
      `- [CI, run 5101, attempt 1](https://github.com/${REPO}/actions/runs/5101/attempts/1) ran out of time (test after 30m0s, past timeout-minutes; GitHub ends such a run cancelled), on branch \`main\``,
    )
    expect(description).toContain(
      `- [test](https://github.com/${REPO}/actions/runs/5101/job/51011) — ran out of time after 30m0s (its timeout-minutes), in step \`Run npm test\``,
    )
    expect(fields.github_failed_jobs).toBe('test (timed out after 30m0s): Run npm test')
    expect(result.visibleLog).toContain('ran out of time: test after 30m0s. It is reported as a failure.')
  })

  it('an older runner\'s wording ("… has exceeded the maximum execution time of 360 minutes.") is a timeout too', async () => {
    ciRun({ id: 5102, conclusion: 'cancelled' })
    github.state.annotations.set(51021, [
      {
        annotation_level: 'failure',
        message: 'The job running on runner GitHub Actions 2 has exceeded the maximum execution time of 360 minutes.',
      },
    ])
    const { result } = await report({ id: 5102, conclusion: 'cancelled' })
    expect(result.outputs.status).toBe('created')
    expect(desk.creates()[0].body.custom_fields.github_failed_jobs).toBe(
      'test (timed out after 360 minutes): Run npm test',
    )
  })

  it.each([
    ['a person', 'The run was canceled by @octocat.'],
    ['a concurrency group', 'Canceling since a higher priority waiting request for report-failures-main exists'],
  ])(
    'a run cancelled by %s stays quiet: one read of its jobs, one of the cancelled job’s annotations',
    async (_who, said) => {
      ciRun({ id: 5103, conclusion: 'cancelled' })
      github.state.annotations.set(51031, [{ annotation_level: 'failure', message: said }])
      const from = github.requests.length
      const { result } = await report({ id: 5103, conclusion: 'cancelled' })
      expect(result.outputs.status).toBe('none')
      expect(desk.requests).toHaveLength(0)
      expect(result.stdout).toContain(
        'The run this step reports on (CI, run 5103, attempt 1) was cancelled (by a person or a concurrency group; no job ran out of time): no ticket to open.',
      )
      expect(callsSince(from)).toEqual([
        `GET /repos/${REPO}/actions/runs/5103/attempts/1/jobs`,
        `GET /repos/${REPO}/check-runs/51031/annotations`,
      ])
    },
  )

  it('failures in a row count a timeout; a cancel by a person neither counts nor ends them (open_after: 2)', async () => {
    const h = new RunHistory(github)
    const step = (t: Triggering) => reporterStep(github, desk, h, t, { dedupe: 'branch', open_after: '2' })
    ciRun({ id: 5110, conclusion: 'success' })
    ciRun({ id: 5111, conclusion: 'cancelled', timedOut: '30m0s' })
    expect((await step({ id: 5111, conclusion: 'cancelled' })).result.outputs.status).toBe('waiting')
    ciRun({ id: 5112, conclusion: 'cancelled' })
    expect((await step({ id: 5112, conclusion: 'cancelled' })).result.outputs.status).toBe('none')
    ciRun({ id: 5113, conclusion: 'cancelled', timedOut: '30m0s' })
    const { result } = await step({ id: 5113, conclusion: 'cancelled' })
    expect(result.outputs.status).toBe('created')
    expect(result.visibleLog).toContain('Failure 2 of 2 in a row of push runs on main: a ticket is opened.')
  })
})

describe('the reporter remembers on the reported commit, whatever runs in between', () => {
  /** `count` runs of other branches, each failing and reported (its own ticket), as a busy day has. */
  async function busyDay(h: RunHistory, first: number, count: number): Promise<void> {
    for (let id = first; id < first + count; id++) {
      const t = { id, conclusion: id % 3 === 0 ? 'failure' : 'success', branch: `feature/${id % 7}` }
      ciRun(t)
      await reporterStep(github, desk, h, t, {
        dedupe: 'branch',
        ...(t.conclusion === 'success' ? { mode: 'recovery' } : {}),
      })
    }
  }

  it('a re-run 30 days later, after 60 other runs and reports, updates its ticket: one call finds it', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 5200, conclusion: 'failure' })
    const first = await reporterStep(github, desk, h, { id: 5200, conclusion: 'failure' })
    await busyDay(h, 5201, 60)
    const opened = desk.posts().length
    ciRun({ id: 5200, attempt: 2, conclusion: 'failure' })
    const from = github.requests.length
    const again = await reporterStep(github, desk, h, { id: 5200, attempt: 2, conclusion: 'failure' })
    expect(again.result.outputs).toMatchObject({ status: 'updated', ticket_id: first.result.outputs.ticket_id })
    expect(desk.posts()).toHaveLength(opened)
    const lookup = callsSince(from).filter((c) => c.includes('/check-runs') || c.includes('/workflows/'))
    // The commit holds this ticket's record already: the update writes no second copy.
    expect(lookup).toEqual([`GET /repos/${REPO}/commits/${shaOf(5200)}/check-runs`])
  })

  it("main's next failure after a busy day and 25 green runs on main updates main's open ticket", async () => {
    const h = new RunHistory(github)
    ciRun({ id: 5300, conclusion: 'failure' })
    const first = await branchStep(h, { id: 5300, conclusion: 'failure' })
    await busyDay(h, 5301, 60)
    for (let id = 5400; id < 5425; id++) {
      ciRun({ id, conclusion: 'success' })
      await branchStep(h, { id, conclusion: 'success' }, { mode: 'recovery' })
    }
    ciRun({ id: 5500, conclusion: 'failure' })
    const from = github.requests.length
    const next = await branchStep(h, { id: 5500, conclusion: 'failure' })
    expect(next.result.outputs).toMatchObject({ status: 'updated', ticket_id: first.result.outputs.ticket_id })
    // The newest 20 runs of main are green: the failed and the cancelled ones are listed apart, and the
    // newest failure's commit read.
    expect(callsSince(from).filter((c) => c.includes('/check-runs') || c.includes('/workflows/'))).toEqual([
      `GET /repos/${REPO}/actions/workflows/${CI_ID}/runs`,
      `GET /repos/${REPO}/actions/workflows/${CI_ID}/runs`,
      `GET /repos/${REPO}/actions/workflows/${CI_ID}/runs`,
      `GET /repos/${REPO}/commits/${shaOf(5300)}/check-runs`,
      `POST /repos/${REPO}/check-runs`,
    ])
    expect(github.requests.slice(from).some((r) => r.path.includes('status=failure'))).toBe(true)
  })

  it('a recovery after a green run costs two GitHub calls; after a failure, four reads before the note', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 5600, conclusion: 'failure' })
    const opened = await branchStep(h, { id: 5600, conclusion: 'failure' })
    ciRun({ id: 5601, conclusion: 'success' })
    let from = github.requests.length
    const recovered = await branchStep(h, { id: 5601, conclusion: 'success' }, { mode: 'recovery' })
    expect(recovered.result.outputs).toMatchObject({ status: 'recovered', ticket_id: opened.result.outputs.ticket_id })
    // The run before failed: the failed and the cancelled runs are listed, and the newest failure's commit read.
    expect(callsSince(from)).toEqual([
      `GET /repos/${REPO}/actions/workflows/${CI_ID}/runs`,
      `GET /repos/${REPO}/actions/workflows/${CI_ID}/runs`,
      `GET /repos/${REPO}/actions/workflows/${CI_ID}/runs`,
      `GET /repos/${REPO}/commits/${shaOf(5600)}/check-runs`,
      `POST /repos/${REPO}/check-runs`,
    ])
    ciRun({ id: 5602, conclusion: 'success' })
    from = github.requests.length
    const quiet = await branchStep(h, { id: 5602, conclusion: 'success' }, { mode: 'recovery' })
    expect(quiet.result.outputs.status).toBe('none')
    // The newest runs, and the failed ones beside: a failure re-run days later would have ended last.
    expect(callsSince(from)).toEqual([
      `GET /repos/${REPO}/actions/workflows/${CI_ID}/runs`,
      `GET /repos/${REPO}/actions/workflows/${CI_ID}/runs`,
    ])
    expect(quiet.result.visibleLog).toContain(
      'Nothing to note: run 5601, the run before this one, passed too, so any recovery is noted already.',
    )
    expect(desk.puts()).toHaveLength(1)
  })

  it('the check run on the commit: "LiveDesk ticket", neutral, linking the ticket, with the signed record hidden in its summary', async () => {
    ciRun({ id: 5700, conclusion: 'failure' })
    const { result, at } = await reporterStep(
      github,
      desk,
      new RunHistory(github),
      { id: 5700, conclusion: 'failure' },
      {
        ticket_url_template: 'https://desk.example/t/{ticket_id}',
      },
    )
    const id = result.outputs.ticket_id
    const [check] = github.state.checkRuns
    expect(check).toMatchObject({
      name: 'LiveDesk ticket',
      head_sha: shaOf(5700),
      status: 'completed',
      conclusion: 'neutral',
      details_url: `https://desk.example/t/${id}`,
    })
    expect(check.output.title).toBe(`LiveDesk ticket ${id} opened`)
    expect(check.output.summary).toMatch(
      new RegExp(
        `^LiveDesk ticket \\[\`${id}\`\\]\\(https://desk.example/t/${id}\\) was opened for \\[CI, run 5700, attempt 1\\]\\(https://github.com/${REPO}/actions/runs/5700/attempts/1\\)\\. Reported by \\[run ${at.runId}\\]\\(https://github.com/${REPO}/actions/runs/${at.runId}/attempts/1\\)\\.\\n\\n<!-- livedesk-ticket-action v1 key=[0-9a-f]{16} ticket=${id} commit=${shaOf(5700)} sig=[\\w-]{43} -->\\n$`,
      ),
    )
    // No record in the reporter's notice: the commit holds it.
    expect(result.stdout).toMatch(
      new RegExp(
        `^::notice title=LiveDesk ticket::LiveDesk ticket ${id} \\(https://desk.example/t/${id}\\) opened\\.$`,
        'm',
      ),
    )
  })

  it('without checks: write the ticket still opens, and a warning names the permission and what follows', async () => {
    github.state.faults.set('create-check-run', 403)
    ciRun({ id: 5800, conclusion: 'failure' })
    const { result } = await reporterStep(github, desk, new RunHistory(github), { id: 5800, conclusion: 'failure' })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(result.stdout).toMatch(
      /^::warning title=LiveDesk ticket%3A not recorded::LiveDesk ticket tk_\S+ was opened, but its record could not be kept on commit \w{12} \(GitHub answered HTTP 403: Resource not accessible by integration\): a re-run of run 5800 will not find it, and opens another ticket\. Give the workflow "permissions: checks: write"\.$/m,
    )
  })

  it('a record copied onto another commit does not check there: it is named, and the genuine one still counts', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 5900, conclusion: 'failure' })
    const first = await reporterStep(github, desk, h, { id: 5900, conclusion: 'failure' }, { dedupe: 'branch' })
    // Someone with checks: write copies the genuine check run onto the next failure's commit.
    github.state.checkRuns.push({ ...github.state.checkRuns[0], id: 99_999, head_sha: shaOf(5901) })
    ciRun({ id: 5901, attempt: 2, conclusion: 'failure' })
    const { result } = await reporterStep(
      github,
      desk,
      h,
      { id: 5901, attempt: 2, conclusion: 'failure' },
      { dedupe: 'branch' },
    )
    expect(result.outputs).toMatchObject({ status: 'updated', ticket_id: first.result.outputs.ticket_id })
    expect(result.stdout).toContain(
      `Ignored LiveDesk ticket records that do not check here, not signed with this api_secret or copied from another run or commit (anyone whose workflow may write checks can write one), in: the check run "LiveDesk ticket" of commit ${shaOf(5901).slice(0, 12)}.`,
    )
  })

  it("a record signed with another api_secret is not this desk's: a new ticket, and a warning naming where", async () => {
    const h = new RunHistory(github)
    ciRun({ id: 5950, conclusion: 'failure' })
    // The key a reporter with dedupe: branch gives main's failures of ci.yml, signed with another secret.
    const line = recordSigner(REPO, 'branch\nworkflow_run\nci.yml\nmain', 'sk_another_desk').line('tk_other', {
      commit: shaOf(5950),
    })
    github.state.checkRuns.push({
      id: 70_500,
      name: 'LiveDesk ticket',
      head_sha: shaOf(5950),
      status: 'completed',
      conclusion: 'neutral',
      details_url: null,
      output: { title: 'LiveDesk ticket tk_other opened', summary: `Opened.\n\n<!-- ${line} -->\n` },
    })
    ciRun({ id: 5951, conclusion: 'failure' })
    const { result } = await reporterStep(github, desk, h, { id: 5951, conclusion: 'failure' }, { dedupe: 'branch' })
    expect(result.outputs.status).toBe('created')
    expect(desk.requests.some((r) => r.path.includes('tk_other'))).toBe(false)
    expect(result.stdout).toContain(`in: the check run "LiveDesk ticket" of commit ${shaOf(5950).slice(0, 12)}.`)
  })
})

describe('the reporter counts failures in a row per workflow, branch and event', () => {
  it('a nightly schedule run failing between passing push runs on main reaches open_after: 2', async () => {
    const h = new RunHistory(github)
    const step = (t: Triggering) => reporterStep(github, desk, h, t, { dedupe: 'branch', open_after: '2' })
    ciRun({ id: 6000, conclusion: 'success', event: 'schedule' })
    ciRun({ id: 6001, conclusion: 'failure', event: 'schedule' })
    expect((await step({ id: 6001, conclusion: 'failure', event: 'schedule' })).result.outputs.status).toBe('waiting')
    for (let id = 6002; id < 6030; id++) ciRun({ id, conclusion: 'success' })
    ciRun({ id: 6030, conclusion: 'failure', event: 'schedule' })
    const { result } = await step({ id: 6030, conclusion: 'failure', event: 'schedule' })
    expect(result.outputs.status).toBe('created')
    expect(result.visibleLog).toContain('Failure 2 of 2 in a row of schedule runs on main: a ticket is opened.')
  })

  it('a push run and a pull_request run of the same flaky commit are two streaks, each at failure 1', async () => {
    const h = new RunHistory(github)
    const step = (t: Triggering) => reporterStep(github, desk, h, t, { dedupe: 'branch', open_after: '2' })
    const sha = shaOf(6100)
    ciRun({ id: 6099, conclusion: 'success', branch: 'feature/x' })
    ciRun({ id: 6100, conclusion: 'failure', branch: 'feature/x', sha })
    ciRun({ id: 6101, conclusion: 'failure', branch: 'feature/x', sha, event: 'pull_request' })
    const push = await step({ id: 6100, conclusion: 'failure', branch: 'feature/x', sha })
    const pr = await step({ id: 6101, conclusion: 'failure', branch: 'feature/x', sha, event: 'pull_request' })
    expect([push.result.outputs.status, pr.result.outputs.status]).toEqual(['waiting', 'waiting'])
    expect(pr.result.visibleLog).toContain('Failure 1 of 2 in a row of pull_request runs on feature/x')
  })
})

describe('the reporter: what GitHub may send that is not a plain branch run', () => {
  it("a tag's run: github_ref is not made up (head_branch holds the tag's name); github_ref_name is the name", async () => {
    ciRun({ id: 6200, conclusion: 'failure', branch: 'v1.2.3' })
    await reporterStep(github, desk, new RunHistory(github), { id: 6200, conclusion: 'failure', branch: 'v1.2.3' })
    const fields = desk.creates()[0].body.custom_fields
    expect(fields.github_ref).toBeUndefined()
    expect(fields.github_ref_name).toBe('v1.2.3')
  })

  it('a run whose head_branch and name are null: the ticket opens, dedupe: branch keeps it for that run and says so', async () => {
    ciRun({ id: 6300, conclusion: 'failure' })
    const event = workflowRunEvent({ id: 6300, conclusion: 'failure' })
    Object.assign(event.payload.workflow_run as Record<string, unknown>, { head_branch: null, name: null })
    const result = await runStep({
      inputs: deskInputs(desk, {
        requester_euid: 'c',
        title: 'CI failed',
        dedupe: 'branch',
      }),
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'workflow_run', GITHUB_RUN_ID: '9600' },
      event,
      githubToken: github.token,
    })
    expect(result.outputs.status).toBe('created')
    expect(result.visibleLog).toContain(
      "The run 6300 names no branch (GitHub's head_branch is empty), so its ticket is kept for that run alone, as with dedupe: run.",
    )
    expect(desk.creates()[0].body.description).toContain(
      `- [run 6300, attempt 1](https://github.com/${REPO}/actions/runs/6300/attempts/1) ended failure, commit`,
    )
    expect(github.requests.some((r) => r.path.includes('/workflows/'))).toBe(false)
  })

  it('a dynamic workflow (pages-build-deployment, no file to list it by): its runs are listed by its id', async () => {
    const t = { id: 6400, conclusion: 'failure' }
    ciRun(t)
    for (const r of github.state.workflowRuns)
      if (r.id === 6400) Object.assign(r, { workflow: undefined, workflow_id: 77 })
    ciRun({ id: 6401, conclusion: 'failure' })
    for (const r of github.state.workflowRuns)
      if (r.id === 6401) Object.assign(r, { workflow: undefined, workflow_id: 77 })
    const h = new RunHistory(github)
    const pages = (id: number) => {
      const event = workflowRunEvent({ id, conclusion: 'failure' })
      Object.assign(event.payload.workflow_run as Record<string, unknown>, {
        workflow_id: 77,
        name: 'pages build and deployment',
        path: 'dynamic/pages/pages-build-deployment',
        event: 'dynamic',
      })
      return event
    }
    const run = async (id: number) => {
      const at = h.begin(h.nextRunId(), 1, 'main', false)
      const result = await runStep({
        inputs: deskInputs(desk, {
          requester_euid: 'c',
          title: 'Pages failed',
          dedupe: 'branch',
        }),
        env: { ...at.env, GITHUB_EVENT_NAME: 'workflow_run', GITHUB_WORKFLOW: 'Report failures' },
        event: pages(id),
        githubToken: github.token,
      })
      h.end(at, result, false)
      return result
    }
    const first = await run(6400)
    const second = await run(6401)
    expect(second.outputs).toMatchObject({ status: 'updated', ticket_id: first.outputs.ticket_id })
    expect(github.requests.map((r) => r.path)).toContainEqual(expect.stringMatching(/\/actions\/workflows\/77\/runs\?/))
    expect(github.requests.some((r) => r.path.includes('/workflows/pages-build-deployment/'))).toBe(false)
  })
})

describe('the reporter, where runs end out of order or are cancelled by the dozen', () => {
  it('a failure re-run green notes the recovery on its ticket (the run before it passed, but its own first attempt failed)', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 7000, conclusion: 'success' })
    ciRun({ id: 7001, conclusion: 'failure' })
    const opened = await branchStep(h, { id: 7001, conclusion: 'failure' })
    ciRun({ id: 7001, attempt: 2, conclusion: 'success' })
    const recovered = await branchStep(h, { id: 7001, attempt: 2, conclusion: 'success' }, { mode: 'recovery' })
    expect(recovered.result.outputs).toMatchObject({ status: 'recovered', ticket_id: opened.result.outputs.ticket_id })
  })

  it('a run that times out after a newer run passed: the next green run notes the recovery (runs ordered by when they ended)', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 7199, conclusion: 'success' })
    // 7200 starts and hangs; 7201, pushed after it, passes first.
    ciRun({ id: 7200, conclusion: 'success' })
    for (const r of github.state.workflowRuns)
      if (r.id === 7200) Object.assign(r, { status: 'in_progress', conclusion: null })
    ciRun({ id: 7201, conclusion: 'success' })
    expect((await branchStep(h, { id: 7201, conclusion: 'success' }, { mode: 'recovery' })).result.outputs.status).toBe(
      'none',
    )
    // 7200 runs out of time, 30 minutes later.
    github.state.runJobs.delete(7200)
    ciRun({ id: 7200, conclusion: 'cancelled', timedOut: '30m0s' })
    const opened = await branchStep(h, { id: 7200, conclusion: 'cancelled' })
    expect(opened.result.outputs.status).toBe('created')
    ciRun({ id: 7202, conclusion: 'success' })
    const recovered = await branchStep(h, { id: 7202, conclusion: 'success' }, { mode: 'recovery' })
    expect(recovered.result.outputs).toMatchObject({ status: 'recovered', ticket_id: opened.result.outputs.ticket_id })
  })

  it('three runs cancelled by a person (cancel-in-progress) between two failures do not hide the ticket', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 7100, conclusion: 'failure' })
    const first = await branchStep(h, { id: 7100, conclusion: 'failure' })
    for (const id of [7101, 7102, 7103]) {
      ciRun({ id, conclusion: 'cancelled' })
      expect((await branchStep(h, { id, conclusion: 'cancelled' })).result.outputs.status).toBe('none')
    }
    ciRun({ id: 7104, conclusion: 'failure' })
    const second = await branchStep(h, { id: 7104, conclusion: 'failure' })
    expect(second.result.outputs).toMatchObject({ status: 'updated', ticket_id: first.result.outputs.ticket_id })
  })

  it('a ticket opened by a timeout, then 25 green runs, then a failure: the same ticket is updated', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 7400, conclusion: 'cancelled', timedOut: '30m0s' })
    const first = await branchStep(h, { id: 7400, conclusion: 'cancelled' })
    for (let id = 7401; id < 7426; id++) {
      ciRun({ id, conclusion: 'success' })
      await branchStep(h, { id, conclusion: 'success' }, { mode: 'recovery' })
    }
    ciRun({ id: 7500, conclusion: 'failure' })
    const next = await branchStep(h, { id: 7500, conclusion: 'failure' })
    expect(next.result.outputs).toMatchObject({ status: 'updated', ticket_id: first.result.outputs.ticket_id })
  })

  it('six runs cancelled by a person between a green run and a flaky failure: open_after: 2 waits, within bounded reads', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 7300, conclusion: 'success' })
    for (let id = 7301; id <= 7306; id++) ciRun({ id, conclusion: 'cancelled' })
    ciRun({ id: 7307, conclusion: 'failure' })
    const from = github.requests.length
    const { result } = await branchStep(h, { id: 7307, conclusion: 'failure' }, { open_after: '2' })
    expect(result.outputs.status).toBe('waiting')
    expect(result.visibleLog).toContain(
      'open_after: 3 more cancelled runs are in the streak; only the newest 3 were read for a timeout, and the others are taken as cancelled by a person (neither counted nor ending the streak).',
    )
    expect(callsSince(from).length).toBeLessThanOrEqual(16)
  })

  it('a job that printed the timeout words in its own warning was not timed out: the cancel stays quiet', async () => {
    ciRun({ id: 7700, conclusion: 'cancelled' })
    github.state.annotations.set(77001, [
      {
        annotation_level: 'warning',
        message: 'retrying: upstream job has exceeded the maximum execution time of 5m0s',
      },
      { annotation_level: 'warning', message: 'The job has exceeded the maximum execution time of 5m0s' },
      { annotation_level: 'failure', message: 'The run was canceled by @octocat.' },
    ])
    const { result } = await branchStep(new RunHistory(github), { id: 7700, conclusion: 'cancelled' })
    expect(result.outputs.status).toBe('none')
  })

  it("a pull request from a deleted fork (head_repository null) is no run of this repository's main", async () => {
    const h = new RunHistory(github)
    ciRun({ id: 7900, conclusion: 'failure' })
    const opened = await branchStep(h, { id: 7900, conclusion: 'failure' })
    expect(opened.result.outputs.status).toBe('created')
    ciRun({ id: 7901, conclusion: 'success', fork: 'mallory/checkout-service' })
    for (const r of github.state.workflowRuns) if (r.id === 7901) r.head_repository = undefined
    const event = workflowRunEvent({ id: 7901, conclusion: 'success', event: 'pull_request' })
    Object.assign(event.payload.workflow_run as Record<string, unknown>, { head_repository: null })
    const at = h.begin(h.nextRunId(), 1, 'main', false)
    const result = await runStep({ ...recoveryStep({ desk, github }, at), env: reporterEnv(github, at), event })
    expect(result.outputs.status).toBe('none')
    expect(desk.requests.filter((r) => r.method === 'PUT')).toHaveLength(0)
  })
})

describe('the reporter, a timeout behind cancels', () => {
  it('a ticket opened by a timeout, then two runs cancelled by a person, then a failure: the same ticket', async () => {
    const h = new RunHistory(github)
    const step = (t: Triggering) => reporterStep(github, desk, h, t, { dedupe: 'branch' })
    ciRun({ id: 7600, conclusion: 'cancelled', timedOut: '30m0s' })
    const first = await step({ id: 7600, conclusion: 'cancelled' })
    for (const id of [7601, 7602]) {
      ciRun({ id, conclusion: 'cancelled' })
      expect((await step({ id, conclusion: 'cancelled' })).result.outputs.status).toBe('none')
    }
    ciRun({ id: 7603, conclusion: 'failure' })
    const second = await step({ id: 7603, conclusion: 'failure' })
    expect(second.result.outputs).toMatchObject({ status: 'updated', ticket_id: first.result.outputs.ticket_id })
  })
})
