// Check runs (checks: read): a job is a check run, and GitHub keeps a job's annotations with it.
import { list, splitRepository, type GitHubApiOptions } from './octokit-client.js'
import type { Annotation } from './shapes.js'

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
