// @ts-check
// A GitHub REST API stand-in on 127.0.0.1 for the recipes: the jobs of a run attempt, issue
// comments and GET /user, paginated as GitHub paginates (per_page, page); and for dedupe, the runs of
// a workflow (filtered by branch, event and status as GitHub filters them), the jobs of every attempt
// of a run, check-run annotations, and check runs on commits (a reporter's records). A job's log
// storage answers byte ranges as Azure Blob Storage does. Answers under "/" and under "/api/v3"
// (GitHub Enterprise Server's API root). Used by the tests and the benchmark (plain JavaScript for it).
import { replyJson, startRecordingServer } from './recording-server.mjs'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {import('./recording-server.mjs').RecordedRequest} GitHubRequest */

/**
 * A route of the API the stand-in answers.
 * @typedef {'jobs' | 'job-logs' | 'run-jobs' | 'workflow-runs' | 'annotations' | 'issue' | 'list-comments'
 *   | 'create-comment' | 'user' | 'list-issues' | 'add-labels' | 'update-issue' | 'create-check-run'
 *   | 'check-runs'} Route
 */

/**
 * A status, 'hang' (never answers), 'reset' (closed before an answer), or an answer given `times` times
 * ('slow': the usual answer, delayMs late) after `after` requests pass.
 * @typedef {number | 'hang' | 'reset' | {
 *   status: number | 'hang' | 'reset' | 'slow',
 *   headers?: Record<string, string>,
 *   message?: string,
 *   times?: number,
 *   after?: number,
 *   delayMs?: number,
 * }} Fault
 */

/** @typedef {{ [key: string]: any }} StandInComment A comment of any shape, for the hostile tests. */

/**
 * A job as the API lists it (any other field, as the API has).
 * @typedef {{
 *   id: number, name: string, status: string, conclusion: string | null, run_attempt: number,
 *   runner_name?: string | null, html_url?: string, [key: string]: any,
 * }} StandInJob
 */

/**
 * A workflow run as "List workflow runs for a workflow" lists it.
 * @typedef {object} StandInRun
 * @property {number} id
 * @property {number} run_attempt
 * @property {string} status
 * @property {string | null} conclusion
 * @property {string} head_branch
 * @property {{ full_name: string }} [head_repository] Where the run's code came from: this repository, or the fork of a pull request.
 * @property {string} [workflow] The workflow file the run is listed for (any, when unset).
 * @property {number} [workflow_id] The workflow's id the run is listed for (any, when unset).
 * @property {string} [event] The event that started the run.
 * @property {string} [head_sha]
 * @property {string} [updated_at] When the run's latest attempt last changed.
 * @property {string} [html_url]
 */

/**
 * A check run, as created through the API (any other field, as the API has).
 * @typedef {{
 *   id: number, name: string, head_sha: string, status: string, conclusion: string | null,
 *   details_url: string | null, output: { title: string | null, summary: string | null }, [key: string]: any,
 * }} StandInCheckRun
 */

/** @typedef {{ annotation_level: string, message: string, title?: string }} StandInAnnotation */

/**
 * What the stand-in holds and answers with; the tests set it. See startGitHubStandIn for each field.
 * @typedef {object} GitHubState
 * @property {any[]} jobs
 * @property {Map<number, any>} issues
 * @property {Map<number, StandInComment[]>} comments
 * @property {{ login: string, type?: string }} commentAuthor
 * @property {string | undefined} userLogin
 * @property {Map<Route, Fault>} faults
 * @property {Map<number, string>} logTexts
 * @property {Map<Route, string>} bodies
 * @property {Map<number, StandInJob[]>} runJobs
 * @property {StandInRun[]} workflowRuns
 * @property {Map<number, StandInAnnotation[]>} annotations
 * @property {Map<number, string>} logs
 * @property {{ job: number, authorization: string | undefined, range: string | undefined }[]} logRequests
 * @property {{ issue: number, labels: string[] }[]} labelsAdded
 * @property {number} clock
 * @property {number} commentLimit
 * @property {StandInCheckRun[]} checkRuns
 */

/**
 * @typedef {object} GitHubStandIn
 * @property {string} url
 * @property {string} token
 * @property {GitHubRequest[]} requests
 * @property {GitHubState} state
 * @property {() => void} reset
 * @property {() => Promise<void>} close
 */

