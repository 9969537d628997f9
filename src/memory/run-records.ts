// The memory of build failures and schedules (dedupe): a signed record in the notice annotation the
// action prints for every ticket it opens or updates. GitHub keeps annotations with the job's check
// run, so later attempts and later runs read them back (actions: read, checks: read), with no other
// service and no write permission. Anyone who can print to a build log can print an annotation, so a
// record counts only when it is signed with api_secret: HMAC-SHA256 over the repository, the dedupe
// key, the ticket id and the run it was written in (a record copied into another run's log does
// not check there).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import {
  GitHubApiError,
  listCheckRunAnnotations,
  listRunJobsAllAttempts,
  listRunJobsLatest,
  listWorkflowRuns,
  refusedForPermission,
  type AttemptJob,
  type GitHubApiOptions,
} from '../github/client.js'
import type { GitHubContext } from '../github/context.js'
import { isUsableTicketId } from '../livedesk/ticket.js'
import type { Log } from '../runner/runner.js'
import type { TicketMemory } from './memory.js'

/** Which tickets count as "this failure's". */
export interface DedupeScope {
  /** run: the attempts of this run; branch: also this workflow's recent runs on the branch; key: on any branch. */
  mode: 'run' | 'branch' | 'key'
  key: string
  /** Every completed run may hold a record (schedules), not only those that failed or were re-run. */
  everyRun: boolean
}

/** How many of the workflow's newest runs are listed, and how many of them are read at most. */
export const RUNS_LISTED = 20
export const RUNS_READ = 5
/** Jobs of one attempt or run whose annotations are read at most (the job itself, and its namesakes). */
const JOBS_READ = 3

const RECORD = /livedesk-ticket-action v1 key=([0-9a-f]{16}) ticket=(\S{1,128}) run=(\d{1,20}) sig=([A-Za-z0-9_-]{43})/g

/** The dedupe key of a run, by the inputs dedupe and dedupe_key. */
export function dedupeScope(ctx: GitHubContext, dedupe: 'run' | 'branch', dedupeKey: string | undefined, everyRun: boolean): DedupeScope {
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
   * signed with this api_secret; throws a GitHubApiError when GitHub cannot be read.
   */
  find(): Promise<{ value?: string; where?: string; forged: string[] }>
}

/**
 * Signed records of one scope. The value is any text that is a usable ticket id (one word of
 * printable ASCII): a ticket id for dedupe, the sync's place in the issue list for the sync.
 */
export function signedRecords(api: GitHubApiOptions, ctx: GitHubContext, scope: DedupeScope, secret: string): SignedRecords {
  const digest = createHash('sha256').update(scope.key).digest('hex').slice(0, 16)
  const sign = (value: string, runId: string): string =>
    createHmac('sha256', secret).update(`livedesk-ticket-action/v1\n${ctx.repository}\n${scope.key}\n${value}\n${runId}`).digest('base64url')

  /** The newest record of this key in these annotations (of run `runId`), newest last; bad signatures noted. */
  const findRecord = (messages: string[], runId: string, where: string, forged: string[]): string | undefined => {
    for (const message of [...messages].reverse()) {
      for (const m of [...message.matchAll(RECORD)].reverse()) {
        const [, key, value, run, sig] = m
        if (key !== digest) continue
        const expected = Buffer.from(sign(value, runId))
        const given = Buffer.from(sig)
        if (run !== runId || !isUsableTicketId(value) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
          forged.push(where)
          continue
        }
        return value
      }
    }
    return undefined
  }

  return {
    line: (value) => `livedesk-ticket-action v1 key=${digest} ticket=${value} run=${ctx.runId} sig=${sign(value, ctx.runId)}`,
    async find() {
      const forged: string[] = []
      const found = await search(api, ctx, scope, (messages, runId, where) => findRecord(messages, runId, where, forged))
      return { value: found?.ticketId, where: found?.where, forged }
    },
  }
}

export function recordsMemory(log: Log, api: GitHubApiOptions, ctx: GitHubContext, scope: DedupeScope, secret: string): TicketMemory {
  const records = signedRecords(api, ctx, scope, secret)
  return {
    record: (ticketId) => records.line(ticketId),

    async recall() {
      // The first attempt of a run, with dedupe: run, has nothing earlier to look at.
      if (scope.mode === 'run' && (Number(ctx.runAttempt) || 1) <= 1) return undefined
      if (!api.token) {
        log.warning('github_token is empty, so an earlier ticket for this failure cannot be looked up; a new ticket is opened.', 'LiveDesk ticket: earlier tickets not looked up')
        return undefined
      }
      try {
        const found = await records.find()
        if (found.forged.length > 0) {
          log.warning(`Ignored LiveDesk ticket records not signed with this api_secret (anyone who can print to a build log can print one) in: ${found.forged.join('; ')}.`, 'LiveDesk ticket: record ignored')
        }
        if (found.value) log.info(`This failure already has LiveDesk ticket ${found.value} (recorded in ${found.where}).`)
        return found.value
      } catch (err) {
        const hint = refusedForPermission(err) ? ' Give the workflow "permissions: actions: read, checks: read".' : ''
        log.warning(
          `An earlier ticket for this failure could not be looked up (${err instanceof Error ? err.message : String(err)}), so a new ticket is opened.${hint} Or set dedupe: off.`,
          'LiveDesk ticket: earlier tickets not looked up',
        )
        return undefined
      }
    },

    // The record rides in the notice the executor prints; nothing else to write.
    remember: async () => undefined,
  }
}

