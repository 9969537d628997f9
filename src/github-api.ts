// The three GitHub REST calls the recipes make (jobs of a run attempt, issue comments, the token's
// user), over the project's own transport: deadlines and proxies as for LiveDesk, no Octokit to
// bundle or parse. Knows nothing of LiveDesk.
import { send, TransportError } from './http-transport.js'
import { isRecord, oneLine } from './server-text.js'

export interface GitHubApiOptions {
  /** GITHUB_API_URL, so GitHub Enterprise Server works. */
  apiUrl: string
  token: string
  /** Bounds one operation, every page included. */
  timeoutMs: number
  log?: (line: string) => void
}

/** A GitHub call failed; `status` is set when GitHub answered. */
export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'GitHubApiError'
  }
}

export const PER_PAGE = 100
const MAX_PAGES = 30
const CONNECT_TIMEOUT_MS = 10_000
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024

export interface Job {
  name: string
  status: string
  conclusion: string | null
  html_url: string | null
  steps?: { name: string; status: string; conclusion: string | null; number?: number }[]
}

export interface IssueComment {
  id: number
  body?: string
  user: { login: string; type?: string } | null
}

/** Every job of one run attempt (GET …/actions/runs/{id}/attempts/{n}/jobs, all pages). */
export async function listRunJobs(opts: GitHubApiOptions, repository: string, runId: string, attempt: string): Promise<Job[]> {
  const path = `/repos/${repoPath(repository)}/actions/runs/${encodeURIComponent(runId)}/attempts/${encodeURIComponent(attempt || '1')}/jobs`
  return getAllPages(opts, path, (json) => (isRecord(json) && Array.isArray(json.jobs) ? (json.jobs as Job[]) : undefined))
}

/** Every comment of an issue, oldest first (all pages). */
export async function listIssueComments(opts: GitHubApiOptions, repository: string, issue: number): Promise<IssueComment[]> {
  const path = `/repos/${repoPath(repository)}/issues/${issue}/comments`
  return getAllPages(opts, path, (json) => (Array.isArray(json) ? (json as IssueComment[]) : undefined))
}

export async function createIssueComment(opts: GitHubApiOptions, repository: string, issue: number, body: string): Promise<IssueComment> {
  const json = await request(opts, 'POST', `/repos/${repoPath(repository)}/issues/${issue}/comments`, Date.now() + opts.timeoutMs, { body })
  return json as IssueComment
}

/** The issue as it is now (a re-run replays its event's payload, which may be stale). */
export async function getIssue(opts: GitHubApiOptions, repository: string, issue: number): Promise<unknown> {
  return request(opts, 'GET', `/repos/${repoPath(repository)}/issues/${issue}`, Date.now() + opts.timeoutMs)
}

/** The login the token acts as; GitHub refuses this for installation tokens such as GITHUB_TOKEN. */
export async function tokenLogin(opts: GitHubApiOptions): Promise<string> {
  const json = await request(opts, 'GET', '/user', Date.now() + opts.timeoutMs)
  if (!isRecord(json) || typeof json.login !== 'string') throw new GitHubApiError('GET /user returned no login.')
  return json.login
}

async function getAllPages<T>(opts: GitHubApiOptions, path: string, items: (json: unknown) => T[] | undefined): Promise<T[]> {
  const deadline = Date.now() + opts.timeoutMs
  const all: T[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const json = await request(opts, 'GET', `${path}?per_page=${PER_PAGE}&page=${page}`, deadline)
    const list = items(json)
    if (!list) throw new GitHubApiError(`GitHub answered ${path} with an unexpected shape.`)
    all.push(...list)
    if (list.length < PER_PAGE) return all
  }
  opts.log?.(`Stopped after ${MAX_PAGES} pages of ${path}.`)
  return all
}

async function request(opts: GitHubApiOptions, method: 'GET' | 'POST', path: string, deadline: number, body?: unknown): Promise<unknown> {
  const url = new URL(`${opts.apiUrl.replace(/\/+$/, '')}${path}`)
  const headers: Record<string, string> = {
    authorization: `Bearer ${opts.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'livedesk-ticket-action',
  }
  const payload = body === undefined ? undefined : JSON.stringify(body)
  if (payload !== undefined) headers['content-type'] = 'application/json; charset=utf-8'
  opts.log?.(`GitHub API: ${method} ${url.href}`)
  let res
  try {
    res = await send({ method, url, headers, body: payload, deadline, connectTimeoutMs: CONNECT_TIMEOUT_MS, maxResponseBytes: MAX_RESPONSE_BYTES })
  } catch (err) {
    if (err instanceof TransportError) {
      throw new GitHubApiError(err.timedOut ? `the GitHub API did not answer within ${Math.round(opts.timeoutMs / 1000)} s` : `the GitHub API could not be reached (${err.code ?? err.message})`)
    }
    throw err
  }
  let json: unknown
  try {
    json = JSON.parse(res.body)
  } catch {
    json = undefined
  }
  if (res.status < 200 || res.status >= 300) {
    const message = isRecord(json) && typeof json.message === 'string' ? `: ${oneLine(json.message, 200)}` : ''
    throw new GitHubApiError(`GitHub answered HTTP ${res.status}${message}`, res.status)
  }
  if (json === undefined) throw new GitHubApiError(`GitHub answered HTTP ${res.status} without JSON.`, res.status)
  return json
}

function repoPath(repository: string): string {
  const [owner, name] = repository.split('/')
  if (!owner || !name) throw new GitHubApiError(`GITHUB_REPOSITORY "${oneLine(repository, 200)}" is not owner/name.`)
  return `${encodeURIComponent(owner)}/${encodeURIComponent(name)}`
}

