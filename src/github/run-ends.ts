// How runs and jobs end, in GitHub's words. A job past its `timeout-minutes` is not `timed_out`:
// GitHub cancels it (workflow syntax: "before GitHub automatically cancels it"; actions/runner
// StepsRunner.cs sets the job's result to Canceled), so it and its run end `cancelled`, like a run a
// person or a concurrency group cancelled. What tells them apart is the annotation GitHub puts on the
// job: "The job has exceeded the maximum execution time of 30m0s" (older runners: "The job running on
// runner … has exceeded the maximum execution time of 30 minutes."), where a person's cancel says
// "The run was canceled by @octocat." One read of the job's annotations, only for a cancelled job.
import { listCheckRunAnnotations } from './checks.js'
import type { GitHubApiOptions } from './octokit-client.js'
import { listRunJobsLatest } from './actions.js'
import type { Annotation } from './shapes.js'

/** The conclusions of a run or job that failed: what a ticket is for (a cancel that timed out besides). */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set(['failure', 'timed_out', 'startup_failure'])

/** Cancelled jobs of one run whose annotations are read at most, the longest-running first. */
export const CANCELLED_JOBS_READ = 3

// GitHub's own words, whole: a job's output that merely mentions them is no timeout.
const TIMEOUT =
  /^The job (?:running on runner .{1,200} )?has exceeded the maximum execution time of ((?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?s|\d+ minutes?)\.?$/

/**
 * The time limit a job ran out of ("30m0s", "360 minutes"), as GitHub's failure annotation on it says;
 * undefined: none.
 */
export function timeoutOf(annotations: Pick<Annotation, 'message' | 'annotation_level'>[]): string | undefined {
  for (const a of annotations) {
    const m = a.annotation_level === 'failure' ? TIMEOUT.exec((a.message ?? '').trim()) : null
    if (m) return m[1]
  }
  return undefined
}

/** A job as the jobs listings give it: enough to tell whether it was cancelled, and how long it ran. */
interface EndedJob {
  id?: number
  conclusion?: string | null
  started_at?: string | null
  completed_at?: string | null
}

/** How long a job ran (ms); 0 when GitHub does not say. */
function ranFor(job: EndedJob): number {
  return Math.max(0, (Date.parse(job.completed_at ?? '') || 0) - (Date.parse(job.started_at ?? '') || 0))
}

/**
 * The cancelled jobs (at most CANCELLED_JOBS_READ) that ran out of time, by id, with their limit:
 * one read of annotations per cancelled job, none when no job was cancelled.
 */
export async function timedOutJobs(
  api: GitHubApiOptions,
  repository: string,
  jobs: EndedJob[],
): Promise<Map<number, string>> {
  const timedOut = new Map<number, string>()
  // The one that ran out of time ran longest: a matrix's other legs cancelled after it ran less.
  const cancelled = jobs
    .filter((j) => j.conclusion === 'cancelled' && j.id !== undefined)
    .sort((a, b) => ranFor(b) - ranFor(a))
  for (const job of cancelled.slice(0, CANCELLED_JOBS_READ)) {
    const limit = timeoutOf(await listCheckRunAnnotations(api, repository, job.id as number))
    if (limit) timedOut.set(job.id as number, limit)
  }
  return timedOut
}

/** Whether a run that ended cancelled ran out of time (a job past its timeout-minutes): its latest jobs and their annotations. */
export async function ranOutOfTime(api: GitHubApiOptions, repository: string, runId: number): Promise<boolean> {
  return (await timedOutJobs(api, repository, await listRunJobsLatest(api, repository, runId))).size > 0
}
