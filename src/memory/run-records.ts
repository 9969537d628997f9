// The memory of build failures and schedules (dedupe): a signed record in the notice annotation the
// action prints for every ticket it opens or updates. GitHub keeps annotations with the job's check
// run, so later attempts and later runs read them back (actions: read, checks: read), with no other
// service and no write permission. Anyone who can print to a build log can print an annotation, so a
// record counts only when it is signed with api_secret: HMAC-SHA256 over the repository, the dedupe
// key, the ticket id and the run it was written in (a record copied into another run's log does
// not check there).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { listRunJobsAllAttempts, listRunJobsLatest, listWorkflowRuns } from '../github/actions.js'
import { listCheckRunAnnotations } from '../github/checks.js'
import { GitHubApiError, permissionHint } from '../github/errors.js'
import { readJobLog } from '../github/job-logs.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { AttemptJob, WorkflowRun } from '../github/shapes.js'
import { branchName, outsideRun, type GitHubContext } from '../github/context.js'
import { isUsableTicketId } from '../livedesk/ticket.js'
import type { Log } from '../runner/runner.js'
import type { Recalled, TicketMemory } from './memory.js'
import { message } from '../text/message.js'

/** Which tickets count as "this failure's". */
export interface DedupeScope {
  /** run: the attempts of this run; branch: also this workflow's recent runs on the branch; key: on any branch. */
  mode: 'run' | 'branch' | 'key'
  key: string
  /** Every completed run may hold a record (schedules), not only those that failed or were re-run. */
  everyRun: boolean
  /**
   * A `workflow_run` reporter: the key is the run it reports on, the records stand in the reporter
   * workflow's own runs (whichever of its jobs ran), whatever the mode.
   */
  reporter?: boolean
}

/** How many of the workflow's newest runs are listed, and how many of them are read at most. */
export const RUNS_LISTED = 20
export const RUNS_READ = 5
/** Jobs of one attempt or run whose annotations are read at most (the job itself, and its namesakes). */
const JOBS_READ = 3
/** Attempts of one earlier run read at most, newest first (a re-run can hide the attempt that holds the record). */
const ATTEMPTS_READ = 3
/**
 * GitHub keeps 50 annotations a job (actions/toolkit, docs/problem-matchers.md, "Limitations"); past
 * them a notice is only in the job's log. A job holding that many is searched there too.
 */
export const ANNOTATIONS_PER_JOB = 50
/** How much of such a job's log is searched for a record (the ticket step usually runs last). */
const RECORD_LOG_BYTES = 16 * 1024 * 1024
/** Every call of the lookup has the GitHub deadline; all of them together this many times it. */
const LOOKUP_CALLS_DEADLINE = 3

const RECORD = /livedesk-ticket-action v1 key=([0-9a-f]{16}) ticket=(\S{1,128}) run=(\d{1,20}) sig=([A-Za-z0-9_-]{43})/g

/** The dedupe key of a run, by the inputs dedupe and dedupe_key. */
export function dedupeScope(
  ctx: GitHubContext,
  dedupe: 'run' | 'branch',
  dedupeKey: string | undefined,
  everyRun: boolean,
): DedupeScope {
  const run = ctx.reported
  if (run.triggering) {
    // Not the reporter's job: its failure job and its recovery job share the key.
    const where = `workflow_run\n${run.workflowFile || run.workflow}`
    if (dedupeKey) return { mode: 'key', key: `key\n${where}\n${dedupeKey}`, everyRun: true, reporter: true }
    // A fork's branch is the fork's: its pull request from "main" is not this repository's main.
    if (dedupe === 'branch')
      return { mode: 'branch', key: `branch\n${where}\n${branchName(run)}`, everyRun: true, reporter: true }
    return { mode: 'run', key: `run\n${where}\n${run.runId}`, everyRun: true, reporter: true }
  }
  const where = `${ctx.workflowFile || ctx.workflow}\n${ctx.job}`
  if (dedupeKey) return { mode: 'key', key: `key\n${ctx.workflowFile || ctx.workflow}\n${dedupeKey}`, everyRun }
  if (dedupe === 'branch') return { mode: 'branch', key: `branch\n${where}\n${ctx.branch}`, everyRun }
  return { mode: 'run', key: `run\n${where}\n${ctx.runId}`, everyRun }
}

