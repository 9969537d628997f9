// Every workflow in examples/ parses, uses only inputs action.yml declares, and works: its step's
// `with:` and `env:` (expressions evaluated as the runner would) run against the stand-ins (runStep():
// in-process, or the bundle with RUN_BUNDLE=1; __tests__/bundle/*.smoke.bundle.test.ts run them as built).
import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { actionInputs, type RunOptions } from '../../__fixtures__/run-action.mjs'
import { runStep } from '../../__fixtures__/step.js'
import {
  actionSteps,
  answerOnDesk,
  EXAMPLES,
  exampleRun,
  expectAnswerOnIssue,
  expectWeeklyPatchingTicket,
  listAsMirrored,
  weeklyPatchingCheckout,
  workflow,
} from '../../__fixtures__/examples.js'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { schedulePayload, webhookPayload } from '../../__fixtures__/webhooks.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yml'))

describe('examples/*.yml', () => {
  it('there is one per recipe', () => {
    expect(files.sort()).toEqual([
      'build-failure.yml',
      'issue-mirror.yml',
      'issue-sync.yml',
      'nightly-build.yml',
      'report-failures.yml',
      'scheduled-ticket.yml',
    ])
  })

  it.each(files)('%s parses and uses only declared inputs, the required ones included', (file) => {
    const wf = workflow(file)
    expect(wf.on).toBeDefined()
    const inputs = actionInputs()
    for (const step of actionSteps(wf)) {
      for (const name of Object.keys(step.with ?? {})) expect(Object.keys(inputs)).toContain(name)
      for (const [name, spec] of Object.entries(inputs))
        if (spec.required) expect(Object.keys(step.with ?? {})).toContain(name)
      // Secrets come from secrets.*, never written into the file.
      expect(step.with?.api_key).toBe('${{ secrets.LIVEDESK_API_KEY }}')
      expect(step.with?.api_secret).toBe('${{ secrets.LIVEDESK_API_SECRET }}')
    }
  })

  it('each grants the permissions its recipe needs, and no write it does not', () => {
    expect(workflow('build-failure.yml').permissions).toEqual({ contents: 'read', actions: 'read', checks: 'read' })
    expect(workflow('nightly-build.yml').permissions).toEqual({ contents: 'read', actions: 'read', checks: 'read' })
    expect(workflow('issue-mirror.yml').permissions).toEqual({ issues: 'write' })
    // A chore's key finds its open ticket in the workflow's earlier runs.
    expect(workflow('scheduled-ticket.yml').permissions).toEqual({ contents: 'read', actions: 'read', checks: 'read' })
    expect(workflow('issue-sync.yml').permissions).toEqual({ issues: 'write', actions: 'read', checks: 'read' })
    // The reporter keeps its records as check runs on the reported commits.
    expect(workflow('report-failures.yml').permissions).toEqual({ actions: 'read', checks: 'write' })
  })
})

describe("report-failures.yml's jobs", () => {
  // GitHub keeps one job of a group pending and cancels it when another of the group queues ("Control
  // the concurrency of workflows and jobs": "any existing pending job or workflow in the same
  // concurrency group will be canceled"), unless the group asks for a queue ("queue: max": up to 100
  // pending, run in order); it compares group names without case.
  type Job = { if: string; concurrency: { group: string; queue?: string; 'cancel-in-progress'?: boolean } }
  const jobs = (workflow('report-failures.yml') as unknown as { jobs: Record<string, Job> }).jobs
  const groupOf = (job: Job, run: Record<string, unknown>): string =>
    job.concurrency.group
      .replace(/\$\{\{\s*github\.event\.workflow_run\.([\w.]+)\s*\}\}/g, (_, path: string) =>
        String(path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], run)),
      )
      .toLowerCase()
  const main = { workflow_id: 7, head_branch: 'main', head_repository: { full_name: 'octo-org/checkout-service' } }

  it("keeps a fork's pull request from its own main out of main's group: its runs cannot delay main's reports", () => {
    const fork = { ...main, head_branch: 'Main', head_repository: { full_name: 'mallory/checkout-service' } }
    expect(groupOf(jobs.ticket, fork)).not.toBe(groupOf(jobs.ticket, main))
    expect(groupOf(jobs.ticket, { ...main })).toBe(groupOf(jobs.ticket, main))
    expect(groupOf(jobs.ticket, { ...main, workflow_id: 8 })).not.toBe(groupOf(jobs.ticket, main))
  })

  it('queues failures and recoveries of a branch together, in order, none cancelled: a recovery follows the failure it ends', () => {
    expect(groupOf(jobs.recovery, main)).toBe(groupOf(jobs.ticket, main))
    for (const job of [jobs.ticket, jobs.recovery])
      expect(job.concurrency).toMatchObject({ queue: 'max', 'cancel-in-progress': false })
  })

  it('lets every end but success and skipped reach the failure job (a timeout ends cancelled), and keeps forks out unless asked', () => {
    for (const end of ['failure', 'timed_out', 'startup_failure', 'cancelled'])
      expect(jobs.ticket.if).not.toContain(`'${end}'`)
    expect(jobs.ticket.if).toContain("conclusion != 'success'")
    expect(jobs.ticket.if).toContain("conclusion != 'skipped'")
    for (const job of [jobs.ticket, jobs.recovery]) {
      expect(job.if).toContain('github.event.workflow_run.head_repository.full_name == github.repository')
      expect(job.if).toContain("vars.LIVEDESK_REPORT_FORKS == 'true'")
    }
  })
})

