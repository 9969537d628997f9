// Which tickets count as "this failure's" (dedupe): the scope of a run's memory, keyed by the
// inputs dedupe and dedupe_key. A reporter's scope is the run it reports on, whichever of its jobs
// reports it.
import { branchName, type GitHubContext } from '../github/context.js'

export interface DedupeScope {
  /** run: the attempts of this run; branch: also this workflow's runs on the branch; key: on any branch. */
  mode: 'run' | 'branch' | 'key'
  key: string
  /** Every completed run may hold a record (schedules), not only those that failed or were re-run. */
  everyRun: boolean
  /**
   * A `workflow_run` reporter: the key is the run it reports on, and the records stand on that run's
   * commits (check runs), whatever the mode.
   */
  reporter?: boolean
  /** Said once in the log: why the scope is not the one asked for (a run that names no branch). */
  note?: string
  /** What the ticket is for, in the log's words ("this failure", "this chore"); a failure when unset. */
  about?: 'failure' | 'chore'
}

/** The dedupe key of a run, by the inputs dedupe and dedupe_key. */
export function dedupeScope(
  ctx: GitHubContext,
  dedupe: 'run' | 'branch',
  dedupeKey: string | undefined,
  everyRun: boolean,
): DedupeScope {
  const run = ctx.reported
  const reporter = run.triggering !== undefined
  // A reporter's failure job and recovery job share the key: it is the reported run's, not the job's.
  const workflow = reporter ? `workflow_run\n${run.workflowFile || run.workflow}` : ctx.workflowFile || ctx.workflow
  const where = reporter ? workflow : `${workflow}\n${ctx.job}`
  const kind = { everyRun, ...(reporter ? { reporter } : {}) }
  if (dedupeKey) return { mode: 'key', key: `key\n${workflow}\n${dedupeKey}`, ...kind }
  if (dedupe === 'branch') {
    // A fork's branch is the fork's: its pull request from "main" is not this repository's main.
    if (run.branch) return { mode: 'branch', key: `branch\n${where}\n${branchName(run)}`, ...kind }
    return {
      mode: 'run',
      key: `run\n${where}\n${run.runId}`,
      ...kind,
      note: `The run ${run.runId} names no branch (GitHub's head_branch is empty), so its ticket is kept for that run alone, as with dedupe: run.`,
    }
  }
  return { mode: 'run', key: `run\n${where}\n${run.runId}`, ...kind }
}
