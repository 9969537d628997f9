// github/ owns GitHub's REST API (through @actions/github) and the run's context; it must not know LiveDesk.
// The GitHub REST calls the recipes make, through @actions/github's Octokit (getOctokit, request with
// the route as GitHub's REST documentation writes it, paginate), loaded only by runs that call GitHub.
// Octokit is given the project's own fetch (http/fetch.ts): the GitHub deadline, proxy rules and
// no-redirect rule for the token.
// Knows nothing of LiveDesk.
import { send, TransportError, type HttpResponse, type KeptConnections } from '../http/transport.js'
import { transportFetch } from '../http/fetch.js'
import { keptConnections } from '../http/kept-connections.js'
import { isHttpsOrLoopback } from '../http/loopback.js'
import { nextAttempt, type RetryPolicy } from '../http/retry-policy.js'
import { isRecord, oneLine } from '../text/server-text.js'
import { rateLimitOf, rateLimitWords, type RateLimit } from './rate-limit.js'
import type { Annotation, AttemptJob, IssueComment, Job, ListedIssue, WorkflowRun } from './shapes.js'
import { message } from '../text/message.js'

export interface GitHubApiOptions {
  /** GITHUB_API_URL, so GitHub Enterprise Server works. */
  apiUrl: string
  token: string
  /** Bounds one operation, every page included. */
  timeoutMs: number
  log?: (line: string) => void
  /** Called for every request sent to the API (pages and tries included): a run that keeps a budget counts them. */
  onRequest?: () => void
  /** Waits between tries (tests pass their own). */
  sleep?: (ms: number) => Promise<void>
  /**
   * Writes (POST, PATCH, PUT, DELETE) through these options keep this pace, as GitHub asks of many
   * writes ("wait at least one second between each request", REST "Best practices"): after the first
   * `burst` writes, one every `intervalMs`. The state is shared by every call made with these options.
   */
  writePace?: { intervalMs: number; burst: number; writes?: number; last?: number }
  /** The reads made with these options share kept-alive connections (to the API, to the log storage). */
  kept?: KeptConnections
}

/** A GitHub call failed; `status` is set when GitHub answered, `rateLimit` when it was a rate limit. */
export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly rateLimit?: RateLimit,
  ) {
    super(message)
    this.name = 'GitHubApiError'
  }
}

export type { RateLimit }

/**
 * Whether GitHub refused for want of a permission (401, 403, or 404 where a token without one sees
 * "not found"; a job's log that answers 404 is gone or not there yet: `notFound: false`). A rate
 * limit is never one, though GitHub answers it with 403 too.
 */
export function refusedForPermission(err: unknown, { notFound = true } = {}): boolean {
  return (
    err instanceof GitHubApiError &&
    !err.rateLimit &&
    (err.status === 401 || err.status === 403 || (notFound && err.status === 404))
  )
}

/** Whether GitHub refused for a rate limit (primary or secondary). */
export function rateLimited(err: unknown): err is GitHubApiError & { rateLimit: RateLimit } {
  return err instanceof GitHubApiError && err.rateLimit !== undefined
}

/**
 * What a warning adds after a GitHub failure: the permissions to give when GitHub refused for want of
 * one; nothing for a rate limit (its message says what it is); `otherwise` for the rest.
 */
export function permissionHint(err: unknown, permissions: string, otherwise = ''): string {
  if (refusedForPermission(err)) return ` Give the workflow "permissions: ${permissions}".`
  return rateLimited(err) ? '' : otherwise
}

/** Builds the options of the GitHub calls: a hanging API must not hold the step, so each gets
 * timeout_seconds, at most GITHUB_TIMEOUT_MS and at least 1 s. */
export function githubApiOptions(
  apiUrl: string,
  token: string,
  timeoutMs: number,
  log: (line: string) => void,
): GitHubApiOptions {
  return {
    apiUrl,
    token,
    timeoutMs: Math.max(1000, Math.min(timeoutMs, GITHUB_TIMEOUT_MS)),
    log,
    kept: keptConnections(),
  }
}

