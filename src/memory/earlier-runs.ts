// The runs a lookup reads for a scope's records. GitHub lists a workflow's runs by when they were
// created, filtered by branch, event and conclusion ("List workflow runs for a workflow"); a record
// is written when a run's attempt ends. So the lookup lists the newest runs of the branch (or of any,
// for a dedupe_key), and beside them the branch's newest failed and cancelled runs (a cancel may be a
// timeout), all at once, and reads the runs that may hold a record, the most recently ended first:
// neither a long green stretch, nor a crowd of cancelled runs, nor a run re-run days later hides the
// one that holds the newest record. A recovery stops at the first listings when the run that ended
// before this one passed.
import { listWorkflowRuns } from '../github/actions.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import { FAILED_CONCLUSIONS } from '../github/run-ends.js'
import type { WorkflowRun } from '../github/shapes.js'

/** How many of the workflow's newest runs are listed. */
export const RUNS_LISTED = 20
/** The branch's newest failed runs, and its cancelled ones, listed beside: a month of them, as re-runs reach back 30 days. */
const ENDED_BADLY_LISTED = 30
/**
 * Cancelled runs read at most among a lookup's runs, besides the others: each may have timed out and
 * hold a record, and a person's cancel does not; a busy branch cancels runs by the dozen.
 */
const CANCELLED_READ = 5

/** The workflow a lookup lists, and where. */
export interface RunsOf {
  repository: string
  /** Its file name, or its numeric id (a dynamic workflow has only the id). */
  workflow: string | number
  /** undefined: runs of every branch (a dedupe_key). */
  branch?: string
  /** Runs of this event only (a fork's pull requests, listed among the branch's of the same name). */
  event?: string
  /** The run the lookup is for: it is never its own candidate. */
  runId: string
}

/** What a lookup listed. */
export interface RunsListed {
  /** The workflow's newest runs on the branch, newest first (failures in a row are counted from them). */
  newest: WorkflowRun[]
  /** Every run listed: the newest, and the failed and cancelled ones listed beside them. */
  all: WorkflowRun[]
  /** A recovery's lookup ends here: the run that ended before this one passed. */
  passedBefore?: WorkflowRun
}

/**
 * The listings of one lookup, at once. `everyRun` (a schedule, a chore: every run may hold a record):
 * the newest runs hold the newest record, one call. A failure: the newest, failed and cancelled runs,
 * three calls. A recovery: the newest and failed runs (two calls), and the cancelled ones only when
 * the run that ended before this one did not pass (`rerun`: never a pass, as a re-run's own first
 * attempt may have failed).
 */
export async function listRuns(
  api: GitHubApiOptions,
  of: RunsOf,
  { everyRun, recovery, rerun, source }: { everyRun: boolean; recovery: boolean; rerun: boolean; source?: string },
): Promise<RunsListed> {
  const list = (status?: string, count = ENDED_BADLY_LISTED): Promise<WorkflowRun[]> =>
    listWorkflowRuns(api, of.repository, { workflow: of.workflow, branch: of.branch, event: of.event, status, count })
  if (everyRun) {
    const newest = await list(undefined, RUNS_LISTED)
    return { newest, all: newest }
  }
  const cancelled = recovery ? undefined : list('cancelled')
  const [newest, failed] = await settled([list(undefined, RUNS_LISTED), list('failure'), cancelled])
  const passed = recovery ? passedBefore([...newest, ...failed], of.runId, { source, rerun }) : undefined
  if (passed) return { newest, all: newest, passedBefore: passed }
  return { newest, all: [...newest, ...failed, ...(await (cancelled ?? list('cancelled')))] }
}

/**
 * The listings that were started together, awaited together: when one fails, the others' failures
 * are handled too (never an unhandled rejection), and the first failure is thrown.
 */
async function settled(
  listings: [Promise<WorkflowRun[]>, Promise<WorkflowRun[]>, Promise<WorkflowRun[]> | undefined],
): Promise<[WorkflowRun[], WorkflowRun[]]> {
  listings[2]?.catch(() => undefined)
  const [newest, failed] = await Promise.all([listings[0], listings[1]])
  return [newest, failed]
}

