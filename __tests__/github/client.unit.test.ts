// The GitHub client: when a failed call is tried again and after how long (retryWait), how a failure
// is named (permission, rate limit), and what one call sends and refuses, with GitHub's HTTP answered
// by nock (in this process: nothing leaves the machine, and a host nock was not told of is refused).
// The waits are recorded, not waited. The recipes' behaviour against the GitHub stand-in is
// __tests__/recipes/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import nock from 'nock'
import { listRunJobs } from '../../src/github/actions.js'
import { GitHubApiError, permissionHint, rateLimited, refusedForPermission } from '../../src/github/errors.js'
import { listIssueComments, createIssueComment } from '../../src/github/issues.js'
import type { GitHubApiOptions } from '../../src/github/octokit-client.js'
import { retryWait } from '../../src/github/retry.js'
import { TransportError } from '../../src/http/transport.js'

// A GitHub Enterprise Server root on a name that never resolves: should nock let a request through, it goes nowhere.
const API = 'https://github.example.invalid'
const ROOT = `${API}/api/v3`
const REPO = '/api/v3/repos/octo-org/checkout-service'
const BOT = { login: 'github-actions[bot]', type: 'Bot' }

// nock patches node:http for the whole worker: it is switched on for this file and off after it, so
// the files that run next in the same worker talk to their real servers (a proxy's CONNECT included).
beforeAll(() => {
  if (!nock.isActive()) nock.activate()
  nock.disableNetConnect()
})
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

/** Options whose waits are recorded instead of waited. */
function options(extra: Partial<GitHubApiOptions> = {}): GitHubApiOptions & { waits: number[]; lines: string[] } {
  const waits: number[] = []
  const lines: string[] = []
  return {
    apiUrl: ROOT,
    token: 'ghs_unit_token',
    timeoutMs: 10_000,
    sleep: async (ms) => void waits.push(ms),
    log: (line) => void lines.push(line),
    waits,
    lines,
    ...extra,
  }
}

/** An error as Octokit throws it for an answer (RequestError: status, response headers and data). */
const answered = (status: number, headers: Record<string, string> = {}, message = ''): unknown =>
  Object.assign(new Error(message), { status, response: { headers, data: { message } } })
/** A transport failure as it reaches the retry hook. */
const lost = (code: string, sent: boolean, timedOut = false): TransportError =>
  new TransportError('lost', sent, code, timedOut)
const at = (method: string, attempt = 1, extra: Partial<Parameters<typeof retryWait>[1]> = {}) => ({
  method,
  attempt,
  waitedForLimit: false,
  leftMs: 10_000,
  ...extra,
})

describe('retryWait: a read is tried three times at most; a write only when nothing reached GitHub', () => {
  it('a read after a 5xx: 300 ms, then 600 ms, then not again', () => {
    expect(retryWait(answered(502), at('GET', 1))).toEqual({ waitMs: 300, forLimit: false, why: 'HTTP 502' })
    expect(retryWait(answered(503), at('GET', 2))).toEqual({ waitMs: 600, forLimit: false, why: 'HTTP 503' })
    expect(retryWait(answered(504), at('GET', 3))).toBeUndefined()
    expect(retryWait(answered(501), at('GET', 1))).toBeUndefined()
  })

  it('a write after any answer is not repeated: GitHub may have acted on it', () => {
    expect(retryWait(answered(502), at('POST'))).toBeUndefined()
    expect(retryWait(lost('ECONNRESET', true), at('POST'))).toBeUndefined()
    expect(retryWait(lost('ECONNREFUSED', false), at('POST'))).toMatchObject({ waitMs: 300, why: 'ECONNREFUSED' })
  })

  it('a read whose connection was lost is tried again; a deadline passed, or a refusal of ours, is not', () => {
    expect(retryWait(lost('ECONNRESET', true), at('GET'))).toMatchObject({ waitMs: 300, why: 'ECONNRESET' })
    // Octokit wraps what fetch threw: the transport's failure is the cause.
    expect(
      retryWait(Object.assign(new Error('fetch failed'), { cause: lost('ECONNRESET', true) }), at('GET')),
    ).toMatchObject({ why: 'ECONNRESET' })
    expect(retryWait(lost('ETIMEDOUT', true, true), at('GET'))).toBeUndefined()
    for (const code of ['EORIGIN', 'EREDIRECT', 'ERESPONSETOOLARGE', 'EBODY', 'EPROXY'])
      expect([code, retryWait(lost(code, false), at('GET'))]).toEqual([code, undefined])
  })

  it('no wait that would end past the deadline (with half a second to spare for the try itself)', () => {
    expect(retryWait(answered(502), at('GET', 1, { leftMs: 801 }))).toMatchObject({ waitMs: 300 })
    expect(retryWait(answered(502), at('GET', 1, { leftMs: 800 }))).toBeUndefined()
  })

  it('a rate limit whose wait GitHub names and which fits in the deadline is waited out once, a quarter second over', () => {
    const secondary = answered(403, { 'retry-after': '2' }, 'You have exceeded a secondary rate limit.')
    expect(retryWait(secondary, at('POST'))).toEqual({
      waitMs: 2250,
      forLimit: true,
      why: 'HTTP 403, a secondary rate limit',
    })
    expect(retryWait(secondary, at('GET', 1, { waitedForLimit: true }))).toBeUndefined()
    expect(retryWait(secondary, at('GET', 1, { leftMs: 2750 }))).toBeUndefined()
    // The primary limit without its reset names no wait: not waited.
    expect(retryWait(answered(403, { 'x-ratelimit-remaining': '0' }), at('GET'))).toBeUndefined()
  })
})