export const GITHUB_TIMEOUT_MS = 10_000
export const PER_PAGE = 100
const MAX_PAGES = 30
/** The most items a listing of all pages returns (an issue's comments, say); more are not read. */
export const MAX_LISTED = PER_PAGE * MAX_PAGES
const CONNECT_TIMEOUT_MS = 10_000
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024

export type { Annotation, AttemptJob, IssueComment, Job, ListedIssue, WorkflowRun }

type Octokit = ReturnType<typeof import('@actions/github').getOctokit>

/** Every job of one run attempt, all pages. */
export async function listRunJobs(
  opts: GitHubApiOptions,
  repository: string,
  runId: string,
  attempt: string,
): Promise<Job[]> {
  const { owner, repo } = splitRepository(repository)
  return call(opts, "the run's jobs", (octokit) =>
    allPages(
      opts,
      octokit.paginate.iterator('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', {
        owner,
        repo,
        run_id: wholeNumber('GITHUB_RUN_ID', runId),
        attempt_number: wholeNumber('GITHUB_RUN_ATTEMPT', attempt || '1'),
        per_page: PER_PAGE,
        page: 1,
      }),
    ).then(async (items) => shaped((await import('./shapes.js')).checkJobs(items))),
  )
}

/** The jobs of every attempt of a run (filter=all), each with its run_attempt, all pages. */
export async function listRunJobsAllAttempts(
  opts: GitHubApiOptions,
  repository: string,
  runId: string,
): Promise<AttemptJob[]> {
  const { owner, repo } = splitRepository(repository)
  return call(opts, `the jobs of run ${runId}`, (octokit) =>
    allPages(
      opts,
      octokit.paginate.iterator('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
        owner,
        repo,
        run_id: wholeNumber('run id', runId),
        filter: 'all',
        per_page: PER_PAGE,
        page: 1,
      }),
    ).then(async (items) => shaped((await import('./shapes.js')).checkAttemptJobs(items))),
  )
}

/** The latest jobs of a run (its last attempt): one page of at most 100. */
export async function listRunJobsLatest(
  opts: GitHubApiOptions,
  repository: string,
  runId: number,
): Promise<AttemptJob[]> {
  const { owner, repo } = splitRepository(repository)
  return call(opts, `the jobs of run ${runId}`, async (octokit) => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
      owner,
      repo,
      run_id: runId,
      filter: 'latest',
      per_page: PER_PAGE,
    })
    return shaped(
      (await import('./shapes.js')).checkAttemptJobs(isRecord(data) && Array.isArray(data.jobs) ? data.jobs : [data]),
    )
  })
}

/** The newest runs of a workflow (by its file name), on one branch when given: one page. */
export async function listWorkflowRuns(
  opts: GitHubApiOptions,
  repository: string,
  workflowFile: string,
  branch: string | undefined,
  count: number,
): Promise<WorkflowRun[]> {
  const { owner, repo } = splitRepository(repository)
  return call(opts, `the runs of ${workflowFile}`, async (octokit) => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
      owner,
      repo,
      workflow_id: fileName('workflow file', workflowFile),
      per_page: count,
      ...(branch ? { branch } : {}),
    })
    return shaped(
      (await import('./shapes.js')).checkWorkflowRuns(
        isRecord(data) && Array.isArray(data.workflow_runs) ? data.workflow_runs : [data],
      ),
    )
  })
}

/** The annotations of a check run (a job's id is its check run's): one page of at most 100. */
export async function listCheckRunAnnotations(
  opts: GitHubApiOptions,
  repository: string,
  checkRunId: number,
): Promise<Annotation[]> {
  const { owner, repo } = splitRepository(repository)
  return call(opts, `the annotations of job ${checkRunId}`, async (octokit) => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', {
      owner,
      repo,
      check_run_id: checkRunId,
      per_page: PER_PAGE,
    })
    return shaped((await import('./shapes.js')).checkAnnotations(Array.isArray(data) ? data : [data]))
  })
}

/** At most this much of a job's log is read: the lines wanted are near its first error. */
export const MAX_LOG_BYTES = 4 * 1024 * 1024
const LOG_HOPS = 3

