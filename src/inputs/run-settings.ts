// The run's family: what the step is (open a ticket, note a recovery, or sync the mirrored issues) and
// what it does (context fields, the failed jobs and their log lines, dedupe, failing the step).
import type { InputReader } from './read-inputs.js'
import { clip } from './problems.js'

export interface RunKind {
  /** ticket: open or update the ticket; recovery: note on the open ticket that the failure is over. */
  mode: 'ticket' | 'recovery'
  /** issues: this run opens nothing; it brings the tickets' news back to the mirrored issues. */
  sync?: 'issues'
  /** With sync: close an issue (as completed) when its ticket is closed. */
  closeIssues: boolean
  /** With sync: post the desk members' replies on the issue. */
  syncReplies: boolean
}

export interface RunBehaviour {
  contextFields: boolean
  failOnError: boolean
  dryRun: boolean
  failedJobs: boolean
  /** How many of a failed job's log lines (up to its first error) the ticket shows; 0: none. */
  logLines: number
  /** Which earlier ticket is this failure's: the run's attempts, the branch's runs, or none (off). */
  dedupe: 'run' | 'branch' | 'off'
  /** An explicit dedupe key (PagerDuty's dedup key): one open ticket per key across the workflow's runs. */
  dedupeKey?: string
  /** A ticket opens at the N-th failed run in a row of the workflow on the branch (or of the key); 1: at once. */
  openAfter: number
  /**
   * A recurring chore (named by dedupe_key) come due while its last ticket is open: note it on that
   * ticket, skip (write nothing), or open a new ticket that names the open one. Not given: note.
   */
  whenOpen?: WhenOpen
}

export const WHEN_OPEN = ['note', 'skip', 'new'] as const
export type WhenOpen = (typeof WHEN_OPEN)[number]

/**
 * The streak open_after counts is read from the workflow's newest runs the memory lists (RUNS_LISTED in
 * memory/run-records.ts, which inputs/ may not import): a longer one could never be seen.
 */
export const OPEN_AFTER_MAX = 20

/** A recovery step and a sync open nothing: they need no title and no requester. */
export function opensNothing(run: RunKind): boolean {
  return run.mode === 'recovery' || run.sync !== undefined
}

/** What the step is for, as the run knows it before its inputs are read: an issue's mirror, or not. */
export interface StepOf {
  issue: boolean
}

export function readRunKind(input: InputReader, { issue }: StepOf): RunKind {
  const mode = input.choice('mode', ['ticket', 'recovery'] as const, 'ticket')
  if (mode === 'recovery' && issue) {
    input.problems.add(
      'mode: recovery is for a step that runs when a build succeeds; the issue mirror keeps its ticket up to date itself.',
    )
  }
  // A sync not allowed still counts as a sync, so the step is not also asked for a title and a requester.
  const sync = input.text('sync') === '' ? undefined : input.choice('sync', ['issues'] as const, 'issues')
  const closeIssues = input.flag('close_issues', false)
  const syncReplies = input.flag('sync_replies', false)
  if (sync && mode === 'recovery') {
    input.problems.add('mode: recovery and sync: issues are two different steps; give one of them.')
  }
  for (const [name, on] of [
    ['close_issues', closeIssues],
    ['sync_replies', syncReplies],
  ] as const) {
    if (on && !sync) {
      input.problems.add(
        `${name}: applies only to the scheduled sync; set sync: issues in that step, or remove ${name}.`,
      )
    }
  }
  return { mode, sync, closeIssues, syncReplies }
}

export function readRunBehaviour(input: InputReader, { mode }: RunKind, { issue }: StepOf): RunBehaviour {
  const logLines = input.number('log_lines', { min: 0, max: 100, whole: true, fallback: 30 })
  const contextFields = input.flag('context_fields', true)
  const failOnError = input.flag('fail_on_error', true)
  const dryRun = input.flag('dry_run', false)
  const failedJobs = input.choice('failed_jobs', ['auto', 'false'] as const, 'auto') === 'auto'
  const dedupe = input.choice('dedupe', ['run', 'branch', 'off'] as const, 'run')
  const dedupeKey = input.text('dedupe_key') || undefined
  if (dedupeKey !== undefined && (dedupeKey.length > 200 || clip(dedupeKey, 200) !== dedupeKey)) {
    input.problems.add('dedupe_key: must be one line of at most 200 characters, such as nightly-main.')
  }
  if (mode === 'recovery' && dedupe === 'off' && !dedupeKey) {
    input.problems.add(
      'mode: recovery finds the ticket through dedupe; it cannot with dedupe: off. Use dedupe: run or branch, or give a dedupe_key.',
    )
  }
  const openAfter = readOpenAfter(input, dedupe, dedupeKey, issue)
  const whenOpen = readWhenOpen(input, mode, dedupe, dedupeKey)
  return { contextFields, failOnError, dryRun, failedJobs, logLines, dedupe, dedupeKey, openAfter, whenOpen }
}

/** when_open, for a chore: its dedupe_key names it, and only a step that opens tickets has one to keep. */
function readWhenOpen(
  input: InputReader,
  mode: RunKind['mode'],
  dedupe: RunBehaviour['dedupe'],
  dedupeKey: string | undefined,
): WhenOpen | undefined {
  const given = input.text('when_open') !== ''
  const whenOpen = given ? input.choice('when_open', WHEN_OPEN, 'note') : undefined
  if (given && mode === 'recovery') {
    input.problems.add(
      "when_open: applies to a step that opens a chore's ticket; mode: recovery opens none. Remove when_open.",
    )
  } else if (given && !dedupeKey && dedupe !== 'branch') {
    input.problems.add(
      'when_open: applies to a recurring chore, which a dedupe_key names (dedupe_key: access-review, say) or dedupe: branch keeps per branch: give the step one of them, or remove when_open.',
    )
  }
  return whenOpen
}

/**
 * open_after, from 1; above 1 it counts the branch's (or the key's) runs, which dedupe: run and off
 * never list, and an issue's mirror has no failures to count.
 */
function readOpenAfter(
  input: InputReader,
  dedupe: RunBehaviour['dedupe'],
  dedupeKey: string | undefined,
  issue: boolean,
): number {
  const openAfter = input.number('open_after', { min: 1, max: OPEN_AFTER_MAX, whole: true, fallback: 1 })
  if (openAfter > 1 && issue) {
    input.problems.add(
      `open_after: ${openAfter} counts a workflow's failed runs in a row; the issue mirror opens one ticket per issue. Remove open_after from this step.`,
    )
  } else if (openAfter > 1 && dedupe !== 'branch' && !dedupeKey) {
    input.problems.add(
      `open_after: ${openAfter} counts this workflow's failed runs in a row on the branch, which dedupe: ${dedupe} does not read. Set dedupe: branch or give a dedupe_key, or set open_after: 1 (a ticket at the first failure).`,
    )
  }
  return openAfter
}
