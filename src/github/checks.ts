// Check runs: a job is a check run, and GitHub keeps a job's annotations with it (checks: read); a
// check run of the action's own on a commit (checks: write) is where a reporter records its ticket.
import { oneLine } from '../text/server-text.js'
import { GitHubApiError } from './errors.js'
import { call, list, splitRepository, type GitHubApiOptions } from './octokit-client.js'
import type { Annotation, CheckRun } from './shapes.js'

/** The annotations of a check run (a job's id is its check run's): one page of at most 100. */
export async function listCheckRunAnnotations(
  opts: GitHubApiOptions,
  repository: string,
  checkRunId: number,
): Promise<Annotation[]> {
  return list(
    opts,
    `the annotations of job ${checkRunId}`,
    'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations',
    { ...splitRepository(repository), check_run_id: checkRunId, per_page: 100 },
    async () => (await import('./shapes.js')).checkAnnotations,
    { itemsOf: (data) => (Array.isArray(data) ? data : [data]) },
  )
}

/**
 * The check runs named `name` on a commit, every one of them (filter=all), newest first: up to 3 pages
 * of 100 (GitHub documents no order; a commit rarely holds more than a page of one name).
 */
export async function listCheckRunsNamed(
  opts: GitHubApiOptions,
  repository: string,
  sha: string,
  name: string,
): Promise<CheckRun[]> {
  const runs = await list(
    opts,
    `the check runs of commit ${sha.slice(0, 12)}`,
    'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
    { ...splitRepository(repository), ref: commitSha(sha), check_name: name, filter: 'all' },
    async () => (await import('./shapes.js')).checkCheckRuns,
    { allPages: true, maxPages: 3 },
  )
  // GitHub documents no order: a check run's id grows with time.
  return runs.sort((a, b) => b.id - a.id)
}

/** A finished check run on a commit (checks: write), with a title and a Markdown summary. */
export interface NewCheckRun {
  name: string
  sha: string
  title: string
  summary: string
  /** The page the check links to (the ticket, the run). */
  detailsUrl?: string
  /** The integrator's own reference (GitHub's external_id). */
  externalId?: string
}

/** Creates a completed, neutral check run: it tells, it never fails the commit. */
export async function createCheckRun(opts: GitHubApiOptions, repository: string, run: NewCheckRun): Promise<void> {
  await call(opts, `a check run on commit ${run.sha.slice(0, 12)}`, (octokit) =>
    octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      ...splitRepository(repository),
      name: run.name,
      head_sha: commitSha(run.sha),
      status: 'completed',
      conclusion: 'neutral',
      ...(run.detailsUrl ? { details_url: run.detailsUrl } : {}),
      ...(run.externalId ? { external_id: run.externalId } : {}),
      output: { title: run.title, summary: run.summary },
    }),
  )
}

/** A commit's full SHA as a path segment: anything else could name another ref or path. */
function commitSha(sha: string): string {
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha))
    throw new GitHubApiError(`"${oneLine(sha, 80)}" is not a commit's full SHA.`)
  return sha
}
