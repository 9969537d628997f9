// One reporter for every workflow: a step in a workflow triggered by `workflow_run` (types:
// [completed]) reports on the run that triggered it (GitHub's webhook payload `workflow_run`: id,
// run_attempt, name, path, head_branch, head_sha, conclusion, display_title, head_repository; docs:
// "Events that trigger workflows", workflow_run). Against the GitHub stand-in holding both runs: the
// failed CI run (its jobs and logs) and the reporter's own runs (where its records stand).
import { describe, expect, it } from '@jest/globals'
import { runStep } from '../../__fixtures__/step.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { deskInputs, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import {
  CI_ID,
  ciRun as ciRunOf,
  REPO,
  shaOf,
  reporterEnv,
  reporterStep,
  workflowRunEvent,
  type Triggering,
} from '../../__fixtures__/workflow-run.js'

const desk = useLiveDesk()
const github = useGitHub()
const ciRun = (t: Triggering): void => ciRunOf(github, t)

describe('a workflow_run reporter', () => {
  /** One run of examples/report-failures.yml's failure job (or recovery job), as the runner runs it. */
  const reporter = (h: RunHistory, t: Triggering, extra: Record<string, string> = {}) =>
    reporterStep(github, desk, h, t, extra)
  /** The watched CI run `t` ends (GitHub lists it), and the reporter runs on it. */
  const ended = (h: RunHistory, t: Triggering, extra: Record<string, string> = {}) => {
    ciRun(t)
    return reporter(h, t, extra)
  }

  it('a failed CI run: the ticket lists its failed jobs and failing lines, links it, and names the reporter', async () => {
    const h = new RunHistory(github)
    const { result, at } = await ended(h, { id: 5001, conclusion: 'failure' })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    const { description, custom_fields: fields } = desk.creates()[0].body
    expect(description).toContain(
      `### The run this ticket is about\n\n- [CI, run 5001, attempt 1](https://github.com/${REPO}/actions/runs/5001/attempts/1) ended failure, on branch \`main\`, commit \`${shaOf(5001).slice(0, 12)}\``,
    )
    expect(description).toContain(
      `- Reported by [Report failures, run ${at.runId}](https://github.com/${REPO}/actions/runs/${at.runId}/attempts/1)`,
    )
    expect(description).toContain(
      `- [test](https://github.com/${REPO}/actions/runs/5001/job/50011) — failed steps: \`Run npm test\``,
    )
    expect(description).toContain('checkout.test.ts: expected 200, got 500')
    expect(fields).toMatchObject({
      github_workflow: 'CI',
      github_run_id: '5001',
      github_run_attempt: '1',
      github_run_url: `https://github.com/${REPO}/actions/runs/5001/attempts/1`,
      github_reporter_run_url: `https://github.com/${REPO}/actions/runs/${at.runId}/attempts/1`,
      github_failed_jobs: 'test: Run npm test',
    })
    expect(fields.github_job).toBeUndefined()
  })

  it('a re-run of the failed CI run triggers the reporter again: the ticket is updated, never a second one', async () => {
    const h = new RunHistory(github)
    const first = await ended(h, { id: 5002, conclusion: 'failure' })
    const again = await ended(h, { id: 5002, attempt: 2, conclusion: 'failure' })
    expect(again.result.outputs).toMatchObject({ status: 'updated', ticket_id: first.result.outputs.ticket_id })
    expect(desk.posts()).toHaveLength(1)
    expect(desk.puts()[0].body.description).toMatch(
      /\*\*Failed again\*\* on .* in \[run 5002, attempt 2\]\(https:\/\/github.com\/octo-org\/checkout-service\/actions\/runs\/5002\/attempts\/2\)/,
    )
    expect(again.result.visibleLog).toContain(
      `(recorded in the check run "LiveDesk ticket" of commit ${shaOf(5002).slice(0, 12)})`,
    )
  })

  it.each(['success', 'skipped', 'neutral'])(
    'a CI run that ended %s opens nothing: a notice says so, status none, nothing read',
    async (conclusion) => {
      const h = new RunHistory(github)
      const { result } = await ended(h, { id: 5003, conclusion })
      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('none')
      expect(desk.requests).toHaveLength(0)
      expect(result.stdout).toContain(
        `::notice title=LiveDesk ticket%3A nothing to do::The run this step reports on (CI, run 5003, attempt 1) ended ${conclusion}: no ticket to open.`,
      )
      expect(github.requests.filter((r) => r.path.includes('/jobs'))).toEqual([])
    },
  )

  it('recurring failures (dedupe: branch): the next failed CI run updates the ticket; a passing one notes the recovery', async () => {
    const h = new RunHistory(github)
    const first = await ended(h, { id: 5011, conclusion: 'failure' }, { dedupe: 'branch' })
    const again = await ended(h, { id: 5012, conclusion: 'failure' }, { dedupe: 'branch' })
    expect(again.result.outputs).toMatchObject({ status: 'updated', ticket_id: first.result.outputs.ticket_id })
    // The reporter's recovery job, after a CI run that passed (a second job of the same reporter).
    const recovered = await ended(h, { id: 5013, conclusion: 'success' }, { dedupe: 'branch', mode: 'recovery' })
    expect(recovered.result.outputs).toMatchObject({ status: 'recovered', ticket_id: first.result.outputs.ticket_id })
    expect(desk.puts()[1].body.tags).toEqual(['recovered'])
    expect(desk.posts()).toHaveLength(1)
  })

  it("open_after: 2 counts the watched workflow's failed runs in a row on the branch: the first waits, the second opens the ticket", async () => {
    const h = new RunHistory(github)
    // The watched workflow's runs, newest first, as GitHub lists them for ci.yml; the reporter's own runs stand apart.
    ciRun({ id: 6000, conclusion: 'success' })
    const first = await ended(h, { id: 6001, conclusion: 'failure' }, { dedupe: 'branch', open_after: '2' })
    expect(first.result.outputs.status).toBe('waiting')
    expect(desk.requests).toHaveLength(0)
    const second = await ended(h, { id: 6002, conclusion: 'failure' }, { dedupe: 'branch', open_after: '2' })
    expect(second.result.outputs.status).toBe('created')
    expect(desk.posts()).toHaveLength(1)
  })

  // A pull request from a fork's branch "main" runs in this repository with head_branch "main" and
  // head_repository the fork (webhook payload workflow_run; REST "List workflow runs for a workflow"
  // lists it under branch=main: badges/shields#8733). Anyone may open one; it is not this main.
  it("a fork's pull request from its own main is not main: its pass notes no recovery on main's ticket, its failure opens its own", async () => {
    const h = new RunHistory(github)
    const fork = 'mallory/checkout-service'
    const main = await ended(h, { id: 5061, conclusion: 'failure' }, { dedupe: 'branch' })
    expect(main.result.outputs.status).toBe('created')
    const passed = await ended(h, { id: 5062, conclusion: 'success', fork }, { dedupe: 'branch', mode: 'recovery' })
    expect(passed.result.outputs.status).toBe('none')
    const failed = await ended(h, { id: 5063, conclusion: 'failure', fork }, { dedupe: 'branch' })
    expect(failed.result.outputs.status).toBe('created')
    expect(desk.puts()).toHaveLength(0)
    // Nor is its ref name this repository's main: the desk must not take it for main's failure.
    expect(desk.creates()[0].body.custom_fields.github_ref_name).toBe('main')
    expect(desk.creates()[1].body.custom_fields).toMatchObject({ github_event: 'pull_request' })
    expect(desk.creates()[1].body.custom_fields.github_ref_name).toBeUndefined()
    // main's next failure still finds main's ticket.
    const again = await ended(h, { id: 5064, conclusion: 'failure' }, { dedupe: 'branch' })
    expect(again.result.outputs).toMatchObject({ status: 'updated', ticket_id: main.result.outputs.ticket_id })
  })

  it("open_after: a fork's passing run from its own main does not end main's failures in a row", async () => {
    const h = new RunHistory(github)
    ciRun({ id: 6100, conclusion: 'success' })
    const first = await ended(h, { id: 6101, conclusion: 'failure' }, { dedupe: 'branch', open_after: '2' })
    expect(first.result.outputs.status).toBe('waiting')
    // The fork's pull request runs on a branch named main too; its event is pull_request, and it is the fork's.
    ciRun({ id: 6102, conclusion: 'success', fork: 'mallory/checkout-service', event: 'push' })
    const second = await ended(h, { id: 6103, conclusion: 'failure' }, { dedupe: 'branch', open_after: '2' })
    expect(second.result.outputs.status).toBe('created')
    expect(second.result.visibleLog).toContain('Failure 2 of 2 in a row of push runs on main: a ticket is opened.')
  })

  it("open_after: the wait names the reported run's branch and lists the reported run, not the reporter's", async () => {
    const h = new RunHistory(github)
    const branch = 'release/2.0'
    ciRun({ id: 6200, conclusion: 'success', branch })
    ciRun({ id: 6201, conclusion: 'failure', branch })
    const { result, at } = await reporter(
      h,
      { id: 6201, conclusion: 'failure', branch },
      { dedupe: 'branch', open_after: '2' },
    )
    expect(result.outputs.status).toBe('waiting')
    expect(result.visibleLog).toContain(
      'Failure 1 of 2 in a row of push runs on release/2.0: no LiveDesk ticket yet; one opens at failure 2 (open_after).',
    )
    expect(result.summary).toContain(
      `| [6201](https://github.com/${REPO}/actions/runs/6201) (this run) | 1 | failing |`,
    )
    expect(result.summary).not.toContain(`[${at.runId}]`)
  })

  it("open_after: a fork's branch named in the wait's summary stays text (no link, no mention)", async () => {
    const h = new RunHistory(github)
    const t = { id: 6301, conclusion: 'failure', fork: 'mallory/checkout-service', branch: 'www.evil.example/@octocat' }
    ciRun({ ...t, id: 6300, conclusion: 'success' })
    ciRun(t)
    const { result } = await reporter(h, t, { dedupe: 'branch', open_after: '2' })
    expect(result.outputs.status).toBe('waiting')
    expect(result.summary).toContain(
      'in a row of pull_request runs on mallory/checkout-service:www\u2060.evil.example/@\u2060octocat:',
    )
  })

  // GitHub's payload gives run_attempt as a number and path as the workflow's file; a payload that
  // does not (a replayed or hand-made event) must not steer a link or a request path.
  it('a payload whose run_attempt is text and whose path ends in ".." steers no link and no request', async () => {
    const h = new RunHistory(github)
    ciRun({ id: 5071, conclusion: 'failure' })
    const event = workflowRunEvent({ id: 5071, conclusion: 'failure' })
    Object.assign(event.payload.workflow_run as Record<string, unknown>, {
      run_attempt: '1) [click](https://evil.example',
      path: '.github/workflows/..',
    })
    const at = h.begin(h.nextRunId(), 1, 'main', false)
    const result = await runStep({
      inputs: deskInputs(desk, {
        title: 'CI failed',
        dedupe: 'branch',
      }),
      env: reporterEnv(github, at),
      event,
      githubToken: github.token,
    })
    expect(result.outputs.status).toBe('created')
    const { description, custom_fields: fields } = desk.creates()[0].body
    expect(description).not.toContain('evil.example')
    expect(description).toContain(`[CI, run 5071, attempt 1](https://github.com/${REPO}/actions/runs/5071/attempts/1)`)
    expect(fields.github_run_attempt).toBe('1')
    // "workflows/../runs" would be every workflow's runs: the watched workflow's are listed by its id.
    expect(github.requests.map((r) => r.path).filter((p) => /\/actions\/runs(\?|$)|\/\.\.\//.test(p))).toEqual([])
    expect(github.requests.map((r) => r.path)).toContainEqual(
      expect.stringMatching(new RegExp(`/actions/workflows/${CI_ID}/runs\\?`)),
    )
  })

  it('the recovery job after a CI run that failed notes nothing', async () => {
    const h = new RunHistory(github)
    const { result } = await ended(h, { id: 5021, conclusion: 'failure' }, { mode: 'recovery', dedupe: 'branch' })
    expect(result.outputs.status).toBe('none')
    expect(result.stdout).toContain('ended failure: no recovery to note.')
    expect(desk.requests).toHaveLength(0)
  })

  it("without actions: read the other run's jobs cannot be read: a warning names the permission, and the ticket still opens", async () => {
    const h = new RunHistory(github)
    ciRun({ id: 5041, conclusion: 'failure' })
    github.state.faults.set('jobs', 403)
    const { result } = await reporter(h, { id: 5041, conclusion: 'failure' })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(result.stdout).toMatch(
      /^::warning title=LiveDesk ticket%3A failed jobs not listed::The failed jobs could not be read \(GitHub answered HTTP 403[^)]*\), so the ticket does not list them\. Give the workflow "permissions: actions: read", or set failed_jobs: false\.$/m,
    )
    expect(desk.creates()[0].body.description).toContain('### The run this ticket is about')
  })

  it("a fork's branch name and title stay inert: no mention, reference, link or Markdown", async () => {
    const h = new RunHistory(github)
    const hostile = {
      id: 5031,
      conclusion: 'failure',
      fork: 'mallory/checkout-service',
      branch: 'x`@octocat`#1](https://evil.example)',
      title: 'Fix @everyone see https://evil.example #12 [click](https://evil.example) ::error::boom',
    }
    ciRun(hostile)
    const { result } = await reporter(h, hostile)
    expect(result.code).toBe(0)
    const { description } = desk.creates()[0].body
    const section = description.slice(description.indexOf('### The run this ticket is about'))
    expect(section).toContain("on branch `x'@octocat'#1](https://evil.example)`")
    expect(section).toContain('from the fork `mallory/checkout-service`')
    const title = section.split('\n').find((l: string) => l.startsWith('- Title: ')) ?? ''
    expect(title).not.toMatch(/@everyone|https:\/\/evil|\[click\]\(|(?<!&)#12/)
    expect(title).toContain('@\u2060everyone')
    // Nothing of it reaches the log where the runner would read it as a command.
    expect(result.stdout).not.toMatch(/^::error::boom/m)
  })
})