/**
 * The start of a job's log, up to `enough` (GET …/actions/jobs/{id}/logs, actions: read). GitHub
 * answers with a redirect to a storage host: it is followed without the GitHub token (and never with
 * LiveDesk's credentials), https only (plain http to loopback, for tests), at most LOG_HOPS hops,
 * reading at most `maxBytes`, all within the GitHub deadline. A storage answer lost on the way or a
 * 5xx is tried again like any read.
 */
export async function readJobLog(
  opts: GitHubApiOptions,
  repository: string,
  jobId: number,
  enough: (chunk: Buffer) => boolean,
  maxBytes = MAX_LOG_BYTES,
): Promise<{ text: string; partial: boolean }> {
  const { owner, repo } = splitRepository(repository)
  const deadline = Date.now() + opts.timeoutMs
  const first = await call(
    opts,
    `the log of job ${jobId}`,
    async (octokit): Promise<{ location: string } | { text: string }> => {
      // TEXT_ANSWER: the one answer the JSON-shape check below leaves alone.
      const res = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
        owner,
        repo,
        job_id: jobId,
        request: { redirect: 'manual', [TEXT_ANSWER]: true },
      })
      const location = redirectTarget(res.status, res.headers.location)
      return location !== undefined ? { location } : { text: typeof res.data === 'string' ? res.data : '' }
    },
  )
  if ('text' in first) return { text: first.text, partial: false }
  let url = new URL(first.location, opts.apiUrl)
  for (let hop = 0; hop < LOG_HOPS; hop++) {
    if (!isHttpsOrLoopback(url)) {
      throw new GitHubApiError(
        `GitHub offered the log at ${url.protocol}//${url.host}, which is not https; it was not followed`,
      )
    }
    opts.log?.(`GitHub API: the log of job ${jobId} from ${url.origin}`)
    const res = await fromStorage(opts, url, deadline, maxBytes, enough, `the log of job ${jobId}`)
    const location = redirectTarget(res.status, res.headers.location)
    if (location !== undefined) {
      url = new URL(location, url)
      continue
    }
    // The storage host's 403 is an expired address, not a missing permission: only a log gone keeps its status.
    if (res.status !== 200)
      throw new GitHubApiError(
        `the log storage answered HTTP ${res.status} for the log of job ${jobId}`,
        res.status === 404 || res.status === 410 ? res.status : undefined,
      )
    return { text: res.body, partial: res.partial === true }
  }
  throw new GitHubApiError(`the log of job ${jobId} was redirected more than ${LOG_HOPS} times`)
}

/** One storage hop of a log, tried again after a lost connection or a 5xx, within the deadline. */
async function fromStorage(
  opts: GitHubApiOptions,
  url: URL,
  deadline: number,
  maxBytes: number,
  enough: (chunk: Buffer) => boolean,
  what: string,
): Promise<HttpResponse> {
  for (let attempt = 1; ; attempt++) {
    let failure: unknown
    let answer: HttpResponse | undefined
    try {
      // No Authorization: the address itself is the permission, and the token stays with GitHub.
      answer = await send({
        method: 'GET',
        url,
        headers: { 'user-agent': 'livedesk-ticket-action' },
        deadline,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        maxResponseBytes: maxBytes,
        kept: opts.kept,
        keepPart: { enough },
      })
      if (answer.status < 500) return answer
      failure = { status: answer.status, response: { headers: answer.headers } }
    } catch (err) {
      failure = err
    }
    const next = retryWait(failure, { method: 'GET', attempt, waitedForLimit: true, leftMs: deadline - Date.now() })
    if (!next) {
      if (answer) return answer
      throw toGitHubApiError(failure, opts, what)
    }
    await (opts.sleep ?? sleep)(next.waitMs)
  }
}

/** A request option of the calls whose answer is text, not JSON. */
const TEXT_ANSWER = 'livedeskTextAnswer'

/** Where a log answer sends the reader next: the Location of a 3xx, or undefined. */
function redirectTarget(status: number, location: unknown): string | undefined {
  return status >= 300 && status < 400 && typeof location === 'string' ? location : undefined
}

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
  const { owner, repo } = splitRepository(repository)
  return call(
    opts,
    `issue #${issue}'s comments`,
    (octokit) =>
      allPages(
        opts,
        octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: issue,
          per_page: PER_PAGE,
          page: 1,
        }),
      ).then(async (items) => shaped((await import('./shapes.js')).checkComments(items))),
    COMMENTS_PAGE_BYTES,
  )
}

