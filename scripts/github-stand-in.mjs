// A GitHub REST API stand-in on 127.0.0.1 for the recipes: the jobs of a run attempt, issue
// comments and GET /user, paginated as GitHub paginates (per_page, page); and for dedupe, the runs of
// a workflow, the jobs of every attempt of a run and check-run annotations. Answers under "/" and
// under "/api/v3" (GitHub Enterprise Server's API root). Used by the tests.
import { replyJson, startRecordingServer } from './recording-server.mjs'

// GitHub refuses an issue comment over 65,536 characters with HTTP 422 and this answer, as reported
// from 2021 to 2025 (vebr/jest-lcov-reporter#14, reg-viz/reg-actions#123,
// easybuilders/easybuild-easyconfigs#24647; earlier "code":"custom","field":"body", danger/danger#424,
// suzuki-shunsuke/github-comment#124); docs.github.com/rest/issues/comments#create-an-issue-comment.
// GitHub documents no unit: the stand-in counts UTF-16 code units (String.length), never fewer than
// code points, so every test that posts is held to the strictest reading.
export const GITHUB_COMMENT_LIMIT = 65_536
const tooLong = (limit) => ({
  message: 'Validation Failed',
  errors: [
    {
      resource: 'IssueComment',
      code: 'unprocessable',
      field: 'data',
      message: `Body is too long (maximum is ${limit} characters)`,
    },
  ],
  documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
})

/**
 * @param {{ token?: string }} [options]
 */
