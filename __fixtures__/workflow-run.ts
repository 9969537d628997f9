// A `workflow_run` reporter's world, for its tests: the watched CI run that triggered it (its jobs,
// a failing log, and its place among the watched workflow's runs in the GitHub stand-in), the event
// file GitHub writes for workflow_run.completed (its webhook payload `workflow_run`: id,
// run_attempt, workflow_id, name, path, head_branch, head_sha, event, conclusion, display_title,
// head_repository), and the reporter's own environment.
import type { GitHubStandIn, StandInAnnotation } from './github-stand-in.mjs'
import { later, RunHistory, type Attempt } from './run-history.js'
import { KEY, SECRET } from './stand-ins.js'
import { runStep, type RunResult } from './step.js'
import { webhookPayload } from './webhooks.js'

export const REPO = 'octo-org/checkout-service'
/** The watched workflow, CI: its file and its id. */
export const CI_FILE = 'ci.yml'
export const CI_ID = 1101

/** A run's commit: one of its own unless the test gives one (a re-run keeps its run's). */
export const shaOf = (id: number): string => id.toString(16).padStart(40, 'c')

/** The run that triggered the reporter. */
export interface Triggering {
  id: number
  attempt?: number
  conclusion: string
  branch?: string
  title?: string
  /** The fork a pull request's run came from. */
  fork?: string
  /** The event that started it (push, or pull_request from a fork). */
  event?: string
  sha?: string
}

/** The event of a run: a fork's is a pull request's, the others a push's, unless the test says. */
const eventOf = (t: Triggering): string => t.event ?? (t.fork ? 'pull_request' : 'push')

/**
 * The CI run in the stand-in: its jobs (a "test" job, failed when the run did, with a failing log;
 * timed out: cancelled, with GitHub's annotations) and its place among the watched workflow's runs,
 * newest first (a re-run keeps its place, as GitHub lists a run once, as its latest attempt).
 */
export function ciRun(github: GitHubStandIn, t: Triggering & { timedOut?: string }): void {
  const attempt = t.attempt ?? 1
  const jobs = github.state.runJobs.get(t.id) ?? []
  const failed = t.conclusion === 'failure'
  const id = t.id * 10 + attempt
  const cancelled = t.conclusion === 'cancelled'
  const step = failed ? 'failure' : cancelled ? 'cancelled' : 'success'
  jobs.push({
    id,
    name: 'test',
    status: 'completed',
    conclusion: failed ? 'failure' : t.conclusion,
    run_attempt: attempt,
    runner_name: 'GitHub Actions 7',
    html_url: `https://github.com/${REPO}/actions/runs/${t.id}/job/${id}`,
    steps: [{ name: 'Run npm test', status: 'completed', conclusion: step, number: 1 }],
  })
  github.state.runJobs.set(t.id, jobs)
  // GitHub's annotations on a cancelled job: a timeout's, or the person's who cancelled the run.
  if (cancelled) github.state.annotations.set(id, cancelAnnotations(t.timedOut))
  listRun(github, t)
  github.state.logTexts.set(
    id,
    `2026-01-01T00:00:00.0000000Z npm test\n2026-01-01T00:00:01.0000000Z checkout.test.ts: expected 200, got 500\n2026-01-01T00:00:02.0000000Z ##[error]Process completed with exit code 1.\n`,
  )
}

/**
 * The annotations GitHub puts on a cancelled job (as seen on github.com; not documented): a job past
 * its timeout-minutes gets "The job has exceeded the maximum execution time of 30m0s" and "The
 * operation was canceled.", both as failures; a person's cancel "The run was canceled by @octocat.".
 */
export function cancelAnnotations(timedOut?: string): StandInAnnotation[] {
  if (!timedOut) return [{ annotation_level: 'failure', message: 'The run was canceled by @octocat.' }]
  return [
    { annotation_level: 'failure', message: `The job has exceeded the maximum execution time of ${timedOut}` },
    { annotation_level: 'failure', message: 'The operation was canceled.' },
  ]
}

/** The run among the watched workflow's runs, newest first, as "List workflow runs for a workflow" gives it. */
export function listRun(github: GitHubStandIn, t: Triggering): void {
  const entry = {
    id: t.id,
    run_attempt: t.attempt ?? 1,
    status: 'completed',
    conclusion: t.conclusion,
    head_branch: t.branch ?? 'main',
    head_sha: t.sha ?? shaOf(t.id),
    event: eventOf(t),
    head_repository: { full_name: t.fork ?? REPO },
    workflow: CI_FILE,
    workflow_id: CI_ID,
    updated_at: later(),
  }
  const at = github.state.workflowRuns.findIndex((r) => r.id === t.id)
  if (at >= 0) github.state.workflowRuns[at] = entry
  else github.state.workflowRuns.unshift(entry)
}

/** The event file of the reporter's run, as GitHub writes it for workflow_run.completed. */
export function workflowRunEvent(t: Triggering): { name: string; payload: Record<string, unknown> } {
  const payload = webhookPayload('workflow_run', 'completed') as { workflow_run: Record<string, unknown> }
  Object.assign(payload.workflow_run, {
    id: t.id,
    run_attempt: t.attempt ?? 1,
    workflow_id: CI_ID,
    name: 'CI',
    path: `.github/workflows/${CI_FILE}`,
    head_branch: t.branch ?? 'main',
    head_sha: t.sha ?? shaOf(t.id),
    event: eventOf(t),
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

let nextReporterRun = 9100

/**
 * One run of examples/report-failures.yml's failure job (or, with mode: recovery, its recovery job),
 * as the runner runs it, reporting on `t`; its own run begins and ends in `h`.
 */
export async function reporterStep(
  github: GitHubStandIn,
  desk: { url: string },
  h: RunHistory,
  t: Triggering,
  extra: Record<string, string> = {},
): Promise<{ result: RunResult; at: Attempt }> {
  const at = h.begin(nextReporterRun++, 1, 'main', false)
  const result = await runStep({
    inputs: {
      api_key: KEY,
      api_secret: SECRET,
      base_url: desk.url,
      requester_euid: 'contact_1',
      title: 'CI failed on main',
      ...extra,
    },
    env: reporterEnv(github, at),
    event: workflowRunEvent(t),
    githubToken: github.token,
  })
  h.end(at, result, false)
  return { result, at }
}