// GitHub refuses an issue comment over 65,536 characters with HTTP 422 and this answer, as reported
// from 2021 to 2025 (vebr/jest-lcov-reporter#14, reg-viz/reg-actions#123,
// easybuilders/easybuild-easyconfigs#24647; earlier "code":"custom","field":"body", danger/danger#424,
// suzuki-shunsuke/github-comment#124); docs.github.com/rest/issues/comments#create-an-issue-comment.
// GitHub documents no unit: the stand-in counts UTF-16 code units (String.length), never fewer than
// code points, so every test that posts is held to the strictest reading.
export const GITHUB_COMMENT_LIMIT = 65_536
const tooLong = (/** @type {number} */ limit) => ({
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
 * @returns {Promise<GitHubStandIn>}
 */
export async function startGitHubStandIn(options = {}) {
  const token = options.token ?? 'ghs_standin_token'
  /** @type {GitHubState} */
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
    /** Check runs created through the API, oldest first, each with its head_sha. */
    checkRuns: [],
  }
  let nextCheckRunId = 70000
  /** The next update time, as GitHub writes it (whole seconds, Z). */
  const tick = () => {
    state.clock += 1000
    return new Date(state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  const touch = (/** @type {number} */ number) => {
    const issue = state.issues.get(number)
    if (issue) issue.updated_at = tick()
  }
  let nextCommentId = 1000

  /** @param {Response} res @param {number} status @param {unknown} payload @param {Record<string, string>} [headers] */
  const reply = (res, status, payload, headers = {}) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    replyJson(res, status, payload, 'application/json; charset=utf-8')
  }
  /**
   * One page of `list`, with GitHub's Link header to the next page (absolute, on this server).
   * @template T
   * @param {Request} req @param {URL} url @param {T[]} list
   */
  const page = (req, url, list) => {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
    const n = Number(url.searchParams.get('page') ?? 1)
    /** @type {Record<string, string>} */
    const headers = {}
    if (n * perPage < list.length) {
      const next = new URL(url.href)
      next.searchParams.set('page', String(n + 1))
      headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`
    }
    return { items: list.slice((n - 1) * perPage, n * perPage), headers }
  }

  /** The fault a request of `route` gets now, counting down a fault given `times`. */
  const faultFor = (/** @type {Route} */ route) => {
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

  /** @param {Request} req @param {Response} res @param {any} body */
  function handle(req, res, body) {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '')
    // The log storage host: no token wanted (GitHub's storage URLs carry their own permission).
    const storage = req.method === 'GET' ? path.match(/^\/log-storage\/(\d+)$/) : null
    if (storage) {
      state.logRequests.push({
        job: Number(storage[1]),
        authorization: req.headers.authorization,
        range: req.headers.range,
      })
      const text =
        state.logTexts.get(Number(storage[1])) ??
        `2024-05-01T12:00:00.0000000Z ##[group]Run npm test\n2024-05-01T12:00:01.0000000Z npm test failed\n2024-05-01T12:00:01.1000000Z ##[error]Process completed with exit code 1.\n`
      return answerLog(res, Buffer.from(text), req.headers.range)
    }
    // Octokit sends an installation token as "token …"; GitHub takes "Bearer …" as well.
    if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`)
      return reply(res, 401, { message: 'Bad credentials' })
    /** @type {Route} */
    let route
    /** @type {RegExpMatchArray | null} */
    let m = null
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
    else if (req.method === 'POST' && path.match(/^\/repos\/[^/]+\/[^/]+\/check-runs$/)) route = 'create-check-run'
    else if (req.method === 'GET' && (m = path.match(/^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/check-runs$/)))
      route = 'check-runs'
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
    if (fault?.status === 'slow') return setTimeout(() => answer(req, res, body, url, route, m), fault.delayMs ?? 1000)
    if (fault) {
      if (fault.status === 'hang') return // never answers: the action's deadline must end the call
      if (fault.status === 'reset') return req.socket.destroy()
      const message =
        fault.message ?? (fault.status === 403 ? 'Resource not accessible by integration' : 'Server Error')
      return reply(res, fault.status, { message, documentation_url: 'https://docs.github.com/rest' }, fault.headers)
    }
    return answer(req, res, body, url, route, m)
  }

  /**
   * The route's usual answer; `m` holds the ids the route's path named.
   * @param {Request} req @param {Response} res @param {any} body @param {URL} url
   * @param {Route} route @param {RegExpMatchArray | null} match
   */
  function answer(req, res, body, url, route, match) {
    const m = /** @type {RegExpMatchArray} */ (match ?? [])
    if (state.bodies.has(route)) {
      const text = /** @type {string} */ (state.bodies.get(route))
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      })
      return res.end(text)
    }

    if (route === 'jobs') {
      const attempts = state.runJobs.get(Number(m[1]))
      const jobs = attempts ? attempts.filter((j) => (j.run_attempt ?? 1) === Number(m[2])) : state.jobs
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
      // GitHub's filters ("List workflow runs for a workflow"): branch, event, and status, which takes
      // a status or a conclusion. A run that names its workflow (`workflow`: its file name;
      // `workflow_id`: its id) is listed for that workflow only; the others for any.
      const branch = url.searchParams.get('branch')
      const event = url.searchParams.get('event')
      const status = url.searchParams.get('status')
      const workflow = decodeURIComponent(m[1])
      const runs = state.workflowRuns.filter(
        (r) =>
          (!branch || r.head_branch === branch) &&
          (!event || r.event === event) &&
          (!status || r.status === status || r.conclusion === status) &&
          (r.workflow === undefined && r.workflow_id === undefined
            ? true
            : /^\d+$/.test(workflow)
              ? r.workflow_id === Number(workflow)
              : r.workflow === workflow),
      )
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
      return reply(res, 200, { total_count: runs.length, workflow_runs: runs.slice(0, perPage) })
    }
    if (route === 'create-check-run') return createCheckRun(res, body)
    if (route === 'check-runs') {
      // "List check runs for a Git reference": by check_name, every one with filter=all (else the
      // newest of each name), as { total_count, check_runs }.
      const name = url.searchParams.get('check_name')
      const all = url.searchParams.get('filter') === 'all'
      let runs = state.checkRuns.filter((c) => c.head_sha === m[1] && (!name || c.name === name)).reverse()
      if (!all) runs = runs.filter((c, i) => runs.findIndex((d) => d.name === c.name) === i)
      const { items, headers } = page(req, url, runs)
      return reply(res, 200, { total_count: runs.length, check_runs: items }, headers)
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
        .filter((i) =>
          labels.every((l) =>
            (i.labels ?? []).some((/** @type {any} */ x) => (typeof x === 'string' ? x : x.name) === l),
          ),
        )
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
      /** @type {string[]} */
      const added = Array.isArray(body?.labels) ? body.labels : []
      state.labelsAdded.push({ issue, labels: added })
      const found = state.issues.get(issue)
      if (found) {
        found.labels = [
          ...(found.labels ?? []),
          ...added
            .filter((l) => !(found.labels ?? []).some((/** @type {{ name: string }} */ x) => x.name === l))
            .map((name) => ({ name })),
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

  /**
   * POST /repos/{o}/{r}/check-runs as GitHub validates it: name and a commit's head_sha required
   * (422 "No commit found for SHA" for one it does not know: any 40 hex digits are known here), an
   * output's title and summary required together, a summary of at most 65,535 characters
   * (docs.github.com/rest/checks/runs#create-a-check-run, "Maximum length: 65535 characters").
   */
  /** @param {Response} res @param {any} body */
  function createCheckRun(res, body) {
    const invalid = (/** @type {string} */ message) =>
      reply(res, 422, { message, documentation_url: 'https://docs.github.com/rest/checks/runs' })
    if (typeof body?.name !== 'string' || body.name === '') return invalid('Invalid request: name is required')
    if (typeof body.head_sha !== 'string' || !/^[0-9a-f]{40}$/.test(body.head_sha))
      return invalid(`No commit found for SHA: ${body.head_sha}`)
    const output = body.output
    if (output && (typeof output.title !== 'string' || typeof output.summary !== 'string'))
      return invalid('Invalid request: output needs title and summary')
    if (output && output.summary.length > 65_535)
      return invalid('Invalid request: summary is too long (maximum is 65535 characters)')
    const run = {
      id: nextCheckRunId++,
      name: body.name,
      head_sha: body.head_sha,
      status: body.status ?? 'queued',
      conclusion: body.conclusion ?? null,
      details_url: body.details_url ?? null,
      external_id: body.external_id ?? '',
      app: { slug: 'github-actions' },
      output: { title: output?.title ?? null, summary: output?.summary ?? null, text: null, annotations_count: 0 },
    }
    state.checkRuns.push(run)
    return reply(res, 201, run)
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
      state.checkRuns = []
    },
    close: server.close,
  }
}

/**
 * A job's log as its storage (Azure Blob Storage) answers: the whole log (200), or with a Range of
 * "bytes=N-M" or "bytes=N-" the part asked for (206, Content-Range: bytes N-M/size), or 416 with
 * Content-Range: bytes *\/size past the end. A suffix range ("bytes=-N") is not one Azure takes: the
 * whole log is answered, 200 (learn.microsoft.com, "Specifying the range header for Blob service
 * operations"; trinodb/trino#25893).
 */
/** @param {Response} res @param {Buffer} log @param {string | undefined} range */
function answerLog(res, log, range) {
  const m = /^bytes=(\d+)-(\d*)$/.exec(range ?? '')
  if (!m) {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': log.length })
    return res.end(log)
  }
  const from = Number(m[1])
  if (from >= log.length) {
    res.writeHead(416, { 'content-range': `bytes */${log.length}`, 'content-length': 0 })
    return res.end()
  }
  const to = Math.min(log.length - 1, m[2] === '' ? log.length - 1 : Number(m[2]))
  const part = log.subarray(from, to + 1)
  res.writeHead(206, {
    'content-type': 'text/plain',
    'content-length': part.length,
    'content-range': `bytes ${from}-${to}/${log.length}`,
  })
  return res.end(part)
}
