// github/ owns GitHub's REST API (through @actions/github) and the run's context; it must not know LiveDesk.
// One GitHub call: its own Octokit (@actions/github's getOctokit) on the project's fetch (http/fetch.ts:
// the call's deadline, the proxy rules, no redirect with the token), each request counted, logged,
// checked for a JSON answer and tried again as retry.ts says; every failure a GitHubApiError. The
// endpoint modules (actions.ts, checks.ts, issues.ts, job-logs.ts) call GitHub only through call()
// and list(). Loaded only by runs that call GitHub.
import { transportFetch } from '../http/fetch.js'
import { keptConnections } from '../http/kept-connections.js'
import type { KeptConnections } from '../http/transport.js'
import { isRecord, oneLine } from '../text/server-text.js'
import { GitHubApiError, toGitHubApiError } from './errors.js'
import { keepPace, retryWait, sleep, type WritePace } from './retry.js'

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
  /** Writes (POST, PATCH, PUT, DELETE) through these options keep this pace (retry.ts). */
  writePace?: WritePace
  /** The reads made with these options share kept-alive connections (to the API, to the log storage). */
  kept?: KeptConnections
}

export const GITHUB_TIMEOUT_MS = 10_000
export const PER_PAGE = 100
const MAX_PAGES = 30
/** The most items a listing of all pages returns (an issue's comments, say); more are not read. */
export const MAX_LISTED = PER_PAGE * MAX_PAGES
export const CONNECT_TIMEOUT_MS = 10_000
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024

/**
 * The options of the run's GitHub calls: a hanging API must not hold the step, so each call gets
 * timeout_seconds, at most GITHUB_TIMEOUT_MS and at least 1 s.
 */
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

/** Every call of a lookup (several calls) has the GitHub deadline; all of them together this many times it. */
const LOOKUP_CALLS_DEADLINE = 3

/** The GitHub options of one lookup: each call its own deadline, none past the lookup's. */
export function withinLookup(perCall: GitHubApiOptions): GitHubApiOptions {
  const bound = perCall.timeoutMs * LOOKUP_CALLS_DEADLINE
  const until = Date.now() + bound
  return {
    ...perCall,
    get timeoutMs() {
      const left = until - Date.now()
      if (left < 100) throw new GitHubApiError(`the lookup did not finish within ${Math.round(bound / 1000)} s`)
      return Math.min(perCall.timeoutMs, left)
    },
  }
}

export type Octokit = ReturnType<typeof import('@actions/github').getOctokit>

/** A request option of the calls whose answer is text (a job's log), not JSON. */
export const TEXT_ANSWER = 'livedeskTextAnswer'

/** One operation: its own Octokit whose fetch ends every request by the operation's deadline. */
export async function call<T>(
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
    // Debug lines show each URL as sent: a route's template ("/repos/{owner}/…") filled in.
    const sent = (options: { method: string; url: string }): string => {
      try {
        return `${options.method} ${octokit.request.endpoint.parse(options as Parameters<typeof octokit.request.endpoint.parse>[0]).url}`
      } catch {
        return `${options.method} ${options.url}`
      }
    }
    octokit.hook.before('request', (options) => {
      opts.onRequest?.()
      options.headers['x-github-api-version'] = '2022-11-28'
      log(sent(options))
    })
    octokit.hook.after('request', checkJsonAnswer)
    // Outermost: each try runs the hooks above again (counted, logged, checked).
    octokit.hook.wrap('request', triedAgain(opts, deadline, log, sent))
    return await fn(octokit)
  } catch (err) {
    throw toGitHubApiError(err, opts.timeoutMs, what, apiUrl)
  }
}

/** Every JSON answer is an object or a list (Octokit would read null as an empty page). */
function checkJsonAnswer(response: { status: number; data: unknown }, options: { request?: unknown }): void {
  const data = response.data
  // A job's log is text (the call says so in its request options); every other answer is JSON.
  if (isRecord(options.request) && options.request[TEXT_ANSWER] === true) return
  const ok = response.status >= 200 && response.status < 300 && response.status !== 204
  if (ok && (data === null || typeof data !== 'object')) {
    throw new GitHubApiError(
      `GitHub answered with an unexpected shape (${data === null ? 'null' : typeof data === 'string' ? 'text' : typeof data})`,
    )
  }
}