export async function createIssueComment(
  opts: GitHubApiOptions,
  repository: string,
  issue: number,
  body: string,
): Promise<IssueComment> {
  const { owner, repo } = splitRepository(repository)
  return call(
    opts,
    `a comment on issue #${issue}`,
    async (octokit) =>
      (
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: issue,
          body,
        })
      ).data as IssueComment,
  )
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
  const { owner, repo } = splitRepository(repository)
  return call(opts, `the open issues labelled ${label}`, async (octokit) => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', {
      owner,
      repo,
      labels: label,
      state: 'open',
      sort: 'updated',
      direction: page.newestFirst ? 'desc' : 'asc',
      per_page: page.count,
      page: page.number ?? 1,
      ...(page.since ? { since: page.since } : {}),
    })
    return shaped((await import('./shapes.js')).checkIssues(listOf(data)))
  })
}

/** Adds labels to an issue (GitHub creates a label that does not exist yet). */
export async function addIssueLabels(
  opts: GitHubApiOptions,
  repository: string,
  issue: number,
  labels: string[],
): Promise<void> {
  const { owner, repo } = splitRepository(repository)
  await call(opts, `the labels of issue #${issue}`, (octokit) =>
    octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      owner,
      repo,
      issue_number: issue,
      labels,
    }),
  )
}

/** Closes an issue as completed. */
export async function closeIssue(opts: GitHubApiOptions, repository: string, issue: number): Promise<void> {
  const { owner, repo } = splitRepository(repository)
  await call(opts, `closing issue #${issue}`, (octokit) =>
    octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: issue,
      state: 'closed',
      state_reason: 'completed',
    }),
  )
}

/** The issue as it is now (a re-run replays its event's payload, which may be stale). */
export async function getIssue(opts: GitHubApiOptions, repository: string, issue: number): Promise<unknown> {
  const { owner, repo } = splitRepository(repository)
  return call(
    opts,
    `issue #${issue}`,
    async (octokit) =>
      (await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue }))
        .data,
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

/** The checked items, or the shape problem as a GitHubApiError (the callers' warnings say the rest). */
function shaped<T>(checked: { items: T[] } | { problem: string }): T[] {
  if ('problem' in checked) throw new GitHubApiError(`GitHub answered with an unexpected shape (${checked.problem})`)
  return checked.items
}

/** An answer that must be a list, or the shape problem as a GitHubApiError. */
function listOf(data: unknown): unknown[] {
  if (!Array.isArray(data)) throw new GitHubApiError('GitHub answered with an unexpected shape (no list)')
  return data
}

/** Pages of a listing, at most MAX_PAGES of them. */
async function allPages(opts: GitHubApiOptions, pages: AsyncIterable<{ data: unknown }>): Promise<unknown[]> {
  const all: unknown[] = []
  let count = 0
  for await (const page of pages) {
    for (const item of listOf(page.data)) all.push(item)
    if (++count >= MAX_PAGES) {
      opts.log?.(`Stopped after ${MAX_PAGES} pages.`)
      break
    }
  }
  return all
}

/** One operation: its own Octokit whose fetch ends every request by the operation's deadline. */
async function call<T>(
  opts: GitHubApiOptions,
  what: string,
  fn: (octokit: Octokit) => Promise<T>,
  maxResponseBytes = MAX_RESPONSE_BYTES,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs
  const apiUrl = opts.apiUrl.replace(/\/+$/, '')
  try {
    const { getOctokit } = await import('@actions/github')
    const log = (line: string): void => opts.log?.(`GitHub API: ${line}`)
    const octokit = getOctokit(opts.token, {
      baseUrl: apiUrl,
      userAgent: 'livedesk-ticket-action',
      log: { debug: log, info: log, warn: log, error: log },
      request: {
        fetch: transportFetch({
          deadline,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
          maxResponseBytes,
          origin: new URL(apiUrl).origin,
          kept: opts.kept,
        }),
      },
    })
    octokit.hook.before('request', (options) => {
      opts.onRequest?.()
      options.headers['x-github-api-version'] = '2022-11-28'
      log(`${options.method} ${options.url}`)
    })
    // Every JSON answer is an object or a list (Octokit would read null as an empty page).
    octokit.hook.after('request', (response, options) => {
      const data: unknown = response.data
      // A job's log is text (the call says so in its request options); every other answer is JSON.
      if (isRecord(options.request) && options.request[TEXT_ANSWER] === true) return
      if (
        response.status >= 200 &&
        response.status < 300 &&
        response.status !== 204 &&
        (data === null || typeof data !== 'object')
      ) {
        throw new GitHubApiError(
          `GitHub answered with an unexpected shape (${data === null ? 'null' : typeof data === 'string' ? 'text' : typeof data})`,
        )
      }
    })
    // Outermost: each try runs the hooks above again (counted, logged, checked).
    octokit.hook.wrap('request', triedAgain(opts, deadline, log))
    return await fn(octokit)
  } catch (err) {
    throw toGitHubApiError(err, opts, what)
  }
}

