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
/** Older failed runs listed when the newest hold none. */
const FAILURES_LISTED = 5

/** The workflow a lookup lists, and where. */
export interface RunsOf {
  repository: string
  /** Its file name, or its numeric id (a dynamic workflow has only the id). */
  workflow: string | number
  /** undefined: runs of every branch (a dedupe_key). */
  branch?: string
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
  return listWorkflowRuns(api, of.repository, { workflow: of.workflow, branch: of.branch, count: RUNS_LISTED })
}

/** A run that may hold a record: one that failed (a cancel too: it may have timed out), was re-run, or any with `everyRun`. */
function mayHoldRecord(run: WorkflowRun, everyRun: boolean): boolean {
  if (run.status !== 'completed') return false
  if (everyRun || (run.run_attempt ?? 1) > 1) return true
  return FAILED_CONCLUSIONS.has(run.conclusion ?? '') || run.conclusion === 'cancelled'
}

/**
 * The runs to read, at most `max`, newest first: the listed runs that may hold a record; when the
 * listing is full and holds none, the branch's newest failed runs (one more call), as far back as
 * GitHub keeps them. This run is among them when it is re-run (`self`): in its place when it is
 * listed (a newer run holds a newer record), else last (a re-run of a run older than the listing).
 */
export async function earlierRuns(
  api: GitHubApiOptions,
  of: RunsOf,
  listed: WorkflowRun[],
  { everyRun, max, source, self = false }: { everyRun: boolean; max: number; source?: string; self?: boolean },
): Promise<WorkflowRun[]> {
  // Where this run's code came from, as the newest runs say (the failed runs listed after may not hold it).
  const from = source ?? listed.find((r) => String(r.id) === of.runId)?.head_repository?.full_name
  const isSelf = (r: WorkflowRun): boolean => String(r.id) === of.runId
  const own = (runs: WorkflowRun[]): WorkflowRun[] =>
    fromSameSource(runs, of.runId, from).filter((r) => !isSelf(r) && mayHoldRecord(r, everyRun))
  let runs = own(listed)
  if (runs.length === 0 && listed.length >= RUNS_LISTED) {
    runs = own(
      await listWorkflowRuns(api, of.repository, {
        workflow: of.workflow,
        branch: of.branch,
        status: 'failure',
        count: FAILURES_LISTED,
      }),
    )
  }
  if (!self) return runs.slice(0, max)
  const at = listed.findIndex(isSelf)
  // Among the listed runs, this one's place is after the newer ones read.
  const newer = at < 0 ? runs.length : runs.filter((r) => listed.indexOf(r) >= 0 && listed.indexOf(r) < at).length
  const me = listed[at] ?? { id: Number(of.runId), status: 'in_progress', conclusion: null }
  return [...runs.slice(0, Math.min(newer, max - 1)), me, ...runs.slice(newer)].slice(0, max)
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