/** A value written into, and found again in, the notice annotations of this workflow's runs. */
export interface SignedRecords {
  /** The line the executor prints in its notice annotation, to be found by later runs. */
  line(value: string): string
  /**
   * The newest signed value of this scope (see search), with the places whose records were not
   * signed with this api_secret and the workflow's runs listed on the way; throws a GitHubApiError
   * when GitHub cannot be read.
   */
  find(): Promise<{ value?: string; where?: string; forged: string[]; runs?: WorkflowRun[] }>
}

/**
 * Signed records of one scope. The value is any text that is a usable ticket id (one word of
 * printable ASCII): a ticket id for dedupe, the sync's place in the issue list for the sync.
 */
export function signedRecords(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  scope: DedupeScope,
  secret: string,
): SignedRecords {
  const digest = createHash('sha256').update(scope.key).digest('hex').slice(0, 16)
  const sign = (value: string, runId: string): string =>
    createHmac('sha256', secret)
      .update(`livedesk-ticket-action/v1\n${ctx.repository}\n${scope.key}\n${value}\n${runId}`)
      .digest('base64url')

  /** The newest record of this key in these annotations (of run `runId`), newest last; bad signatures noted. */
  const findRecord = (messages: string[], runId: string, where: string, forged: string[]): string | undefined => {
    for (const message of [...messages].reverse()) {
      for (const m of [...message.matchAll(RECORD)].reverse()) {
        const [, key, value, run, sig] = m
        if (key !== digest) continue
        const expected = Buffer.from(sign(value, runId))
        const given = Buffer.from(sig)
        if (
          run !== runId ||
          !isUsableTicketId(value) ||
          given.length !== expected.length ||
          !timingSafeEqual(given, expected)
        ) {
          // Named once a place: a log can hold a hundred thousand of them.
          if (!forged.includes(where)) forged.push(where)
          continue
        }
        return value
      }
    }
    return undefined
  }

  return {
    line: (value) =>
      `livedesk-ticket-action v1 key=${digest} ticket=${value} run=${ctx.runId} sig=${sign(value, ctx.runId)}`,
    async find() {
      const forged: string[] = []
      const found = await search(api, ctx, scope, (messages, runId, where) =>
        findRecord(messages, runId, where, forged),
      )
      return { value: found.ticketId, where: found.where, forged, runs: found.runs }
    },
  }
}

/** `openAfter`: the failed runs in a row that open a ticket (open_after), named when they cannot be counted. */
export function recordsMemory(
  log: Log,
  api: GitHubApiOptions,
  ctx: GitHubContext,
  scope: DedupeScope,
  secret: string,
  openAfter = 1,
): TicketMemory {
  const records = signedRecords(api, ctx, scope, secret)
  return {
    // Outside a workflow run (a local run) a record could never be found again: none is printed.
    record: (ticketId) => (ctx.runId ? records.line(ticketId) : undefined),

    async recall(): Promise<Recalled> {
      // The first attempt of a run, with dedupe: run, has nothing earlier to look at (a reporter: the
      // first attempt of the run it reports on, reported once).
      const first = (attempt: string): boolean => (Number(attempt) || 1) <= 1
      if (scope.mode === 'run' && first(ctx.runAttempt) && (!scope.reporter || first(ctx.reported.runAttempt)))
        return {}
      const outside = outsideRun(ctx)
      if (outside) {
        log.info(
          `dedupe: this step is not running in a workflow run (${outside}), so there are no earlier tickets to look up.`,
        )
        return {}
      }
      if (!api.token) {
        log.warning(
          `github_token is empty, so an earlier ticket for this failure cannot be looked up; ${newTicket(openAfter)}.`,
          'LiveDesk ticket: earlier tickets not looked up',
        )
        return {}
      }
      try {
        const found = await records.find()
        if (found.forged.length > 0) {
          log.warning(
            `Ignored LiveDesk ticket records not signed with this api_secret (anyone who can print to a build log can print one) in: ${found.forged.join('; ')}.`,
            'LiveDesk ticket: record ignored',
          )
        }
        if (found.value)
          log.info(`This failure already has LiveDesk ticket ${found.value} (recorded in ${found.where}).`)
        return { ticketId: found.value, runs: found.runs }
      } catch (err) {
        const hint = permissionHint(err, 'actions: read, checks: read')
        log.warning(
          `An earlier ticket for this failure could not be looked up (${message(err)}), so ${newTicket(openAfter)}.${hint} Or ${scope.mode === 'key' ? 'remove dedupe_key' : 'set dedupe: off'}.`,
          'LiveDesk ticket: earlier tickets not looked up',
        )
        return {}
      }
    },

    // The record rides in the notice the executor prints; nothing else to write.
    remember: async () => undefined,
  }
}

