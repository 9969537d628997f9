// GitHub Actions' runs and jobs (actions: read): the jobs of a run attempt, of every attempt, and a
// workflow's runs. Each a GET through list() with its answer's shape checked.
import { itemsUnder, list, splitRepository, wholeNumber, fileName, type GitHubApiOptions } from './octokit-client.js'
import type { AttemptJob, Job, WorkflowRun } from './shapes.js'

const shapes = () => import('./shapes.js')

/** Every job of one run attempt, all pages. */
export async function listRunJobs(
  opts: GitHubApiOptions,
  repository: string,
  runId: string,
  attempt: string,
): Promise<Job[]> {
  return list(
    opts,
    "the run's jobs",
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
    {
      ...splitRepository(repository),
      run_id: wholeNumber('GITHUB_RUN_ID', runId),
      attempt_number: wholeNumber('GITHUB_RUN_ATTEMPT', attempt || '1'),
    },
    async () => (await shapes()).checkJobs,
    { allPages: true },
  )
}

/** The jobs of every attempt of a run (filter=all), each with its run_attempt, all pages. */
export async function listRunJobsAllAttempts(
  opts: GitHubApiOptions,
  repository: string,
  runId: string,
): Promise<AttemptJob[]> {
  return list(
    opts,
    `the jobs of run ${runId}`,
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
    { ...splitRepository(repository), run_id: wholeNumber('run id', runId), filter: 'all' },
    async () => (await shapes()).checkAttemptJobs,
    { allPages: true },
  )
}

/** The latest jobs of a run (its last attempt): one page of at most 100. */
export async function listRunJobsLatest(
  opts: GitHubApiOptions,
  repository: string,
  runId: number,
): Promise<AttemptJob[]> {
  return list(
    opts,
    `the jobs of run ${runId}`,
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
    { ...splitRepository(repository), run_id: runId, filter: 'latest', per_page: 100 },
    async () => (await shapes()).checkAttemptJobs,
    { itemsOf: itemsUnder('jobs') },
  )
}

/** Which runs of a workflow to list: GitHub's own filters (REST "List workflow runs for a workflow"). */
export interface RunsWanted {
  /** The workflow's file name (ci.yml) or its numeric id (a dynamic workflow has only the id). */
  workflow: string | number
  branch?: string
  /** The event that started the runs (push, schedule, pull_request, …). */
  event?: string
  /** A status or a conclusion: `failure` lists the failed runs only. */
  status?: string
  count: number
}

/** The newest runs of a workflow that match `wanted`, newest first: one page. */
export async function listWorkflowRuns(
  opts: GitHubApiOptions,
  repository: string,
  wanted: RunsWanted,
): Promise<WorkflowRun[]> {
  const { workflow, branch, event, status, count } = wanted
  return list(
    opts,
    `the runs of ${workflow}`,
    'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    {
      ...splitRepository(repository),
      workflow_id: typeof workflow === 'number' ? workflow : fileName('workflow file', workflow),
      per_page: count,
      ...(branch ? { branch } : {}),
      ...(event ? { event } : {}),
      ...(status ? { status } : {}),
    },
    async () => (await shapes()).checkWorkflowRuns,
    { itemsOf: itemsUnder('workflow_runs') },
  )
}