describe('a refusal for want of a permission, told from a rate limit', () => {
  const limit = new GitHubApiError('limit', 403, { kind: 'primary' })

  it.each([
    ['401', new GitHubApiError('x', 401), true, true],
    ['403', new GitHubApiError('x', 403), true, true],
    ['404 (a token without the permission sees "not found")', new GitHubApiError('x', 404), true, false],
    ['a 403 rate limit', limit, false, false],
    ['500', new GitHubApiError('x', 500), false, false],
    ['a lost connection', new GitHubApiError('x'), false, false],
    ['not a GitHub error', new Error('x'), false, false],
  ])('%s', (_what, err, refused, refusedForLog) => {
    // A job's log that answers 404 is gone or not there yet: no permission cures that.
    expect(refusedForPermission(err)).toBe(refused)
    expect(refusedForPermission(err, { notFound: false })).toBe(refusedForLog)
  })

  it('the hint names the permissions only for a refusal; nothing for a rate limit; `otherwise` for the rest', () => {
    expect(permissionHint(new GitHubApiError('x', 403), 'actions: read')).toBe(
      ' Give the workflow "permissions: actions: read".',
    )
    expect(permissionHint(limit, 'actions: read', ' Try again.')).toBe('')
    expect(rateLimited(limit)).toBe(true)
    expect(permissionHint(new GitHubApiError('x', 502), 'actions: read', ' Try again.')).toBe(' Try again.')
  })
})