/** What happens when the lookup cannot be made: a ticket rather than silence, open_after or not. */
function newTicket(openAfter: number): string {
  return openAfter > 1
    ? `a new ticket is opened without waiting for ${openAfter} failures in a row (open_after), which could not be counted`
    : 'a new ticket is opened'
}

type Finder = (messages: string[], runId: string, where: string) => string | undefined
type Found = { ticketId: string; where: string } | undefined
/** The record found, if any, and the workflow's runs listed on the way (branch, key). */
type Seen = { ticketId?: string; where?: string; runs?: WorkflowRun[] }

/**
 * Looks for the newest record: in the earlier attempts of this run, then (branch, key, or any mode of
 * a reporter) in the workflow's newest runs, newest first, each run's attempts newest first. Bounded:
 * the jobs of this run (1 call), the newest runs (1 call), and at most RUNS_READ runs
 * (REPORTER_RUNS_READ for a reporter) of 1 + JOBS_READ calls an attempt (a job's log besides, when
 * its annotations are full); each call within the GitHub deadline, the whole lookup within
 * LOOKUP_CALLS_DEADLINE times it.
 */
async function search(perCall: GitHubApiOptions, ctx: GitHubContext, scope: DedupeScope, find: Finder): Promise<Seen> {
  const api = withinLookup(perCall)
  const attempt = Number(ctx.runAttempt) || 1
  let ownJobs: AttemptJob[] | undefined
  const jobsOfThisRun = async (): Promise<AttemptJob[]> =>
    (ownJobs ??= await listRunJobsAllAttempts(api, ctx.repository, ctx.runId))
  let name: string | undefined
  // The jobs of another attempt or run that may hold the record: this job's namesakes; a reporter's, any job of it that ran.
  const pick = async (jobs: AttemptJob[]): Promise<AttemptJob[]> =>
    scope.reporter
      ? jobsThatRan(jobs)
      : namesakes(jobs, (name ??= thisJobName(await jobsOfThisRun(), ctx, attempt)), ctx.job)

  if (attempt > 1) {
    const found = await readAttempts(
      api,
      ctx,
      await jobsOfThisRun(),
      { from: attempt - 1, to: 1, runId: ctx.runId },
      pick,
      find,
    )
    if (found) return found
  }
  if (scope.mode === 'run' && !scope.reporter) return {}
  const { runs, candidates } = await candidateRuns(api, ctx, scope)
  for (const run of candidates) {
    const last = run.run_attempt ?? 1
    const runId = String(run.id)
    // A re-run (a green attempt, say) hides the attempt that holds the record from filter=latest.
    const found =
      last > 1
        ? await readAttempts(
            api,
            ctx,
            await listRunJobsAllAttempts(api, ctx.repository, runId),
            { from: last, to: Math.max(1, last - ATTEMPTS_READ + 1), runId },
            pick,
            find,
          )
        : await readJobs(
            api,
            ctx,
            await pick(await listRunJobsLatest(api, ctx.repository, run.id)),
            runId,
            `run ${run.id}`,
            find,
          )
    if (found) return { ...found, runs }
  }
  return { runs }
}

