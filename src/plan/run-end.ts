// How the run a ticket is about ended, read once: its failed jobs (failed_jobs: auto), the jobs that
// ran out of time, and, for a `workflow_run` reporter, whether this step has anything to do. A job
// past its timeout-minutes ends `cancelled`, and so does its run: a cancelled run is a failure when
// one of its jobs' annotations says it ran out of time, and nothing to report when a person or a
// concurrency group cancelled it (github/run-ends.ts). GitHub is read here; nothing is written.
import type { GitHubContext, ReportedRun } from '../github/context.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import { FAILED_CONCLUSIONS } from '../github/run-ends.js'
import type { Settings } from '../inputs/settings.js'
import { readFailedJobs, type FailedJobsReport } from '../recipes/build-failure.js'
import type { Log } from '../runner/runner.js'
import type { ChosenSubject } from './subject.js'

export interface RunEnd {
  /** Why this step has nothing to do: the reported run did not end the way the step is for (said as a notice). */
  nothingToDo?: string
  /** The jobs that ran out of time, "build after 30m0s": the run counts as failed. */
  timedOut?: string[]
  /** The failed jobs the ticket lists (failed_jobs: auto), when some failed. */
  failedJobs?: FailedJobsReport
  /** failed_jobs: auto, and GitHub could not say which jobs failed (a warning said why). */
  jobsUnread?: boolean
}

/**
 * Whether the step may ask LiveDesk anything, before GitHub is read: not a dry run, not a recovery
 * step (it asks only once GitHub shows a ticket to note it on), not a reporter whose run ended in a
 * way that is never reported. A cancelled run may have timed out: it may.
 */
export function mayAskLiveDesk(settings: Settings, run: ReportedRun): boolean {
  if (settings.dryRun || settings.mode !== 'ticket') return false
  const ended = run.triggering?.conclusion
  return ended === undefined || FAILED_CONCLUSIONS.has(ended) || ended === 'cancelled'
}

export async function readRunEnd(
  log: Log,
  {
    chosen,
    settings,
    ctx,
    github,
  }: {
    chosen: Pick<ChosenSubject, 'readsFailedJobs'>
    settings: Settings
    ctx: GitHubContext
    /** The run's GitHub options. */
    github: GitHubApiOptions
  },
): Promise<RunEnd> {
  const run = ctx.reported
  const listsJobs = chosen.readsFailedJobs && settings.failedJobs && settings.mode === 'ticket'
  const jobs = async (logLines: number) => readFailedJobs(log, github, ctx, logLines)
  const listed = async (): Promise<RunEnd> => {
    if (!listsJobs) return {}
    const read = await jobs(settings.logLines)
    return read.read ? { failedJobs: read.report } : { jobsUnread: true }
  }
  if (!run.triggering) return listed()
  const ended = run.triggering.conclusion || 'without a conclusion yet'
  const which = `${run.workflow ? `${run.workflow}, ` : ''}run ${run.runId}, attempt ${run.runAttempt}`
  if (settings.mode === 'recovery')
    return ended === 'success'
      ? {}
      : { nothingToDo: `The run this step reports on (${which}) ended ${ended}: no recovery to note.` }
  if (FAILED_CONCLUSIONS.has(ended)) return listed()
  if (ended !== 'cancelled')
    return { nothingToDo: `The run this step reports on (${which}) ended ${ended}: no ticket to open.` }
  // Cancelled: by a timeout (a failure), or by a person or a concurrency group (nothing to report).
  const read = await jobs(listsJobs ? settings.logLines : 0)
  if (!read.read) {
    log.warning(
      `The run this step reports on (${which}) ended cancelled, and whether a job of it ran out of time could not be read: a ticket is opened rather than a timeout left unreported.`,
      'LiveDesk ticket: cancelled run not told apart',
    )
    return {}
  }
  const timedOut = read.report?.timedOut ?? []
  if (timedOut.length === 0)
    return {
      nothingToDo: `The run this step reports on (${which}) was cancelled (by a person or a concurrency group; no job ran out of time): no ticket to open.`,
    }
  log.info(
    `The run this step reports on (${which}) ran out of time: ${timedOut.join(', ')}. It is reported as a failure.`,
  )
  return { timedOut, ...(listsJobs ? { failedJobs: read.report } : {}) }
}
