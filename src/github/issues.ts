// Issues and their comments and labels (issues: read or write), and the token's own login.
import { GitHubApiError } from './errors.js'
import { call, list, splitRepository, type GitHubApiOptions } from './octokit-client.js'
import type { IssueComment, ListedIssue } from './shapes.js'
import { isRecord } from '../text/server-text.js'

const shapes = () => import('./shapes.js')

/**
 * A page of 100 comments can be large: each may hold 65,536 characters, up to 6 bytes each as JSON
 * (\u escapes): about 40 MB. A page that big is read, not refused: anyone who can comment could
 * otherwise make the issue's comments unreadable.
 */
const COMMENTS_PAGE_BYTES = 48 * 1024 * 1024

/** Every comment of an issue, oldest first, all pages (at most MAX_LISTED). */
export async function listIssueComments(
  opts: GitHubApiOptions,
  repository: string,
  issue: number,
): Promise<IssueComment[]> {
  return list(
    opts,
    `issue #${issue}'s comments`,
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    { ...splitRepository(repository), issue_number: issue },
    async () => (await shapes()).checkComments,
    { allPages: true, maxResponseBytes: COMMENTS_PAGE_BYTES },
  )
}

export async function createIssueComment(
  opts: GitHubApiOptions,
  repository: string,
  issue: number,
  body: string,
): Promise<IssueComment> {
  const data = await call(
    opts,
    `a comment on issue #${issue}`,
    async (octokit) =>
      (
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...splitRepository(repository),
          issue_number: issue,
          body,
        })
      ).data as unknown,
  )
  const checked = (await shapes()).checkComments([data])
  if ('problem' in checked) throw new GitHubApiError(`GitHub answered with an unexpected shape (${checked.problem})`)
  return checked.items[0]
}

/**
 * One page of the repository's open issues that carry `label`, least recently updated first, updated
 * at or after `since` when given (GitHub's own order and filter: the sync's cursor). Pull requests are
 * in the list too (with pull_request set), as GitHub gives them: a page shorter than `count` is the end.
 */
export async function listOpenIssuesByLabel(
  opts: GitHubApiOptions,
  repository: string,
  label: string,
  page: { since?: string; count: number; number?: number; newestFirst?: boolean },
): Promise<ListedIssue[]> {
  return list(
    opts,
    `the open issues labelled ${label}`,
    'GET /repos/{owner}/{repo}/issues',
    {
      ...splitRepository(repository),
      labels: label,
      state: 'open',
      sort: 'updated',
      direction: page.newestFirst ? 'desc' : 'asc',
      per_page: page.count,
      page: page.number ?? 1,
      ...(page.since ? { since: page.since } : {}),
    },
    async () => (await shapes()).checkIssues,
  )
}

/** Adds labels to an issue (GitHub creates a label that does not exist yet). */
export async function addIssueLabels(
  opts: GitHubApiOptions,
  repository: string,
  issue: number,
  labels: string[],
): Promise<void> {
  await call(opts, `the labels of issue #${issue}`, (octokit) =>
    octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      ...splitRepository(repository),
      issue_number: issue,
      labels,
    }),
  )
}

/** Closes an issue as completed. */
export async function closeIssue(opts: GitHubApiOptions, repository: string, issue: number): Promise<void> {
  await call(opts, `closing issue #${issue}`, (octokit) =>
    octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...splitRepository(repository),
      issue_number: issue,
      state: 'closed',
      state_reason: 'completed',
    }),
  )
}

/** The issue as it is now (a re-run replays its event's payload, which may be stale). */
export async function getIssue(opts: GitHubApiOptions, repository: string, issue: number): Promise<unknown> {
  return call(
    opts,
    `issue #${issue}`,
    async (octokit) =>
      (
        await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
          ...splitRepository(repository),
          issue_number: issue,
        })
      ).data,
  )
}

/** The login the token acts as; GitHub refuses this for installation tokens such as GITHUB_TOKEN. */
export async function tokenLogin(opts: GitHubApiOptions): Promise<string> {
  const data: unknown = await call(
    opts,
    "the token's user",
    async (octokit) => (await octokit.request('GET /user')).data,
  )
  if (!isRecord(data) || typeof data.login !== 'string') throw new GitHubApiError('GET /user returned no login.')
  return data.login
}