/** The GitHub options of one lookup: each call its own deadline, none past the lookup's. */
function withinLookup(perCall: GitHubApiOptions): GitHubApiOptions {
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

/** Runs a reporter reads at most: it runs for every run it watches, most of which opened nothing. */
const REPORTER_RUNS_READ = 10

/**
 * The workflow's newest runs that may hold a record, newest first: on the branch (branch mode) or
 * any (a key; a reporter, whose runs all stand on the default branch). Records stand where the ticket
 * step ran: in runs that failed, or failed and were re-run (a schedule's ticket run succeeds, and so
 * does a reporter's: for them every completed run counts).
 */
async function candidateRuns(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  scope: DedupeScope,
): Promise<{ runs?: WorkflowRun[]; candidates: WorkflowRun[] }> {
  if (!ctx.workflowFile)
    throw new GitHubApiError(
      'GITHUB_WORKFLOW_REF does not name the workflow file, so its earlier runs cannot be listed',
    )
  const branch = scope.mode === 'branch' && !scope.reporter ? ctx.branch : undefined
  const runs = await listWorkflowRuns(api, ctx.repository, { workflow: ctx.workflowFile, branch, count: RUNS_LISTED })
  const candidates = fromSameSource(runs, ctx.runId)
    .filter((r) => String(r.id) !== ctx.runId && r.status === 'completed')
    .filter((r) => scope.everyRun || r.conclusion !== 'success' || (r.run_attempt ?? 1) > 1)
    .slice(0, scope.reporter ? REPORTER_RUNS_READ : RUNS_READ)
  // A reporter's own runs say nothing of the watched workflow's failures in a row.
  return { runs: scope.reporter ? undefined : runs, candidates }
}

/**
 * The listed runs whose code came from where run `runId`'s did (its head repository); all of them
 * when that is not known. GitHub lists a branch's runs by the branch's name alone, a fork's pull
 * request from a branch of that name among them (badges/shields#8733): they are not this branch's.
 */
export function fromSameSource(runs: WorkflowRun[], runId: string): WorkflowRun[] {
  const source = runs.find((r) => String(r.id) === runId)?.head_repository?.full_name
  return source === undefined ? runs : runs.filter((r) => r.head_repository?.full_name === source)
}

/** The attempts `from` down to `to` of a run, newest first: the jobs `pick` chooses in each. */
async function readAttempts(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  jobs: AttemptJob[],
  { from, to, runId }: { from: number; to: number; runId: string },
  pick: (jobs: AttemptJob[]) => Promise<AttemptJob[]>,
  find: Finder,
): Promise<Found> {
  for (let n = from; n >= to; n--) {
    const ofAttempt = jobs.filter((j) => (j.run_attempt ?? 1) === n)
    const found = await readJobs(api, ctx, await pick(ofAttempt), runId, `run ${runId}, attempt ${n}`, find)
    if (found) return found
  }
  return undefined
}

/** A reporter's jobs that ran (not skipped by their `if:`): the ones that may have printed a record. */
function jobsThatRan(jobs: AttemptJob[]): AttemptJob[] {
  return jobs.filter((j) => j.conclusion !== 'skipped').slice(0, JOBS_READ)
}

/** This step's job in its run's listing: the one of this attempt on this runner that has not finished. */
function thisJobName(jobs: AttemptJob[], ctx: GitHubContext, attempt: number): string | undefined {
  const mine = jobs.find(
    (j) => (j.run_attempt ?? 1) === attempt && j.runner_name === ctx.runnerName && j.status !== 'completed',
  )
  return mine?.name
}

/** The jobs that may be this job in another attempt or run: the same name, else named after its key. */
function namesakes(jobs: AttemptJob[], name: string | undefined, jobKey: string): AttemptJob[] {
  const same = name ? jobs.filter((j) => j.name === name) : []
  const chosen = same.length > 0 ? same : jobs.filter((j) => j.name === jobKey || j.name.startsWith(`${jobKey} (`))
  return chosen.slice(0, JOBS_READ)
}

/**
 * The record in each job's notice annotations; in its log when GitHub kept no more annotations for
 * that job (its 50 were full, so the notice with the record may be only in the log).
 */
async function readJobs(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  jobs: AttemptJob[],
  runId: string,
  where: string,
  find: Finder,
): Promise<Found> {
  for (const job of jobs) {
    const at = `${where}, job "${job.name}"`
    const annotations = await listCheckRunAnnotations(api, ctx.repository, job.id)
    const notices = annotations.filter((a) => a.annotation_level === 'notice').map((a) => a.message ?? '')
    const ticketId = find(notices, runId, at)
    if (ticketId) return { ticketId, where: at }
    if (annotations.length < ANNOTATIONS_PER_JOB) continue
    const { text } = await readJobLog(api, ctx.repository, job.id, () => false, RECORD_LOG_BYTES)
    const inLog = find([text], runId, `${at} (its log)`)
    if (inLog) return { ticketId: inLog, where: `${at} (its log)` }
  }
  return undefined
}
