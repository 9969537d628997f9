// GitHub's part across attempts and runs, for the dedupe tests: each attempt of a run registers its
// jobs in the GitHub stand-in (a failed "build" job and the "report" job the ticket step runs in, on
// this runner), and after the step ran, the notices it printed become the report job's check-run
// annotations, as GitHub keeps them. The next attempt or run then finds them through the API.
import type { GitHubStandIn, StandInAnnotation, StandInJob } from './github-stand-in.mjs'
import type { RunResult } from './run-action.mjs'

const RUNNER = 'GitHub Actions 2'

/**
 * GitHub's limits on annotations (actions/toolkit, docs/problem-matchers.md, "Limitations"): 10 of a
 * kind a step, 50 a job; past them an annotation is dropped without a word. The runner cuts each
 * message at 4,096 characters and writes every one to the log as "##[notice]…" whatever the count
 * (actions/runner, src/Runner.Worker/ExecutionContext.cs, AddIssue: `_maxIssueMessageLength = 4096`,
 * `Write(WellKnownTags.Notice, logMessage)` before the count is checked; the log is masked).
 */
export const ANNOTATIONS_PER_STEP_KIND = 10
export const ANNOTATIONS_PER_JOB = 50
export const ANNOTATION_CHARS = 4096

/** What the runner makes of a step's stdout: its annotations (before the job's limit) and its log lines. */
export function runnerView(stdout: string): { annotations: StandInAnnotation[]; log: string[] } {
  const unescape = (t: string): string =>
    t.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
  const masks: string[] = []
  const mask = (t: string): string => masks.reduce((text, m) => text.split(m).join('***'), t)
  const annotations: StandInAnnotation[] = []
  const log: string[] = []
  const perKind = new Map<string, number>()
  let stopToken: string | undefined
  for (const line of stdout.split('\n')) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      else log.push(mask(line))
      continue
    }
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!command) {
      if (line !== '') log.push(mask(line))
      continue
    }
    const [, name, props, value] = command
    if (name === 'add-mask') masks.push(value)
    else if (name === 'stop-commands') stopToken = value
    else if (name === 'group') log.push(`##[group]${mask(value)}`)
    else if (name === 'endgroup') log.push('##[endgroup]')
    else if (name === 'notice' || name === 'warning' || name === 'error') {
      const message = mask(unescape(value))
      log.push(`##[${name}]${message}`)
      const count = (perKind.get(name) ?? 0) + 1
      perKind.set(name, count)
      if (count > ANNOTATIONS_PER_STEP_KIND) continue
      const title = /title=([^,]*)/.exec(props ?? '')?.[1]
      annotations.push({
        annotation_level: name === 'error' ? 'failure' : name,
        title: title ? unescape(title) : undefined,
        message: message.slice(0, ANNOTATION_CHARS),
      })
    }
  }
  return { annotations, log }
}

/** The `::notice` commands a step printed, as the check-run annotations GitHub would make of them. */
export function noticesOf(stdout: string): StandInAnnotation[] {
  return runnerView(stdout).annotations.filter((a) => a.annotation_level === 'notice')
}