/** The answer's items, checked against their shape (github/shapes.ts), or a GitHubApiError naming the first misfit. */
export type ShapeCheck<T> = (items: unknown[]) => { items: T[] } | { problem: string }

/**
 * A GET listing of `route` (as GitHub's REST documentation writes it), its items checked: one page of
 * `per_page` items (`itemsOf` takes them out of the answer: a list, or an object such as
 * `{ jobs: […] }`), or with `allPages` every page up to MAX_PAGES.
 */
export async function list<T>(
  opts: GitHubApiOptions,
  what: string,
  route: string,
  params: Record<string, unknown>,
  check: () => Promise<ShapeCheck<T>>,
  {
    itemsOf = (data) => listOf(data),
    allPages = false,
    maxPages = MAX_PAGES,
    maxResponseBytes,
  }: { itemsOf?: (data: unknown) => unknown[]; allPages?: boolean; maxPages?: number; maxResponseBytes?: number } = {},
): Promise<T[]> {
  return call(
    opts,
    what,
    async (octokit) => {
      const items = allPages
        ? await everyPage(opts, octokit.paginate.iterator(route, { per_page: PER_PAGE, page: 1, ...params }), maxPages)
        : itemsOf((await octokit.request(route, params)).data)
      return shaped((await check())(items))
    },
    maxResponseBytes,
  )
}

/** The items of an answer that holds them under `key` ({ jobs: […] }); a lone object is checked as one item. */
export function itemsUnder(key: string): (data: unknown) => unknown[] {
  return (data) => (isRecord(data) && Array.isArray(data[key]) ? data[key] : [data])
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

/** Pages of a listing, at most `maxPages` of them. */
async function everyPage(
  opts: GitHubApiOptions,
  pages: AsyncIterable<{ data: unknown }>,
  maxPages: number,
): Promise<unknown[]> {
  const all: unknown[] = []
  let count = 0
  for await (const page of pages) {
    for (const item of listOf(page.data)) all.push(item)
    if (++count >= maxPages) {
      opts.log?.(`Stopped after ${maxPages} pages.`)
      break
    }
  }
  return all
}

/** The hook that sends a request, waits for GitHub's pace, and tries it again as retryWait says. */
function triedAgain(
  opts: GitHubApiOptions,
  deadline: number,
  log: (line: string) => void,
  sent: (options: { method: string; url: string }) => string,
): <O extends { method: string; url: string }, R>(request: (options: O) => R | Promise<R>, options: O) => Promise<R> {
  const wait = opts.sleep ?? sleep
  return async (request, options) => {
    if (options.method !== 'GET' && options.method !== 'HEAD') await keepPace(opts.writePace, wait)
    let waitedForLimit = false
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(options)
      } catch (err) {
        const next = retryWait(err, { method: options.method, attempt, waitedForLimit, leftMs: deadline - Date.now() })
        if (!next) throw err
        waitedForLimit ||= next.forLimit
        log(`${sent(options)} failed (${next.why}); trying again in ${(next.waitMs / 1000).toFixed(1)} s`)
        await wait(next.waitMs)
      }
    }
  }
}

/** owner and repo of GITHUB_REPOSITORY, for a route's parameters. */
export function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = repository.split('/')
  if (!owner || !repo || rest.length > 0)
    throw new GitHubApiError(`GITHUB_REPOSITORY "${oneLine(repository, 200)}" is not owner/name.`)
  return { owner, repo }
}

/** A file name as one path segment: Octokit escapes "/", "?" and "%" in it, but not "." or "..". */
export function fileName(name: string, value: string): string {
  if (/^\.*$/.test(value)) throw new GitHubApiError(`${name} "${oneLine(value, 40)}" is not a file name.`)
  return value
}

export function wholeNumber(name: string, value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new GitHubApiError(`${name} "${oneLine(value, 40)}" is not a number.`)
  return Number(value)
}
