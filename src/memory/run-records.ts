// Records in runs' notices: a ticket step in the workflow itself prints a signed record as the notice
// of every ticket it opens or updates. GitHub keeps annotations with the job's check run, so later
// attempts and later runs read them back (actions: read, checks: read), with no other service and no
// write permission. The sync keeps its place in the issue list the same way.
import { listRunJobsAllAttempts, listRunJobsLatest } from '../github/actions.js'
import { listCheckRunAnnotations } from '../github/checks.js'
import type { GitHubContext } from '../github/context.js'
import { GitHubApiError } from '../github/errors.js'
import { readJobLogTail } from '../github/job-logs.js'
import { withinLookup, type GitHubApiOptions } from '../github/octokit-client.js'
import type { AttemptJob, WorkflowRun } from '../github/shapes.js'
import { earlierRuns, listRuns, type RunsOf } from './earlier-runs.js'
import { newest, type Hit, type Lookup, type RecordStore } from './records-memory.js'
import type { DedupeScope } from './scope.js'
import { recordSigner } from './signed-record.js'

/** How many earlier runs are read at most, newest first. */
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
/** How much of the end of such a job's log is searched for a record (the ticket step usually runs last). */
export const RECORD_LOG_BYTES = 16 * 1024 * 1024

/** The store of a step's own runs; `line` writes a record of any value (the sync's place too). */
export interface RunRecords extends RecordStore {
  line(value: string): string
}

/**
 * Records of one scope in this workflow's runs. The value is any text that is a usable ticket id (one
 * word of printable ASCII): a ticket id for dedupe, the sync's place in the issue list for the sync.
 */
export function runRecords(api: GitHubApiOptions, ctx: GitHubContext, scope: DedupeScope, secret: string): RunRecords {
  const signer = recordSigner(ctx.repository, scope.key, secret)
  const line = (value: string): string => signer.line(value, { run: ctx.runId })
  return {
    readPermissions: 'actions: read, checks: read',
    forgeable: 'anyone who can print to a build log can print one',
    line,
    // Outside a workflow run (a local run) a record could never be found again: none is printed.
    noticeLine: (ticketId) => (ctx.runId ? line(ticketId) : undefined),
    async find({ recovery }) {
      const forged: string[] = []
      const read: Finder = (texts, runId, where) => signer.read(texts, { run: runId }, where, forged)
      return { ...(await search(withinLookup(api), ctx, scope, { recovery }, read)), forged }
    },
  }
}

type Finder = (texts: string[], runId: string, where: string) => string | undefined
/** A record found, ordered by its job's id (a job's id grows with time); `latest`: in its run's latest attempt. */
type Found = (Hit & { latest?: boolean }) | undefined

/**
 * Looks for the newest record: in the earlier attempts of this run (run), or (branch, key) in the
 * workflow's runs most recently finished first (earlier-runs.ts), each run's attempts newest first,
 * and in this run's earlier attempts: the newer of the two. Bounded: the newest runs and the failed
 * runs (2 calls, at once), at most RUNS_READ runs of 1 + JOBS_READ calls an attempt (a job's log
 * besides, when its annotations are full), this run's jobs (1 call); each call within the GitHub
 * deadline, the whole lookup within LOOKUP_CALLS_DEADLINE times it. A recovery stops at the newest
 * runs when the run before this one passed.
 */
