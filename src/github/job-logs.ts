// A job's log (GET …/actions/jobs/{id}/logs, actions: read): GitHub answers with a redirect to its log
// storage, which is read without the GitHub token (the address is the permission), https only, in
// bounded bytes and time.
import { isHttpsOrLoopback } from '../http/loopback.js'
import { send, type HttpResponse } from '../http/transport.js'
import { GitHubApiError, toGitHubApiError } from './errors.js'
import { call, CONNECT_TIMEOUT_MS, splitRepository, TEXT_ANSWER, type GitHubApiOptions } from './octokit-client.js'
import { retryWait, sleep } from './retry.js'

/** At most this much of a job's log is read: the lines wanted are near its first error. */
export const MAX_LOG_BYTES = 4 * 1024 * 1024
const LOG_HOPS = 3

/** How a log is read at its storage: all of it up to `maxBytes` and `enough`, or a byte range. */
interface StorageRead {
  maxBytes: number
  enough?: (chunk: Buffer) => boolean
  /** An HTTP Range header's value ("bytes=0-0", "bytes=1024-"). */
  range?: string
}

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
  const answer = await logAnswer(opts, repository, jobId, { maxBytes, enough }, Date.now() + opts.timeoutMs)
  if ('text' in answer) return { text: answer.text, partial: false }
  if (answer.res.status !== 200) throw storageRefused(answer.res.status, jobId)
  return { text: answer.res.body, partial: answer.res.partial === true }
}

/**
 * The end of a job's log, its last `maxBytes` (a record printed by the job's last step is there).
 * GitHub's log storage (Azure Blob Storage) answers a range from a byte on ("bytes=N-") but not one
 * counted from the end ("bytes=-N", answered as the whole log): the first byte is asked for to learn
 * the log's size (Content-Range), then the rest from where the last `maxBytes` begin. A storage that
 * ignores ranges gives the log's start, as readJobLog does.
 */
export async function readJobLogTail(
  opts: GitHubApiOptions,
  repository: string,
  jobId: number,
  maxBytes: number,
): Promise<{ text: string; partial: boolean }> {
  const deadline = Date.now() + opts.timeoutMs
  const probe = await logAnswer(opts, repository, jobId, { maxBytes, range: 'bytes=0-0' }, deadline)
  if ('text' in probe) return { text: probe.text.slice(-maxBytes), partial: probe.text.length > maxBytes }
  const { res, url } = probe
  // An empty log has no first byte.
  if (res.status === 416) return { text: '', partial: false }
  // A storage that ignores ranges answered the log from its start.
  if (res.status === 200) return { text: res.body, partial: res.partial === true }
  if (res.status !== 206) throw storageRefused(res.status, jobId)
  const size = contentRange(res.headers['content-range'])?.size
  if (size === undefined) return readJobLog(opts, repository, jobId, () => false, maxBytes)
  if (size <= 1) return { text: res.body, partial: false }
  const from = Math.max(0, size - maxBytes)
  const rest = await fromStorage(opts, url, deadline, { maxBytes, range: `bytes=${from}-` }, `the log of job ${jobId}`)
  // Only the part asked for is the log's end; a whole answer (200) is its start, as far as it was read.
  if (rest.status === 200) return { text: rest.body, partial: rest.partial === true }
  if (rest.status !== 206) throw storageRefused(rest.status, jobId)
  if (contentRange(rest.headers['content-range'])?.first !== from)
    throw new GitHubApiError(`the log storage answered another part of the log of job ${jobId} than was asked for`)
  return { text: rest.body, partial: from > 0 || rest.partial === true }
}

/** "bytes 0-0/20971520": the first byte of the part and the whole size; undefined when it says neither. */
function contentRange(header: unknown): { first: number; size?: number } | undefined {
  const m = /^bytes (\d{1,15})-\d{1,15}\/(\d{1,15}|\*)$/.exec(String(header ?? '').trim())
  return m ? { first: Number(m[1]), ...(m[2] === '*' ? {} : { size: Number(m[2]) }) } : undefined
}

/** The storage's refusal: its 403 is an expired address, not a missing permission; only a log gone keeps its status. */
function storageRefused(status: number, jobId: number): GitHubApiError {
  return new GitHubApiError(
    `the log storage answered HTTP ${status} for the log of job ${jobId}`,
    status === 404 || status === 410 ? status : undefined,
  )
}

/** The log as GitHub answers it: its text, or the storage's answer after the redirects (and where it came from). */
async function logAnswer(
  opts: GitHubApiOptions,
  repository: string,
  jobId: number,
  read: StorageRead,
  deadline: number,
): Promise<{ text: string } | { res: HttpResponse; url: URL }> {
  const first = await call(
    opts,
    `the log of job ${jobId}`,
    async (octokit): Promise<{ location: string } | { text: string }> => {
      // TEXT_ANSWER: the one answer the JSON-shape check of call() leaves alone.
      const res = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
        ...splitRepository(repository),
        job_id: jobId,
        request: { redirect: 'manual', [TEXT_ANSWER]: true },
      })
      const location = redirectTarget(res.status, res.headers.location)
      return location !== undefined ? { location } : { text: typeof res.data === 'string' ? res.data : '' }
    },
  )
  if ('text' in first) return first
  let url = new URL(first.location, opts.apiUrl)
  for (let hop = 0; hop < LOG_HOPS; hop++) {
    if (!isHttpsOrLoopback(url)) {
      throw new GitHubApiError(
        `GitHub offered the log at ${url.protocol}//${url.host}, which is not https; it was not followed`,
      )
    }
    opts.log?.(`GitHub API: the log of job ${jobId} from ${url.origin}`)
    const res = await fromStorage(opts, url, deadline, read, `the log of job ${jobId}`)
    const location = redirectTarget(res.status, res.headers.location)
    if (location === undefined) return { res, url }
    url = new URL(location, url)
  }
  throw new GitHubApiError(`the log of job ${jobId} was redirected more than ${LOG_HOPS} times`)
}

/** One storage hop of a log, tried again after a lost connection or a 5xx, within the deadline. */
async function fromStorage(
  opts: GitHubApiOptions,
  url: URL,
  deadline: number,
  { maxBytes, enough, range }: StorageRead,
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
        headers: { 'user-agent': 'livedesk-ticket-action', ...(range ? { range } : {}) },
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
      throw toGitHubApiError(failure, opts.timeoutMs, what)
    }
    await (opts.sleep ?? sleep)(next.waitMs)
  }
}

/** Where a log answer sends the reader next: the Location of a 3xx, or undefined. */
function redirectTarget(status: number, location: unknown): string | undefined {
  return status >= 300 && status < 400 && typeof location === 'string' ? location : undefined
}