let clock = Date.parse('2026-11-01T00:00:00Z')
/** A moment later than every one before: when a run's attempt starts or ends, as GitHub's updated_at. */
export function later(): string {
  clock += 60_000
  return new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A run's commit in this history: one of its own. */
export const runSha = (runId: number): string => runId.toString(16).padStart(40, 'a')

export interface Attempt {
  runId: number
  attempt: number
  branch: string
  reportJobId: number
  /** The environment the runner gives the step of this attempt. */
  env: Record<string, string>
}

export class RunHistory {
  private nextJobId = 9000

  /** Annotations the report job held before the ticket step, by job id. */
  private readonly earlier = new Map<number, number>()

  private lastRunId = 7000

  constructor(private readonly github: GitHubStandIn) {}

  /** A run id not used before in this history. */
  nextRunId(): number {
    return ++this.lastRunId
  }

  /**
   * Starts an attempt: its jobs (build failed, report in progress on this runner), the run listed.
   * `earlier`: annotations the report job's earlier steps already made (a test reporter, problem
   * matchers), which count toward the job's 50.
   */
  begin(runId: number, attempt = 1, branch = 'main', failed = true, earlier = 0, { event = 'push' } = {}): Attempt {
    const jobs = this.github.state.runJobs.get(runId) ?? []
    const buildId = this.nextJobId++
    const reportId = this.nextJobId++
    const url = `https://github.com/octo-org/checkout-service/actions/runs/${runId}/job`
    const build: StandInJob = {
      id: buildId,
      name: 'build',
      status: 'completed',
      conclusion: failed ? 'failure' : 'success',
      run_attempt: attempt,
      runner_name: 'GitHub Actions 1',
      html_url: `${url}/${buildId}`,
      steps: [{ name: 'Run npm test', status: 'completed', conclusion: failed ? 'failure' : 'success', number: 1 }],
    }
    const report: StandInJob = {
      id: reportId,
      name: 'report',
      status: 'in_progress',
      conclusion: null,
      run_attempt: attempt,
      runner_name: RUNNER,
      html_url: `${url}/${reportId}`,
      steps: [],
    }
    jobs.push(build, report)
    this.earlier.set(reportId, earlier)
    this.github.state.runJobs.set(runId, jobs)
    const runs = this.github.state.workflowRuns.filter((r) => r.id !== runId)
    this.github.state.workflowRuns = [
      {
        id: runId,
        run_attempt: attempt,
        status: 'in_progress',
        conclusion: null,
        head_branch: branch,
        head_sha: runSha(runId),
        event,
        updated_at: later(),
        head_repository: { full_name: 'octo-org/checkout-service' },
      },
      ...runs,
    ]
    return {
      runId,
      attempt,
      branch,
      reportJobId: reportId,
      env: {
        GITHUB_API_URL: this.github.url,
        GITHUB_RUN_ID: String(runId),
        GITHUB_RUN_ATTEMPT: String(attempt),
        GITHUB_JOB: 'report',
        GITHUB_REF: `refs/heads/${branch}`,
        GITHUB_REF_NAME: branch,
        GITHUB_EVENT_NAME: event,
        GITHUB_SHA: runSha(runId),
        RUNNER_NAME: RUNNER,
      },
    }
  }

  /**
   * Ends an attempt: the step's annotations become the report job's, within GitHub's limits, and its
   * output the job's log, as the runner writes it; the run completes.
   */
  end(at: Attempt, result: RunResult, failed = true): void {
    const earlier = this.earlier.get(at.reportJobId) ?? 0
    const view = runnerView(result.stdout)
    const filler = Array.from({ length: earlier }, (_, i): StandInAnnotation => ({
      annotation_level: 'warning',
      title: 'tsc',
      message: `src/app.ts(${i + 1},1): error TS2304: Cannot find name 'x'.`,
    }))
    this.github.state.annotations.set(at.reportJobId, [...filler, ...view.annotations].slice(0, ANNOTATIONS_PER_JOB))
    const stamp = '2026-01-01T02:00:00.0000000Z'
    const earlierLog = filler.map((a) => `${stamp} ##[warning]${a.message}`)
    this.github.state.logTexts.set(
      at.reportJobId,
      [...earlierLog, ...view.log.map((l) => `${stamp} ${l}`)].join('\n') + '\n',
    )
    for (const job of this.github.state.runJobs.get(at.runId) ?? []) {
      if (job.id === at.reportJobId) Object.assign(job, { status: 'completed', conclusion: 'success' })
    }
    const run = this.github.state.workflowRuns.find((r) => r.id === at.runId)
    if (run)
      Object.assign(run, { status: 'completed', conclusion: failed ? 'failure' : 'success', updated_at: later() })
  }
}