describe('one call, as GitHub answers it', () => {
  const jobsPath = `${REPO}/actions/runs/7/attempts/1/jobs`
  const job = { id: 1, name: 'build', status: 'completed', conclusion: 'failure', html_url: 'https://x', steps: [] }

  it('sends the token and the API version it was written for; a 502 is tried again after 300 and 600 ms', async () => {
    const api = nock(API, {
      reqheaders: { authorization: 'token ghs_unit_token', 'x-github-api-version': '2022-11-28' },
    })
      .get(jobsPath)
      .query(true)
      .times(2)
      .reply(502, { message: 'Server Error' })
      .get(jobsPath)
      .query(true)
      .reply(200, { total_count: 1, jobs: [job] })
    const opts = options()
    expect(await listRunJobs(opts, 'octo-org/checkout-service', '7', '1')).toEqual([job])
    expect(opts.waits).toEqual([300, 600])
    api.done()
  })

  it('three 5xx answers: a GitHubApiError with GitHub status and message', async () => {
    nock(API).get(jobsPath).query(true).times(3).reply(503, { message: 'Service Unavailable' })
    const err = await listRunJobs(options(), 'octo-org/checkout-service', '7', '1').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GitHubApiError)
    expect(err).toMatchObject({ status: 503, message: 'GitHub answered HTTP 503: Service Unavailable' })
  })

  it('a comment GitHub answered with a 502 is not posted again: it may have been', async () => {
    const api = nock(API).post(`${REPO}/issues/1/comments`).once().reply(502, { message: 'Bad Gateway' })
    const opts = options()
    const err = await createIssueComment(opts, 'octo-org/checkout-service', 1, 'hello').catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 502 })
    expect(opts.waits).toEqual([])
    api.done()
  })

  it('a secondary rate limit with retry-after is waited out once; the second one is the failure, told as a limit', async () => {
    const limited = { message: 'You have exceeded a secondary rate limit.' }
    nock(API).get(jobsPath).query(true).times(2).reply(403, limited, { 'retry-after': '1' })
    const opts = options()
    const err = await listRunJobs(opts, 'octo-org/checkout-service', '7', '1').catch((e: unknown) => e)
    expect(opts.waits).toEqual([1250])
    expect(rateLimited(err)).toBe(true)
    expect(refusedForPermission(err)).toBe(false)
    expect((err as Error).message).toContain("GitHub's secondary rate limit was reached")
  })

  // GitHub sends x-ratelimit-reset as epoch seconds ("Rate limits for the REST API"); a proxy or a
  // broken server may send anything, and the answer is still a rate limit.
  it.each(['99999999999999', '1e13', '-5', 'soon'])(
    'a primary limit whose x-ratelimit-reset is no time (%s) is still told as a rate limit',
    async (reset) => {
      const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }
      nock(API).get(jobsPath).query(true).reply(403, { message: 'API rate limit exceeded' }, headers)
      const err = await listRunJobs(options(), 'octo-org/checkout-service', '7', '1').catch((e: unknown) => e)
      expect(rateLimited(err)).toBe(true)
      expect((err as Error).message).toBe(
        "GitHub's rate limit for this token is used up (HTTP 403; the job's GITHUB_TOKEN has 1,000 requests an hour per repository)",
      )
    },
  )

  it("a Link to another host: the next page is not asked for, and the token never leaves GitHub's origin", async () => {
    // nock answers only API: a request to elsewhere would fail as "no match", not as refused.
    nock(API)
      .get(`${REPO}/issues/1/comments`)
      .query(true)
      .reply(200, [{ id: 1, body: 'first', user: BOT }], {
        link: '<https://collector.example.invalid/repos/octo-org/checkout-service/issues/1/comments?page=2>; rel="next"',
      })
    const err = await listIssueComments(options(), 'octo-org/checkout-service', 1).catch((e: unknown) => e)
    expect((err as Error).message).toBe(
      `the GitHub API refused to send the token to https://collector.example.invalid, which is not ${API}`,
    )
  })

  it('a redirect is not followed: the token stays with the API', async () => {
    nock(API).get(jobsPath).query(true).reply(302, '', { location: 'https://elsewhere.example.invalid/jobs' })
    const err = await listRunJobs(options(), 'octo-org/checkout-service', '7', '1').catch((e: unknown) => e)
    expect((err as Error).message).toBe(
      `the GitHub API answered HTTP 302, a redirect, which is not followed (the token stays with ${API})`,
    )
  })

  it('a listing of more than 30 pages stops at 30, and says so', async () => {
    const page = (n: number) => `${ROOT}/repos/octo-org/checkout-service/issues/1/comments?per_page=100&page=${n}`
    for (let n = 1; n <= 31; n++)
      nock(API)
        .get(`${REPO}/issues/1/comments`)
        .query({ per_page: '100', page: String(n) })
        .reply(200, [{ id: n, body: `page ${n}`, user: BOT }], { link: `<${page(n + 1)}>; rel="next"` })
    const opts = options()
    const comments = await listIssueComments(opts, 'octo-org/checkout-service', 1)
    expect(comments.map((c) => c.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(opts.lines).toContain('Stopped after 30 pages.')
  })

  it("debug lines show each URL as it was sent, a retry included: never a route's {template}", async () => {
    nock(API).post(`${REPO}/issues/12/comments`).reply(201, { id: 5, body: 'hi', user: BOT })
    nock(API).get(jobsPath).query(true).reply(502, { message: 'Server Error' })
    nock(API).get(jobsPath).query(true).reply(200, { total_count: 0, jobs: [] })
    const opts = options()
    await createIssueComment(opts, 'octo-org/checkout-service', 12, 'hi')
    await listRunJobs(opts, 'octo-org/checkout-service', '7', '1')
    const jobs = `${ROOT}/repos/octo-org/checkout-service/actions/runs/7/attempts/1/jobs?per_page=100&page=1`
    expect(opts.lines).toEqual([
      `GitHub API: POST ${ROOT}/repos/octo-org/checkout-service/issues/12/comments`,
      `GitHub API: GET ${jobs}`,
      `GitHub API: GET ${jobs} failed (HTTP 502); trying again in 0.3 s`,
      `GitHub API: GET ${jobs}`,
    ])
  })

  it('an answer of the wrong shape (null for a listing) is named, not read as an empty list', async () => {
    nock(API).get(jobsPath).query(true).reply(200, 'null', { 'content-type': 'application/json' })
    const err = await listRunJobs(options(), 'octo-org/checkout-service', '7', '1').catch((e: unknown) => e)
    expect((err as Error).message).toBe('GitHub answered with an unexpected shape (null)')
  })
})
