// open_after's count, with the reads it needs beyond the runs the memory listed: the runs of this
// run's event when the listing is full of other events' runs (one call), and, for the cancelled runs
// inside the streak, whether they ran out of time (their jobs and annotations, a few runs at most).
import { listWorkflowRuns } from '../github/actions.js'
import type { GitHubContext } from '../github/context.js'
import { withinLookup, type GitHubApiOptions } from '../github/octokit-client.js'
import { ranOutOfTime } from '../github/run-ends.js'
import type { WorkflowRun } from '../github/shapes.js'
import { RUNS_LISTED } from '../memory/earlier-runs.js'
import type { Log } from '../runner/runner.js'
import { cancelledInStreak, countStreak, type Streak } from './streak.js'

/**
 * Cancelled runs of a streak whose jobs are read at most, newest first, to tell a timeout from a
 * cancel. Past them a cancelled run is taken for a cancel (the common case): it neither counts nor
 * ends the streak, and the log says how many were not read.
 */
export const CANCELLED_RUNS_READ = 3

/**
 * This run's failed runs in a row, from `listed` (the workflow's newest runs on the branch, or on any
 * with a dedupe_key, newest first). Stops reading once the count reaches `openAfter`. Throws a
 * GitHubApiError when GitHub cannot be read.
 */
export async function failuresInARow(
  perCall: GitHubApiOptions,
  ctx: GitHubContext,
  listed: WorkflowRun[],
  { openAfter, anyBranch, log }: { openAfter: number; anyBranch: boolean; log: Log },
): Promise<Streak> {
  const api = withinLookup(perCall)
  const run = ctx.reported
  const event = run.eventName || undefined
  let runs = listed
  let full = listed.length >= RUNS_LISTED
  // A listing full of other events' runs may hide this event's: list those alone.
  if (full && event && listed.some((r) => r.event !== undefined && r.event !== event)) {
    runs = await listWorkflowRuns(api, ctx.repository, {
      workflow: run.workflowId ?? run.workflowFile,
      branch: anyBranch ? undefined : run.branch,
      event,
      count: RUNS_LISTED,
    })
    full = runs.length >= RUNS_LISTED
  }
  const rules = { event, full }
  let streak = countStreak(runs, run.runId, rules)
  const timedOut = new Set<number>()
  const cancelled = cancelledInStreak(runs, run.runId, event)
  for (const candidate of cancelled.slice(0, CANCELLED_RUNS_READ)) {
    if (streak.count >= openAfter) break
    if (!(await ranOutOfTime(api, ctx.repository, candidate.id))) continue
    timedOut.add(candidate.id)
    streak = countStreak(runs, run.runId, { ...rules, timedOut })
  }
  const unread = cancelled.length - CANCELLED_RUNS_READ
  if (unread > 0 && streak.count < openAfter)
    log.info(
      `open_after: ${unread} more cancelled run${unread === 1 ? ' is' : 's are'} in the streak; only the newest ${CANCELLED_RUNS_READ} were read for a timeout, and the others are taken as cancelled by a person (neither counted nor ending the streak).`,
    )
  return streak
}