export async function startGitHubStandIn(options = {}) {
  const token = options.token ?? 'ghs_standin_token'
  const state = {
    /** Jobs of every run attempt (the tests use one run). */
    jobs: [],
    /** Issues as GET /repos/{o}/{r}/issues/{n} returns them, by number. */
    issues: new Map(),
    /** Comments by issue number. */
    comments: new Map(),
    /** Who a new comment is written as: the GITHUB_TOKEN writes as github-actions[bot]. */
    commentAuthor: { login: 'github-actions[bot]', type: 'Bot' },
    /** The login GET /user returns; undefined answers 403 as GitHub does for installation tokens. */
    userLogin: undefined,
    /**
     * Faults by route ('jobs', 'issue', 'list-comments', 'create-comment', 'user', …): a status, 'hang'
     * (never answers), 'reset' (the connection closed before any answer), 'slow' (the usual answer,
     * delayMs late), or { status, headers, message, times, after, delayMs } (after: how many
     * requests pass first; times: how many then get it before the route answers again).
     */
    faults: new Map(),
    /** A job's log text by job id, as its log storage answers it (else a short log ending in its first error). */
    logTexts: new Map(),
    /** Raw answers by route: this text as a 200 JSON answer, whatever its shape. */
    bodies: new Map(),
    /** Jobs of every attempt by run id, each with id, name, status, run_attempt, runner_name. */
    runJobs: new Map(),
    /** The runs of the workflow, newest first: {id, run_attempt, status, conclusion, head_branch}. */
    workflowRuns: [],
    /** Check-run annotations by check run (job) id. */
    annotations: new Map(),
    /**
     * Job logs by job id: where GET …/actions/jobs/{id}/logs redirects (a URL), as GitHub does to its
     * log storage. A job without one is redirected to this server's own /log-storage/{id}, which
     * answers a short log that ends in its first error.
     */
    logs: new Map(),
    /** Requests this server's /log-storage saw: the job and the Authorization header, if any. */
    logRequests: [],
    /** Every POST …/issues/{n}/labels: the issue and the labels added. */
    labelsAdded: [],
    /**
     * The clock of issue updates: every comment, label or state change sets the issue's updated_at
     * to the next second after it, so GitHub's sort=updated order is the order of the writes.
     */
    clock: Date.parse('2026-01-01T00:00:00Z'),
    /** The longest comment body taken; a test lowers it to have one body refused as GitHub refuses it. */
    commentLimit: GITHUB_COMMENT_LIMIT,
  }
  /** The next update time, as GitHub writes it (whole seconds, Z). */
  const tick = () => {
    state.clock += 1000
    return new Date(state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  const touch = (number) => {
    const issue = state.issues.get(number)
    if (issue) issue.updated_at = tick()
  }
  let nextCommentId = 1000

  const reply = (res, status, payload, headers = {}) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    replyJson(res, status, payload, 'application/json; charset=utf-8')
  }
  /** One page of `list`, with GitHub's Link header to the next page (absolute, on this server). */
  const page = (req, url, list) => {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
    const n = Number(url.searchParams.get('page') ?? 1)
    const headers = {}
    if (n * perPage < list.length) {
      const next = new URL(url.href)
      next.searchParams.set('page', String(n + 1))
      headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`
    }
    return { items: list.slice((n - 1) * perPage, n * perPage), headers }
  }

  /** The fault a request of `route` gets now, counting down a fault given `times`. */
  const faultFor = (route) => {
    const given = state.faults.get(route)
    if (given === undefined) return undefined
    const fault = typeof given === 'object' ? given : { status: given }
    if (fault.after) {
      fault.after -= 1
      return undefined
    }
    if (fault.times !== undefined) {
      if (fault.times <= 0) return undefined
      fault.times -= 1
    }
    return fault
  }

  function handle(req, res, body) {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '')
    // The log storage host: no token wanted (GitHub's storage URLs carry their own permission).
    const storage = req.method === 'GET' ? path.match(/^\/log-storage\/(\d+)$/) : null
    if (storage) {
      state.logRequests.push({ job: Number(storage[1]), authorization: req.headers.authorization })
      const text =
        state.logTexts.get(Number(storage[1])) ??
        `2024-05-01T12:00:00.0000000Z ##[group]Run npm test\n2024-05-01T12:00:01.0000000Z npm test failed\n2024-05-01T12:00:01.1000000Z ##[error]Process completed with exit code 1.\n`
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) })
      return res.end(text)
    }
    // Octokit sends an installation token as "token …"; GitHub takes "Bearer …" as well.
    if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`)
      return reply(res, 401, { message: 'Bad credentials' })
    let route
    let m
    if (
      req.method === 'GET' &&
      (m = path.match(/^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/))
    )
      route = 'jobs'
    else if (req.method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)\/jobs$/)))
      route = 'run-jobs'
    else if (req.method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/([^/]+)\/runs$/)))
      route = 'workflow-runs'
    else if (req.method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)\/annotations$/)))
      route = 'annotations'
    else if (req.method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/actions\/jobs\/(\d+)\/logs$/)))
      route = 'job-logs'
    else if ((m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/)))
      route = req.method === 'POST' ? 'create-comment' : 'list-comments'
    else if (req.method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/))) route = 'issue'
    else if (req.method === 'PATCH' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/)))
      route = 'update-issue'
    else if (req.method === 'POST' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/labels$/)))
      route = 'add-labels'
    else if (req.method === 'GET' && path.match(/^\/repos\/[^/]+\/[^/]+\/issues$/)) route = 'list-issues'
    else if (req.method === 'GET' && path === '/user') route = 'user'
    else return reply(res, 404, { message: 'Not Found' })

    const fault = faultFor(route)
    if (fault?.status === 'slow')
      return setTimeout(() => answer(req, res, body, url, path, route, m), fault.delayMs ?? 1000)
    if (fault) {
      if (fault.status === 'hang') return // never answers: the action's deadline must end the call
      if (fault.status === 'reset') return req.socket.destroy()
      const message =
        fault.message ?? (fault.status === 403 ? 'Resource not accessible by integration' : 'Server Error')
      return reply(res, fault.status, { message, documentation_url: 'https://docs.github.com/rest' }, fault.headers)
    }
    return answer(req, res, body, url, path, route, m)
  }

  /** The route's usual answer. */
  function answer(req, res, body, url, path, route, m) {
    if (state.bodies.has(route)) {
      const text = state.bodies.get(route)
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      })
      return res.end(text)
    }

    if (route === 'jobs') {
      const jobs = state.runJobs.has(Number(m[1]))
        ? state.runJobs.get(Number(m[1])).filter((j) => (j.run_attempt ?? 1) === Number(m[2]))
        : state.jobs
      const { items, headers } = page(req, url, jobs)
      return reply(res, 200, { total_count: jobs.length, jobs: items }, headers)
    }
    if (route === 'run-jobs') {
      const all = state.runJobs.get(Number(m[1])) ?? []
      const latest = Math.max(0, ...all.map((j) => j.run_attempt ?? 1))
      const jobs = url.searchParams.get('filter') === 'all' ? all : all.filter((j) => (j.run_attempt ?? 1) === latest)
      const { items, headers } = page(req, url, jobs)
      return reply(res, 200, { total_count: jobs.length, jobs: items }, headers)
    }
    if (route === 'workflow-runs') {
      const branch = url.searchParams.get('branch')
      // A run that names its workflow file (`workflow`) is listed for that workflow only; the others for any.
      const runs = state.workflowRuns.filter(
        (r) => (!branch || r.head_branch === branch) && (!r.workflow || r.workflow === m[1]),
      )
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
      return reply(res, 200, { total_count: runs.length, workflow_runs: runs.slice(0, perPage) })
    }
    if (route === 'annotations') return reply(res, 200, state.annotations.get(Number(m[1])) ?? [])
    if (route === 'job-logs') {
      res.writeHead(302, {
        location: state.logs.get(Number(m[1])) ?? `http://${req.headers.host}/log-storage/${m[1]}`,
        'content-length': 0,
      })
      return res.end()
    }
    if (route === 'list-issues') {
      // GitHub's filters and order: labels (all of them), state, since (updated at or after), sort=updated.
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean)
      const wanted = url.searchParams.get('state') ?? 'open'
      const since = url.searchParams.get('since')
      const sign = url.searchParams.get('direction') === 'asc' ? 1 : -1
      const byUpdated = url.searchParams.get('sort') === 'updated'
      const list = [...state.issues.values()]
        .filter((i) => wanted === 'all' || i.state === wanted)
        .filter((i) => labels.every((l) => (i.labels ?? []).some((x) => (typeof x === 'string' ? x : x.name) === l)))
        .filter((i) => !since || Date.parse(i.updated_at) >= Date.parse(since))
        .sort((a, b) =>
          byUpdated
            ? sign * (Date.parse(a.updated_at) - Date.parse(b.updated_at)) || a.number - b.number
            : b.number - a.number,
        )
        .map((i) => ({ comments: (state.comments.get(i.number) ?? []).length, ...i }))
      const { items, headers } = page(req, url, list)
      return reply(res, 200, items, headers)
    }
    if (route === 'user')
      return state.userLogin
        ? reply(res, 200, { login: state.userLogin, type: 'User' })
        : reply(res, 403, { message: 'Resource not accessible by integration' })
    const issue = Number(m[1])
    if (route === 'issue')
      return state.issues.has(issue)
        ? reply(res, 200, state.issues.get(issue))
        : reply(res, 404, { message: 'Not Found' })
    if (route === 'add-labels') {
      const added = Array.isArray(body?.labels) ? body.labels : []
      state.labelsAdded.push({ issue, labels: added })
      const found = state.issues.get(issue)
      if (found) {
        found.labels = [
          ...(found.labels ?? []),
          ...added.filter((l) => !(found.labels ?? []).some((x) => x.name === l)).map((name) => ({ name })),
        ]
        touch(issue)
      }
      return reply(res, 200, found?.labels ?? added.map((name) => ({ name })))
    }
    if (route === 'update-issue') {
      const found = state.issues.get(issue)
      if (!found) return reply(res, 404, { message: 'Not Found' })
      if (body?.state !== undefined && body.state !== 'open' && body.state !== 'closed')
        return reply(res, 422, { message: 'Validation Failed' })
      if (
        body?.state_reason !== undefined &&
        !['completed', 'not_planned', 'reopened', null].includes(body.state_reason)
      )
        return reply(res, 422, { message: 'Validation Failed' })
      Object.assign(found, body)
      touch(issue)
      return reply(res, 200, found)
    }
    const list = state.comments.get(issue) ?? []
    if (route === 'list-comments') {
      const { items, headers } = page(req, url, list)
      return reply(res, 200, items, headers)
    }
    if (typeof body?.body !== 'string') return reply(res, 422, { message: 'Invalid request: body is required' })
    if (body.body.length > state.commentLimit) return reply(res, 422, tooLong(state.commentLimit))
    const comment = {
      id: nextCommentId++,
      body: body.body,
      user: { ...state.commentAuthor },
      author_association: 'NONE',
    }
    list.push(comment)
    state.comments.set(issue, list)
    touch(issue)
    return reply(res, 201, comment)
  }

  const server = await startRecordingServer((req, res, { body }) => handle(req, res, body))
  const requests = server.requests
  return {
    url: server.url,
    token,
    requests,
    state,
    reset() {
      requests.length = 0
      state.jobs = []
      state.issues.clear()
      state.comments.clear()
      state.commentAuthor = { login: 'github-actions[bot]', type: 'Bot' }
      state.userLogin = undefined
      state.faults.clear()
      state.logTexts.clear()
      state.bodies.clear()
      state.runJobs.clear()
      state.workflowRuns = []
      state.annotations.clear()
      state.logs.clear()
      state.logRequests = []
      state.labelsAdded = []
      state.clock = Date.parse('2026-01-01T00:00:00Z')
      state.commentLimit = GITHUB_COMMENT_LIMIT
    },
    close: server.close,
  }
}