/** The hook that sends a request, waits for GitHub's pace, and tries it again as retryWait says. */
function triedAgain(
  opts: GitHubApiOptions,
  deadline: number,
  log: (line: string) => void,
): <O extends { method: string; url: string }, R>(request: (options: O) => R | Promise<R>, options: O) => Promise<R> {
  return async (request, options) => {
    if (options.method !== 'GET' && options.method !== 'HEAD') await keepPace(opts)
    let waitedForLimit = false
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(options)
      } catch (err) {
        const next = retryWait(err, { method: options.method, attempt, waitedForLimit, leftMs: deadline - Date.now() })
        if (!next) throw err
        waitedForLimit ||= next.forLimit
        log(
          `${options.method} ${options.url} failed (${next.why}); trying again in ${(next.waitMs / 1000).toFixed(1)} s`,
        )
        await (opts.sleep ?? sleep)(next.waitMs)
      }
    }
  }
}

/** Waits until the next write may go, by opts.writePace. */
async function keepPace(opts: GitHubApiOptions): Promise<void> {
  const pace = opts.writePace
  if (!pace) return
  pace.writes = (pace.writes ?? 0) + 1
  const wait = pace.writes > pace.burst && pace.last !== undefined ? pace.last + pace.intervalMs - Date.now() : 0
  if (wait > 0) await (opts.sleep ?? sleep)(wait)
  pace.last = Date.now()
}

/** Tries of one request: the first and two more (a write only when nothing reached GitHub). */
const TRIES: RetryPolicy = { attempts: 3, backoff: { baseMs: 300 }, marginMs: 500 }
/** Waits for a rate limit, counted apart from the tries: one per request, always as long as GitHub names. */
const LIMIT_WAITS: RetryPolicy = { attempts: 2, backoff: { baseMs: 0 }, marginMs: 500 }
/** Past the wait GitHub names, so that the limit has surely been lifted when the request goes again. */
const LIMIT_SLACK_MS = 250

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Whether a failed request is tried again, and after how long; undefined: it is not. GitHub's rule
 * says whether another try could help (worthTryingAgain), the shared policy whether one fits (TRIES).
 * A rate limit whose wait GitHub names and which fits in what is left of the deadline is waited out,
 * once per request. Never past the deadline.
 */
export function retryWait(
  err: unknown,
  at: { method: string; attempt: number; waitedForLimit: boolean; leftMs: number },
): { waitMs: number; forLimit: boolean; why: string } | undefined {
  const failure = failureOf(err)
  const limit = failure.status !== undefined ? rateLimitOf(failure.status, failure.headers, failure.message) : undefined
  if (limit) {
    if (limit.retryAfterMs === undefined) return undefined
    const next = nextAttempt(LIMIT_WAITS, {
      attempt: at.waitedForLimit ? 2 : 1, // the first limit is waited out, a second is not
      leftMs: at.leftMs,
      askedMs: limit.retryAfterMs + LIMIT_SLACK_MS,
    })
    return next.again
      ? { waitMs: next.waitMs, forLimit: true, why: `HTTP ${failure.status}, a ${limit.kind} rate limit` }
      : undefined
  }
  const why = worthTryingAgain(failure, at.method)
  if (!why) return undefined
  const next = nextAttempt(TRIES, { attempt: at.attempt, leftMs: at.leftMs })
  return next.again ? { waitMs: next.waitMs, forLimit: false, why } : undefined
}