type Finder = (messages: string[], runId: string, where: string) => string | undefined

/**
 * Looks for the newest record: in the earlier attempts of this run, then (branch, key) in the
 * workflow's newest runs, newest first. Bounded: the jobs of this run (1 call), the newest runs
 * (1 call), and at most RUNS_READ runs of 1 + JOBS_READ calls each.
 */
async function search(api0: GitHubApiOptions, ctx: GitHubContext, scope: DedupeScope, find: Finder): Promise<{ ticketId: string; where: string } | undefined> {
  // One deadline for the whole search, every call included: the GitHub deadline of one call.
  const until = Date.now() + api0.timeoutMs
  const api: GitHubApiOptions = {
    ...api0,
    get timeoutMs() {
      const left = until - Date.now()
      if (left < 100) throw new GitHubApiError(`the lookup did not finish within ${Math.round(api0.timeoutMs / 1000)} s`)
      return left
    },
  }
  const attempt = Number(ctx.runAttempt) || 1
  let ownJobs: AttemptJob[] | undefined
  const jobsOfThisRun = async (): Promise<AttemptJob[]> => (ownJobs ??= await listRunJobsAllAttempts(api, ctx.repository, ctx.runId))
  let name: string | undefined
  const ownName = async (): Promise<string | undefined> => (name ??= thisJobName(await jobsOfThisRun(), ctx, attempt))

  if (attempt > 1) {
    const jobs = await jobsOfThisRun()
    const mine = await ownName()
    for (let n = attempt - 1; n >= 1; n--) {
      const candidates = namesakes(jobs.filter((j) => (j.run_attempt ?? 1) === n), mine, ctx.job)
      const found = await readJobs(api, ctx, candidates, ctx.runId, `run ${ctx.runId}, attempt ${n}`, find)
      if (found) return found
    }
  }
  if (scope.mode === 'run') return undefined
  if (!ctx.workflowFile) throw new GitHubApiError('GITHUB_WORKFLOW_REF does not name the workflow file, so its earlier runs cannot be listed')
  const runs = await listWorkflowRuns(api, ctx.repository, ctx.workflowFile, scope.mode === 'branch' ? ctx.branch : undefined, RUNS_LISTED)
  // Records stand where the ticket step ran: in runs that failed, or failed and were re-run (a
  // schedule's ticket run succeeds, so for schedules every completed run counts).
  const candidates = runs
    .filter((r) => String(r.id) !== ctx.runId && r.status === 'completed')
    .filter((r) => scope.everyRun || r.conclusion !== 'success' || (r.run_attempt ?? 1) > 1)
    .slice(0, RUNS_READ)
  if (candidates.length === 0) return undefined
  const mine = await ownName()
  for (const run of candidates) {
    const jobs = await listRunJobsLatest(api, ctx.repository, run.id)
    const found = await readJobs(api, ctx, namesakes(jobs, mine, ctx.job), String(run.id), `run ${run.id}`, find)
    if (found) return found
  }
  return undefined
}

/** This step's job in its run's listing: the one of this attempt on this runner that has not finished. */
function thisJobName(jobs: AttemptJob[], ctx: GitHubContext, attempt: number): string | undefined {
  const mine = jobs.find((j) => (j.run_attempt ?? 1) === attempt && j.runner_name === ctx.runnerName && j.status !== 'completed')
  return mine?.name
}

/** The jobs that may be this job in another attempt or run: the same name, else named after its key. */
function namesakes(jobs: AttemptJob[], name: string | undefined, jobKey: string): AttemptJob[] {
  const same = name ? jobs.filter((j) => j.name === name) : []
  const chosen = same.length > 0 ? same : jobs.filter((j) => j.name === jobKey || j.name.startsWith(`${jobKey} (`))
  return chosen.slice(0, JOBS_READ)
}

async function readJobs(api: GitHubApiOptions, ctx: GitHubContext, jobs: AttemptJob[], runId: string, where: string, find: Finder): Promise<{ ticketId: string; where: string } | undefined> {
  for (const job of jobs) {
    const annotations = await listCheckRunAnnotations(api, ctx.repository, job.id)
    const messages = annotations.filter((a) => a.annotation_level === 'notice').map((a) => a.message ?? '')
    const ticketId = find(messages, runId, `${where}, job "${job.name}"`)
    if (ticketId) return { ticketId, where: `${where}, job "${job.name}"` }
  }
  return undefined
}