/**
 * The listed runs whose code came from where run `runId`'s did (its head repository); all of them
 * when that is not known. GitHub lists a branch's runs by the branch's name alone, a fork's pull
 * request from a branch of that name among them (badges/shields#8733): they are not this branch's.
 */
export function fromSameSource(runs: WorkflowRun[], runId: string, source?: string): WorkflowRun[] {
  const from = source ?? runs.find((r) => String(r.id) === runId)?.head_repository?.full_name
  return from === undefined ? runs : runs.filter((r) => r.head_repository?.full_name === from)
}

/** A run that may hold a record: one that failed (a cancel too: it may have timed out), was re-run, or any with `everyRun`. */
function mayHoldRecord(run: WorkflowRun, everyRun: boolean): boolean {
  if (run.status !== 'completed') return false
  if (everyRun || (run.run_attempt ?? 1) > 1) return true
  return FAILED_CONCLUSIONS.has(run.conclusion ?? '') || run.conclusion === 'cancelled'
}

/**
 * The earlier runs to read for a record, the most recently ended first, among the runs listed: at
 * most `max` of them that failed or were re-run (or any, `everyRun`), and besides them at most
 * CANCELLED_READ cancelled ones. This run is not among them: its own earlier attempts are the store's
 * to read.
 */
export function earlierRuns(
  of: Pick<RunsOf, 'runId'>,
  listed: WorkflowRun[],
  { everyRun, max, source }: { everyRun: boolean; max: number; source?: string },
): WorkflowRun[] {
  // Where this run's code came from, as the newest runs say (the runs listed beside may not hold it).
  const from = source ?? listed.find((r) => String(r.id) === of.runId)?.head_repository?.full_name
  const seen = new Set<number>()
  const candidates = fromSameSource(listed, of.runId, from).filter((r) => {
    if (String(r.id) === of.runId || seen.has(r.id) || !mayHoldRecord(r, everyRun)) return false
    seen.add(r.id)
    return true
  })
  // GitHub lists runs by when they were created; a stable sort keeps that order among equal times.
  candidates.sort((a, b) => endedAt(b) - endedAt(a))
  const picked: WorkflowRun[] = []
  let [others, cancels] = [0, 0]
  for (const run of candidates) {
    const cancel = run.conclusion === 'cancelled' && (run.run_attempt ?? 1) <= 1 && !everyRun
    if (cancel ? cancels++ >= CANCELLED_READ : others++ >= max) continue
    picked.push(run)
  }
  return picked
}

/** When a run's latest attempt last changed (ended, for a completed run); 0 when GitHub does not say. */
function endedAt(run: WorkflowRun): number {
  return Date.parse(run.updated_at ?? '') || 0
}

/**
 * The run that ended last before this one, when it passed: its recovery step (in the same queue as
 * this one's) had this one's place, so nothing is left to note. Never for a re-run (`rerun`: its own
 * earlier attempt, or its report's, may have failed), nor for a run that is not listed. By when runs
 * ended, not when they began: a run that timed out after a newer one passed ended last, and so did a
 * run re-run days later. A cancelled run may have timed out, so it is no pass; skipped and unfinished
 * runs are passed over.
 */
export function passedBefore(
  listed: WorkflowRun[],
  runId: string,
  { source, rerun }: { source?: string; rerun: boolean },
): WorkflowRun | undefined {
  if (rerun) return undefined
  const runs = fromSameSource(listed, runId, source)
  const me = runs.find((r) => String(r.id) === runId)
  if (!me) return undefined
  const mine = endedAt(me)
  const place = runs.indexOf(me)
  let before: WorkflowRun | undefined
  for (const [i, run] of runs.entries()) {
    if (run.id === me.id || run.status !== 'completed' || run.conclusion === 'skipped') continue
    const at = endedAt(run)
    // By when runs ended when GitHub says; else by the listing's order (newest created first).
    if (mine && at ? at >= mine : i < place) continue
    if (!before || at > endedAt(before)) before = run
  }
  return before?.conclusion === 'success' ? before : undefined
}
