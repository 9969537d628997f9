// How many failed runs in a row this run is (open_after), counted per workflow, branch and event from
// the workflow's newest runs the memory listed to find the ticket: a nightly `schedule` run is counted
// among the schedule runs, not between the push runs of the same branch. A passed run ends the streak;
// a cancelled run counts when it ran out of time (a job past its timeout-minutes, which GitHub ends
// `cancelled`), and otherwise neither counts nor ends it, nor does a skipped or unfinished one. GitHub
// lists a run once, as its latest attempt, so the attempts of one run count once (and a failed run
// re-run green has passed). Pure: the reads it needs are made in failures-in-a-row.ts.
import { branchName, type ReportedRun } from '../github/context.js'
import { FAILED_CONCLUSIONS } from '../github/run-ends.js'
import type { WorkflowRun } from '../github/shapes.js'
import type { Settings } from '../inputs/settings.js'
import { fromSameSource, RUNS_LISTED } from '../memory/earlier-runs.js'

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

/** What the count reads besides the runs: which event's runs count, and the cancelled runs that ran out of time. */
export interface StreakRules {
  /** The event of the runs counted (this run's); undefined or '': every event's. */
  event?: string
  /** Cancelled runs known to have run out of time (by id): they count as failed. */
  timedOut?: ReadonlySet<number>
  /** The listing held as many runs as were asked for: older ones may exist. */
  full?: boolean
}

/** The runs of this run's event, from where this run's code came: the ones its streak is counted among. */
export function streakRuns(listed: WorkflowRun[], thisRunId: string, event?: string): WorkflowRun[] {
  // A fork's runs from a branch of the same name are listed too: they say nothing of this one.
  return fromSameSource(listed, thisRunId).filter((r) => !event || !r.event || r.event === event)
}

/** This run's streak: it and the failed runs listed after it (older), up to a passed one. */
export function countStreak(listed: WorkflowRun[], thisRunId: string, rules: StreakRules = {}): Streak {
  const runs = streakRuns(listed, thisRunId, rules.event)
  const at = runs.findIndex((r) => String(r.id) === thisRunId)
  if (at < 0) return { count: 1, earlier: [], atLeast: true }
  const earlier: StreakRun[] = []
  for (const run of runs.slice(at + 1)) {
    const outcome = outcomeOf(run, rules.timedOut)
    if (outcome === 'passed') return { count: earlier.length + 1, earlier, after: asStreakRun(run), atLeast: false }
    if (outcome === 'failed') earlier.push(asStreakRun(run))
  }
  return { count: earlier.length + 1, earlier, atLeast: rules.full ?? listed.length >= RUNS_LISTED }
}

/**
 * The cancelled runs between this run and the first passed one, newest first: each may have run out
 * of time, which only its jobs' annotations tell.
 */
export function cancelledInStreak(listed: WorkflowRun[], thisRunId: string, event?: string): WorkflowRun[] {
  const runs = streakRuns(listed, thisRunId, event)
  const at = runs.findIndex((r) => String(r.id) === thisRunId)
  if (at < 0) return []
  const older = runs.slice(at + 1)
  const end = older.findIndex((r) => outcomeOf(r) === 'passed')
  return (end < 0 ? older : older.slice(0, end)).filter((r) => r.status === 'completed' && r.conclusion === 'cancelled')
}

export function outcomeOf(run: WorkflowRun, timedOut?: ReadonlySet<number>): 'failed' | 'passed' | 'neither' {
  if (run.status !== 'completed') return 'neither'
  if (run.conclusion === 'success') return 'passed'
  if (run.conclusion === 'cancelled') return timedOut?.has(run.id) ? 'failed' : 'neither'
  return FAILED_CONCLUSIONS.has(run.conclusion ?? '') ? 'failed' : 'neither'
}

/** Whether a ticket waits: fewer failures in a row than open_after, and the count is known, not cut off. */
export function holdsBack(openAfter: number, streak: Streak | undefined): streak is Streak {
  return openAfter > 1 && streak !== undefined && !streak.atLeast && streak.count < openAfter
}

function asStreakRun(run: WorkflowRun): StreakRun {
  return { id: run.id, attempt: run.run_attempt ?? 1, conclusion: run.conclusion ?? '' }
}

/**
 * Where the streak of `run` (a reporter's: the run it reports on) is counted: "of schedule runs on
 * main", or "of push runs for dedupe_key nightly-main".
 */
export function streakPlace(
  settings: Pick<Settings, 'dedupeKey'>,
  run: Pick<ReportedRun, 'branch' | 'triggering' | 'eventName'>,
): string {
  const runs = run.eventName ? `of ${run.eventName} runs ` : ''
  return `${runs}${settings.dedupeKey ? `for dedupe_key ${settings.dedupeKey}` : `on ${branchName(run)}`}`
}
