// The runs a lookup reads for a scope's records: the workflow's newest runs on the branch (or on any,
// for a dedupe_key), one call; the earlier ones that may hold a record; and, when none of those is in
// sight, the branch's older failed runs (GitHub filters by conclusion), so a long green stretch does
// not hide the ticket a failure before it opened.
import { listWorkflowRuns } from '../github/actions.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { WorkflowRun } from '../github/shapes.js'
import { FAILED_CONCLUSIONS } from '../github/run-ends.js'

/** How many of the workflow's newest runs are listed. */
export const RUNS_LISTED = 20
/** The branch's newest failed runs listed beside the newest runs: a month of failures, as re-runs reach back 30 days. */
const FAILURES_LISTED = 30

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

/**
 * The listed runs whose code came from where run `runId`'s did (its head repository); all of them
 * when that is not known. GitHub lists a branch's runs by the branch's name alone, a fork's pull
 * request from a branch of that name among them (badges/shields#8733): they are not this branch's.
 */
export function fromSameSource(runs: WorkflowRun[], runId: string, source?: string): WorkflowRun[] {
  const from = source ?? runs.find((r) => String(r.id) === runId)?.head_repository?.full_name
  return from === undefined ? runs : runs.filter((r) => r.head_repository?.full_name === from)
}

/** The workflow's newest runs on the branch (any branch without one), newest first. */
export function newestRuns(api: GitHubApiOptions, of: RunsOf): Promise<WorkflowRun[]> {
  return listWorkflowRuns(api, of.repository, {
    workflow: of.workflow,
    branch: of.branch,
    event: of.event,
    count: RUNS_LISTED,
  })
}

/** A run that may hold a record: one that failed (a cancel too: it may have timed out), was re-run, or any with `everyRun`. */
function mayHoldRecord(run: WorkflowRun, everyRun: boolean): boolean {
  if (run.status !== 'completed') return false
  if (everyRun || (run.run_attempt ?? 1) > 1) return true
  return FAILED_CONCLUSIONS.has(run.conclusion ?? '') || run.conclusion === 'cancelled'
}

/**
 * The earlier runs to read for a record, at most `max`, the most recently finished first (a record is
 * written when its run's attempt ends, so a run re-run last week holds a newer record than one that
 * failed yesterday): those of the newest runs that may hold one, and the branch's newest failed runs,
 * listed apart (one call), so that neither a long green stretch, nor a crowd of cancelled runs, nor a
 * re-run of an older run hides the failure that holds the newest record. This run is not among them:
 * its own earlier attempts are the store's to read.
 */
export async function earlierRuns(
  api: GitHubApiOptions,
  of: RunsOf,
  listed: WorkflowRun[],
  {
    everyRun,
    max,
    source,
    failed,
  }: { everyRun: boolean; max: number; source?: string; failed?: Promise<WorkflowRun[]> },
): Promise<WorkflowRun[]> {
  // Where this run's code came from, as the newest runs say (the failed runs listed apart may not hold it).
  const from = source ?? listed.find((r) => String(r.id) === of.runId)?.head_repository?.full_name
  const seen = new Set<number>()
  // Where every completed run holds a record (a schedule), the newest runs hold the newest one.
  const failures = everyRun ? [] : await (failed ?? failedRuns(api, of))
  const candidates = fromSameSource([...listed, ...failures], of.runId, from).filter((r) => {
    if (String(r.id) === of.runId || seen.has(r.id) || !mayHoldRecord(r, everyRun)) return false
    seen.add(r.id)
    return true
  })
  // GitHub lists runs by when they were created; a stable sort keeps that order among equal times.
  return candidates.sort((a, b) => finishedAt(b) - finishedAt(a)).slice(0, max)
}

/** The branch's newest failed runs (GitHub's status filter takes a conclusion): listed while the newest runs are. */
export function failedRuns(api: GitHubApiOptions, of: RunsOf): Promise<WorkflowRun[]> {
  const listing = listWorkflowRuns(api, of.repository, {
    workflow: of.workflow,
    branch: of.branch,
    event: of.event,
    status: 'failure',
    count: FAILURES_LISTED,
  })
  // Awaited later, or never when the lookup ends first: its failure is the awaiter's, never unhandled.
  listing.catch(() => undefined)
  return listing
}

/** When a run's latest attempt last changed (ended, for a completed run); 0 when GitHub does not say. */
function finishedAt(run: WorkflowRun): number {
  return Date.parse(run.updated_at ?? '') || 0
}

/**
 * The run before this one, when it passed: its recovery step had this one's place, so nothing is
 * left to note (a recovery then costs the one listing). Skipped runs are passed over; a cancelled one
 * may have timed out, so it is no pass.
 */
export function passedBefore(listed: WorkflowRun[], runId: string, source?: string): WorkflowRun | undefined {
  const runs = fromSameSource(listed, runId, source)
  const at = runs.findIndex((r) => String(r.id) === runId)
  if (at < 0) return undefined
  const before = runs.slice(at + 1).find((r) => r.status === 'completed' && r.conclusion !== 'skipped')
  return before?.conclusion === 'success' ? before : undefined
}