/**
 * GitHub's rule: a read is tried again after a 5xx or a connection lost before an answer; a write
 * only when nothing reached GitHub (a comment must not be posted twice). Returns why (the status or
 * the transport's code), or undefined.
 */
function worthTryingAgain(failure: ReturnType<typeof failureOf>, method: string): string | undefined {
  const read = method === 'GET' || method === 'HEAD'
  const t = failure.transport
  if (t)
    return !t.timedOut && !NOT_RETRIED.has(t.code ?? '') && (read || !t.sent)
      ? (t.code ?? 'connection lost')
      : undefined
  return read && failure.status !== undefined && [500, 502, 503, 504].includes(failure.status)
    ? `HTTP ${failure.status}`
    : undefined
}

/** Transport failures that another try cannot mend. */
const NOT_RETRIED = new Set(['EORIGIN', 'EREDIRECT', 'ERESPONSETOOLARGE', 'EBODY', 'EPROXY'])

/** What a failed request says: GitHub's status, headers and message, or the transport's failure. */
function failureOf(err: unknown): {
  status?: number
  headers: Record<string, string | undefined>
  message: string
  transport?: TransportError
} {
  const cause = isRecord(err) ? err.cause : undefined
  const transport = err instanceof TransportError ? err : cause instanceof TransportError ? cause : undefined
  const status = isRecord(err) && typeof err.status === 'number' ? err.status : undefined
  const response = isRecord(err) && isRecord(err.response) ? err.response : {}
  const headers = isRecord(response.headers) ? (response.headers as Record<string, string | undefined>) : {}
  const data = isRecord(response.data) ? response.data : {}
  return { status, headers, message: typeof data.message === 'string' ? data.message : '', transport }
}

function toGitHubApiError(err: unknown, opts: GitHubApiOptions, what: string): GitHubApiError {
  if (err instanceof GitHubApiError) return err
  const failure = failureOf(err)
  const transport = failure.transport
  if (transport) {
    const via = transport.proxy ? ` through the proxy ${transport.proxy}` : ''
    if (transport.timedOut)
      return new GitHubApiError(`the GitHub API did not answer${via} within ${Math.round(opts.timeoutMs / 1000)} s`)
    if (transport.code === 'EORIGIN' || transport.code === 'EREDIRECT')
      return new GitHubApiError(`the GitHub API ${transport.message}`)
    if (transport.code === 'ERESPONSETOOLARGE')
      return new GitHubApiError(`GitHub's answer for ${what} was larger than the action reads (${transport.message})`)
    return new GitHubApiError(`the GitHub API could not be reached${via} (${transport.code ?? transport.message})`)
  }
  // Octokit's own code reading an answer that is no JSON object (a string, null) throws TypeErrors.
  if (err instanceof TypeError)
    return new GitHubApiError(`GitHub answered with an unexpected shape (${oneLine(err.message, 120)})`)
  const { status } = failure
  if (status !== undefined) {
    const limit = rateLimitOf(status, failure.headers, failure.message)
    if (limit) return new GitHubApiError(rateLimitWords(limit, status), status, limit)
    const message = failure.message ? `: ${oneLine(failure.message, 200)}` : ''
    return new GitHubApiError(`GitHub answered HTTP ${status}${message}`, status)
  }
  return new GitHubApiError(`reading ${what} failed (${oneLine(message(err), 200)})`)
}

function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = repository.split('/')
  if (!owner || !repo || rest.length > 0)
    throw new GitHubApiError(`GITHUB_REPOSITORY "${oneLine(repository, 200)}" is not owner/name.`)
  return { owner, repo }
}

/** A file name as one path segment: Octokit escapes "/", "?" and "%" in it, but not "." or "..". */
function fileName(name: string, value: string): string {
  if (/^\.*$/.test(value)) throw new GitHubApiError(`${name} "${oneLine(value, 40)}" is not a file name.`)
  return value
}

function wholeNumber(name: string, value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new GitHubApiError(`${name} "${oneLine(value, 40)}" is not a number.`)
  return Number(value)
}