async function search(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  scope: DedupeScope,
  { recovery }: { recovery: boolean },
  find: Finder,
): Promise<Omit<Lookup, 'forged'>> {
  const attempt = Number(ctx.runAttempt) || 1
  let ownJobs: AttemptJob[] | undefined
  const jobsOfThisRun = async (): Promise<AttemptJob[]> =>
    (ownJobs ??= await listRunJobsAllAttempts(api, ctx.repository, ctx.runId))
  let name: string | undefined
  // The jobs of another attempt or run that may hold the record: this job's namesakes.
  const pick = async (jobs: AttemptJob[]): Promise<AttemptJob[]> =>
    namesakes(jobs, (name ??= thisJobName(await jobsOfThisRun(), ctx, attempt)), ctx.job)

  const ownAttempts = async (): Promise<Found> =>
    attempt > 1
      ? readAttempts(api, ctx, await jobsOfThisRun(), { from: attempt - 1, to: 1, runId: ctx.runId }, pick, find)
      : undefined
  if (scope.mode === 'run') return newest(undefined, await ownAttempts())
  if (!ctx.workflowFile)
    throw new GitHubApiError(
      'GITHUB_WORKFLOW_REF does not name the workflow file, so its earlier runs cannot be listed',
    )
  const of: RunsOf = {
    repository: ctx.repository,
    workflow: ctx.workflowFile,
    branch: scope.mode === 'branch' ? ctx.branch : undefined,
    runId: ctx.runId,
  }
  const listed = await listRuns(api, of, { everyRun: scope.everyRun, recovery, rerun: attempt > 1 })
  if (listed.passedBefore) return { runs: listed.newest, passedBefore: listed.passedBefore }
  // The most recently ended run first. A record its latest attempt printed is the newest; one of an
  // earlier attempt (a run re-run green, which printed nothing) may be older than the next run's.
  let found: Found
  for (const run of earlierRuns(of, listed.all, { everyRun: scope.everyRun, max: RUNS_READ })) {
    const hit = await readRun(api, ctx, run, pick, find)
    if (!hit) continue
    found = found && found.order > hit.order ? found : hit
    if (hit.latest) break
  }
  // This run's earlier attempts may hold a newer record than any other run (a re-run right after), or an older one.
  return { ...newest(found, await ownAttempts()), runs: listed.newest }
}

/** An earlier run's record: in its latest jobs, or attempt by attempt when it was re-run. */
async function readRun(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  run: WorkflowRun,
  pick: (jobs: AttemptJob[]) => Promise<AttemptJob[]>,
  find: Finder,
): Promise<Found> {
  const last = run.run_attempt ?? 1
  const runId = String(run.id)
  // A re-run (a green attempt, say) hides the attempt that holds the record from filter=latest.
  if (last > 1) {
    const jobs = await listRunJobsAllAttempts(api, ctx.repository, runId)
    const range = { from: last, to: Math.max(1, last - ATTEMPTS_READ + 1), runId }
    const hit = await readAttempts(api, ctx, jobs, range, pick, find)
    return hit && { ...hit, latest: hit.attempt === last }
  }
  const jobs = await pick(await listRunJobsLatest(api, ctx.repository, run.id))
  const hit = await readJobs(api, ctx, jobs, runId, `run ${run.id}`, find)
  return hit && { ...hit, latest: true }
}

/** The attempts `from` down to `to` of a run, newest first: the jobs `pick` chooses in each. */
async function readAttempts(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  jobs: AttemptJob[],
  { from, to, runId }: { from: number; to: number; runId: string },
  pick: (jobs: AttemptJob[]) => Promise<AttemptJob[]>,
  find: Finder,
): Promise<(Hit & { attempt: number }) | undefined> {
  for (let n = from; n >= to; n--) {
    const ofAttempt = jobs.filter((j) => (j.run_attempt ?? 1) === n)
    const found = await readJobs(api, ctx, await pick(ofAttempt), runId, `run ${runId}, attempt ${n}`, find)
    if (found) return { ...found, attempt: n }
  }
  return undefined
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
    const value = find(notices, runId, at)
    if (value) return { value, where: at, order: job.id }
    if (annotations.length < ANNOTATIONS_PER_JOB) continue
    const { text } = await readJobLogTail(api, ctx.repository, job.id, RECORD_LOG_BYTES)
    const inLog = find([text], runId, `${at} (its log)`)
    if (inLog) return { value: inLog, where: `${at} (its log)`, order: job.id }
  }
  return undefined
}
