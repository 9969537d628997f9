// GitHub's part across attempts and runs, for the dedupe tests: each attempt of a run registers its
// jobs in the GitHub stand-in (a failed "build" job and the "report" job the ticket step runs in, on
// this runner), and after the step ran, the notices it printed become the report job's check-run
// annotations, as GitHub keeps them. The next attempt or run then finds them through the API.
import type { GitHubStandIn, StandInAnnotation, StandInJob } from '../scripts/github-stand-in.mjs'
import type { RunResult } from '../scripts/run-action.mjs'

const RUNNER = 'GitHub Actions 2'

/** The `::notice` commands a step printed, as the check-run annotations GitHub would make of them. */
export function noticesOf(stdout: string): StandInAnnotation[] {
  const unescape = (t: string): string => t.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
  const out: StandInAnnotation[] = []
  for (const line of stdout.split('\n')) {
    const m = /^::notice(?: title=([^:]*))?::(.*)$/.exec(line)
    if (m) out.push({ annotation_level: 'notice', title: m[1] ? unescape(m[1]) : undefined, message: unescape(m[2]) })
  }
  return out
}

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

  private lastRunId = 7000

  constructor(private readonly github: GitHubStandIn) {}

  /** A run id not used before in this history. */
  nextRunId(): number {
    return ++this.lastRunId
  }

  /** Starts an attempt: its jobs (build failed, report in progress on this runner), the run listed. */
  begin(runId: number, attempt = 1, branch = 'main', failed = true): Attempt {
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
    const report: StandInJob = { id: reportId, name: 'report', status: 'in_progress', conclusion: null, run_attempt: attempt, runner_name: RUNNER, html_url: `${url}/${reportId}`, steps: [] }
    jobs.push(build, report)
    this.github.state.runJobs.set(runId, jobs)
    const runs = this.github.state.workflowRuns.filter((r) => r.id !== runId)
    this.github.state.workflowRuns = [{ id: runId, run_attempt: attempt, status: 'in_progress', conclusion: null, head_branch: branch }, ...runs]
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
        RUNNER_NAME: RUNNER,
      },
    }
  }

  /** Ends an attempt: the step's notices become the report job's annotations; the run completes. */
  end(at: Attempt, result: RunResult, failed = true): void {
    this.github.state.annotations.set(at.reportJobId, noticesOf(result.stdout))
    for (const job of this.github.state.runJobs.get(at.runId) ?? []) {
      if (job.id === at.reportJobId) Object.assign(job, { status: 'completed', conclusion: 'success' })
    }
    const run = this.github.state.workflowRuns.find((r) => r.id === at.runId)
    if (run) Object.assign(run, { status: 'completed', conclusion: failed ? 'failure' : 'success' })
  }
}
