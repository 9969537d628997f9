// A GitHub call that failed, as one error the callers word: GitHub's status and message, a rate limit
// told as a limit (never as a missing permission), or the transport's failure (a deadline, a proxy).
import { PROXY_UNUSABLE, TransportError } from '../http/transport.js'
import { message } from '../text/message.js'
import { isRecord, oneLine } from '../text/server-text.js'
import { rateLimitOf, rateLimitWords, type RateLimit } from './rate-limit.js'

export type { RateLimit }

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

/** What a failed request says: GitHub's status, headers and message, or the transport's failure. */
export function failureOf(err: unknown): {
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

/**
 * Any failure of a call as a GitHubApiError. `api`: the API's address (GITHUB_API_URL), named when it
 * could not be reached, so a wrong address or a network in the way shows where the call went.
 */
export function toGitHubApiError(err: unknown, timeoutMs: number, what: string, api?: string): GitHubApiError {
  if (err instanceof GitHubApiError) return err
  const failure = failureOf(err)
  const transport = failure.transport
  if (transport) {
    const via = transport.proxy ? ` through the proxy ${transport.proxy}` : ''
    const at = api ? ` at ${api}` : ''
    if (transport.timedOut)
      return new GitHubApiError(`the GitHub API${at} did not answer${via} within ${Math.round(timeoutMs / 1000)} s`)
    if (transport.code === PROXY_UNUSABLE)
      return new GitHubApiError(`the GitHub API${at} could not be reached: ${transport.message}`)
    if (transport.code === 'EORIGIN' || transport.code === 'EREDIRECT')
      return new GitHubApiError(`the GitHub API ${transport.message}`)
    if (transport.code === 'ERESPONSETOOLARGE')
      return new GitHubApiError(`GitHub's answer for ${what} was larger than the action reads (${transport.message})`)
    return new GitHubApiError(`the GitHub API${at} could not be reached${via} (${transport.code ?? transport.message})`)
  }
  // Octokit's own code reading an answer that is no JSON object (a string, null) throws TypeErrors.
  if (err instanceof TypeError)
    return new GitHubApiError(`GitHub answered with an unexpected shape (${oneLine(err.message, 120)})`)
  const { status } = failure
  if (status !== undefined) {
    const limit = rateLimitOf(status, failure.headers, failure.message)
    if (limit) return new GitHubApiError(rateLimitWords(limit, status), status, limit)
    const said = failure.message ? `: ${oneLine(failure.message, 200)}` : ''
    return new GitHubApiError(`GitHub answered HTTP ${status}${said}`, status)
  }
  return new GitHubApiError(`reading ${what} failed (${oneLine(message(err), 200)})`)
}