describe('each example, run end to end', () => {
  const desk = useLiveDesk()
  const github = useGitHub()

  /** The example's step, as the runner runs it, with LiveDesk's address pointed at the stand-in. */
  const runExample = (file: string, extra: Omit<RunOptions, 'inputs'>, index = 0) =>
    runStep(exampleRun(file, { desk, github }, extra, index))

  it('build-failure.yml: a failed run opens a ticket listing the failed jobs', async () => {
    github.state.jobs = failedRunJobs()
    const result = await runExample('build-failure.yml', { event: { name: 'push', payload: webhookPayload('push') } })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    const body = desk.creates()[0].body
    expect(body).toMatchObject({
      title: 'Build failed on main',
      priority: 'high',
      ticket_type: 'incident',
      requester: { euid: 'contact_12345' },
    })
    expect(body.description).toContain('### Failed jobs')
    expect(body.custom_fields.github_failed_jobs).toBe(
      'linters: Run yarn run format-check; build (ubuntu-latest, 20): Run npm run build',
    )
  })

  it('scheduled-ticket.yml: the schedule opens the ticket from examples/weekly-patching.md', async () => {
    const result = await runExample('scheduled-ticket.yml', {
      event: { name: 'schedule', payload: schedulePayload() },
      env: { GITHUB_WORKFLOW: 'Weekly patching ticket' },
      workspace: weeklyPatchingCheckout(),
    })
    expect(result.code).toBe(0)
    // The chore's key: the workflow's earlier runs are listed for its last ticket (there is none).
    expect(github.requests.map((r) => r.path.replace(/\?.*/, ''))).toEqual([
      '/repos/octo-org/checkout-service/actions/workflows/ci.yml/runs',
    ])
    const body = desk.creates()[0].body
    expectWeeklyPatchingTicket(body)
    expect(body.description).toMatch(
      /^## Weekly patching for octo-org\/checkout-service, \d{4}-W\d\d\n\nOpened by \[Weekly patching ticket\]\(https:\/\/github\.com\/octo-org\/checkout-service\/actions\/runs\/1658821493\/attempts\/1\)/,
    )
  })

  it('nightly-build.yml: the first failing night waits, the second opens the ticket, the third updates it, the first green night notes the recovery on it', async () => {
    const history = new RunHistory(github)
    const nights: string[] = []
    for (const runId of [8001, 8002, 8003]) {
      const at = history.begin(runId, 1, 'main')
      const result = await runExample('nightly-build.yml', {
        event: { name: 'schedule', payload: schedulePayload() },
        env: at.env,
      })
      history.end(at, result)
      nights.push(result.outputs.status)
    }
    expect(nights).toEqual(['waiting', 'created', 'updated'])
    const green = history.begin(8004, 1, 'main', false)
    const recovered = await runExample(
      'nightly-build.yml',
      { event: { name: 'schedule', payload: schedulePayload() }, env: green.env },
      1,
    )
    expect(recovered.outputs.status).toBe('recovered')
    expect(desk.creates()).toHaveLength(1)
    expect(desk.requests.filter((r) => r.method === 'PUT')).toHaveLength(2)
  })

  it('issue-mirror.yml: an opened issue opens a ticket and gets the comment; an edit updates that ticket', async () => {
    const env = { GITHUB_REPOSITORY: 'Codertocat/Hello-World' }
    const opened = await runExample('issue-mirror.yml', {
      event: { name: 'issues', payload: webhookPayload('issues', 'opened') },
      env,
    })
    expect(opened.outputs.status).toBe('created')
    expect(opened.outputs.ticket_url).toBe(`https://desk.example/tickets/${opened.outputs.ticket_id}`)
    expect(github.state.comments.get(1)?.[0].body).toContain(`ticket_id=${opened.outputs.ticket_id}`)
    const edited = await runExample('issue-mirror.yml', {
      event: { name: 'issues', payload: webhookPayload('issues', 'edited') },
      env,
    })
    expect(edited.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
    expect(desk.creates()).toHaveLength(1)
  })

  it("issue-sync.yml: after the mirror opened an issue's ticket, the desk's reply and closing come back to the issue, once", async () => {
    const env = { GITHUB_REPOSITORY: 'Codertocat/Hello-World' }
    const payload = webhookPayload('issues', 'opened') as { issue: Record<string, unknown> }
    const opened = await runExample('issue-mirror.yml', { event: { name: 'issues', payload }, env })
    listAsMirrored(github, payload)
    answerOnDesk(desk.tickets.get(opened.outputs.ticket_id))
    const history = new RunHistory(github)
    const sync = async () => {
      const at = history.begin(history.nextRunId(), 1, 'main', false)
      const result = await runExample('issue-sync.yml', {
        event: { name: 'schedule', payload: schedulePayload() },
        env: { ...env, ...at.env },
      })
      history.end(at, result, false)
      return result
    }
    expectAnswerOnIssue(github, await sync())
    // Reopened by someone, synced again: nothing is posted or closed twice.
    Object.assign(github.state.issues.get(1), { state: 'open', state_reason: 'reopened' })
    const second = await sync()
    expect(second.outputs).toMatchObject({ issues_checked: '1', issues_updated: '0', issues_closed: '0' })
    expect(github.state.comments.get(1)).toHaveLength(3)
  })
})
