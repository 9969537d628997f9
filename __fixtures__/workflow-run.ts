// A `workflow_run` reporter's world, for its tests: the watched CI run that triggered it (its jobs
// and a failing log in the GitHub stand-in), the event file GitHub writes for workflow_run.completed
// (its webhook payload `workflow_run`: id, run_attempt, name, path, head_branch, head_sha,
// conclusion, display_title, head_repository), and the reporter's own environment.
import type { GitHubStandIn } from '../scripts/github-stand-in.mjs'
import type { Attempt } from './run-history.js'
import { webhookPayload } from './webhooks.js'

export const REPO = 'octo-org/checkout-service'

/** The run that triggered the reporter. */
export interface Triggering {
  id: number
  attempt?: number
  conclusion: string
  branch?: string
  title?: string
  /** The fork a pull request's run came from. */
  fork?: string
}

/** The CI run's jobs (a "test" job, failed when the run did, with a failing log) in the stand-in. */
export function ciRun(github: GitHubStandIn, t: Triggering): void {
  const attempt = t.attempt ?? 1
  const jobs = github.state.runJobs.get(t.id) ?? []
  const failed = t.conclusion === 'failure'
  const id = t.id * 10 + attempt
  jobs.push({
    id,
    name: 'test',
    status: 'completed',
    conclusion: failed ? 'failure' : t.conclusion,
    run_attempt: attempt,
    runner_name: 'GitHub Actions 7',
    html_url: `https://github.com/${REPO}/actions/runs/${t.id}/job/${id}`,
    steps: [{ name: 'Run npm test', status: 'completed', conclusion: failed ? 'failure' : 'success', number: 1 }],
  })
  github.state.runJobs.set(t.id, jobs)
  github.state.logTexts.set(
    id,
    `2026-01-01T00:00:00.0000000Z npm test\n2026-01-01T00:00:01.0000000Z checkout.test.ts: expected 200, got 500\n2026-01-01T00:00:02.0000000Z ##[error]Process completed with exit code 1.\n`,
  )
}

/** The event file of the reporter's run, as GitHub writes it for workflow_run.completed. */
export function workflowRunEvent(t: Triggering): { name: string; payload: Record<string, unknown> } {
  const payload = webhookPayload('workflow_run', 'completed') as { workflow_run: Record<string, unknown> }
  Object.assign(payload.workflow_run, {
    id: t.id,
    run_attempt: t.attempt ?? 1,
    name: 'CI',
    path: '.github/workflows/ci.yml',
    head_branch: t.branch ?? 'main',
    head_sha: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    event: t.fork ? 'pull_request' : 'push',
    status: 'completed',
    conclusion: t.conclusion,
    display_title: t.title ?? 'Update checkout',
    html_url: `https://github.com/${REPO}/actions/runs/${t.id}`,
    head_repository: { full_name: t.fork ?? REPO },
  })
  return { name: 'workflow_run', payload }
}

/**
 * The reporter's environment in one of its runs (begun with RunHistory, on the default branch); its
 * runs are listed for its own workflow file, apart from the watched workflow's.
 */
export function reporterEnv(github: GitHubStandIn, at: Attempt): Record<string, string> {
  for (const run of github.state.workflowRuns) if (run.id === at.runId) run.workflow = 'report-failures.yml'
  return {
    ...at.env,
    GITHUB_EVENT_NAME: 'workflow_run',
    GITHUB_WORKFLOW: 'Report failures',
    GITHUB_WORKFLOW_REF: `${REPO}/.github/workflows/report-failures.yml@refs/heads/main`,
  }
}
