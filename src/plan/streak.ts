// How many failed runs in a row this run is (open_after), counted from the workflow's newest runs the
// memory listed to find the ticket, so counting costs no call of its own. A passed run ends the streak;
// a cancelled, skipped or unfinished run neither counts nor ends it; GitHub lists a run once, as its
// latest attempt, so the attempts of one run count once (and a failed run re-run green has passed).
import type { WorkflowRun } from '../github/shapes.js'
import { branchName, type ReportedRun } from '../github/context.js'
import type { Settings } from '../inputs/settings.js'
import { fromSameSource, RUNS_LISTED } from '../memory/run-records.js'

/** A run of the workflow, as listed: its latest attempt and how it ended. */
export interface StreakRun {
  id: number
  attempt: number
  conclusion: string
}

export interface Streak {
  /** Failed runs in a row, this one included. */
  count: number
  /** The earlier failed runs that make it, newest first. */
  earlier: StreakRun[]
  /** The passed run just before them, when it is listed. */
  after?: StreakRun
  /**
   * No passed run in sight: the listing holds no older run (all RUNS_LISTED are taken), or this run is
   * not listed (a re-run of an older one). The streak is at least `count` and may be longer.
   */
  atLeast: boolean
}

/** A run's conclusions that are a failure: the step that reports it ran, or the run never started. */
const FAILED = new Set(['failure', 'timed_out', 'startup_failure'])

/** This run's streak: it and the failed runs listed after it (older), up to a passed one. */
export function countStreak(listed: WorkflowRun[], thisRunId: string, listedAtMost = RUNS_LISTED): Streak {
  // A fork's runs from a branch of the same name are listed too: they say nothing of this one.
  const runs = fromSameSource(listed, thisRunId)
  const at = runs.findIndex((r) => String(r.id) === thisRunId)
  if (at < 0) return { count: 1, earlier: [], atLeast: true }
  const earlier: StreakRun[] = []
  for (const run of runs.slice(at + 1)) {
    const outcome = outcomeOf(run)
    if (outcome === 'passed') return { count: earlier.length + 1, earlier, after: asStreakRun(run), atLeast: false }
    if (outcome === 'failed') earlier.push(asStreakRun(run))
  }
  return { count: earlier.length + 1, earlier, atLeast: listed.length >= listedAtMost }
}

export function outcomeOf(run: WorkflowRun): 'failed' | 'passed' | 'neither' {
  if (run.status !== 'completed') return 'neither'
  if (run.conclusion === 'success') return 'passed'
  return FAILED.has(run.conclusion ?? '') ? 'failed' : 'neither'
}

/** Whether a ticket waits: fewer failures in a row than open_after, and the count is known, not cut off. */
export function holdsBack(openAfter: number, streak: Streak | undefined): streak is Streak {
  return openAfter > 1 && streak !== undefined && !streak.atLeast && streak.count < openAfter
}

function asStreakRun(run: WorkflowRun): StreakRun {
  return { id: run.id, attempt: run.run_attempt ?? 1, conclusion: run.conclusion ?? '' }
}

/** Where the streak of `run` (a reporter's: the run it reports on) is counted: "on main", or "for dedupe_key nightly-main". */
export function streakPlace(
  settings: Pick<Settings, 'dedupeKey'>,
  run: Pick<ReportedRun, 'branch' | 'triggering'>,
): string {
  return settings.dedupeKey ? `for dedupe_key ${settings.dedupeKey}` : `on ${branchName(run)}`
}
