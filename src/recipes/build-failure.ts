// recipes/ owns what a ticket says for each kind of subject; it must not know LiveDesk's API or the runner's files.
// The build-failure recipe: which jobs of this run attempt failed, and in which steps, read through
// github/ and written as the description's "Failed jobs" section and the github_failed_jobs field.
// Knows nothing of LiveDesk: it returns text, the plan puts it into the ticket.
import { listRunJobs, type GitHubApiOptions, type Job } from '../github/client.js'
import type { GitHubContext } from '../github/context.js'
import type { Log } from '../runner/runner.js'
import { codeText, markdownText } from '../text/markdown.js'
import { oneLine } from '../text/server-text.js'

export interface FailedJob {
  name: string
  url?: string
  /** The job has not finished: it is the one this step runs in, or one still running beside it. */
  running: boolean
  failedSteps: string[]
}

/** What the recipe adds to a ticket: a Markdown section and a compact custom field. */
export interface FailedJobsReport {
  count: number
  section: string
  field: string
}

const FAILED = new Set(['failure', 'timed_out'])
/** Bounds the section: a 256-job matrix must not bury the description. */
const MAX_JOBS = 50
const MAX_STEPS = 20
const FIELD_LIMIT = 1000
/** A job or step name in the section: 50 jobs x 20 steps x 200 characters stays far below 1 MiB. */
const NAME_LIMIT = 200

/**
 * failed_jobs: auto. A step cannot tell whether an earlier step or another job failed (no variable
 * carries it), so the jobs are read on every run that asks; a run without failures adds nothing.
 * GitHub trouble is a warning: the ticket matters more.
 */
export async function readFailedJobs(log: Log, api: GitHubApiOptions, ctx: GitHubContext): Promise<FailedJobsReport | undefined> {
  if (!api.token) {
    log.debug('failed_jobs: github_token is empty; the failed jobs are not listed.')
    return undefined
  }
  let failed
  try {
    failed = findFailedJobs(await listRunJobs(api, ctx.repository, ctx.runId, ctx.runAttempt))
  } catch (err) {
    log.warning(
      `The failed jobs could not be read (${err instanceof Error ? err.message : String(err)}), so the ticket does not list them. Give the workflow "permissions: actions: read", or set failed_jobs: false.`,
      'LiveDesk ticket: failed jobs not listed',
    )
    return undefined
  }
  if (failed.length === 0) {
    log.debug('failed_jobs: no job or step of this run attempt has failed; nothing added.')
    return undefined
  }
  return { count: failed.length, section: failedJobsSection(failed), field: failedJobsField(failed) }
}

/**
 * Failed jobs, and running jobs with a failed step (the job this step is in has no conclusion yet).
 * Passing, skipped and cancelled jobs are left out.
 */
export function findFailedJobs(jobs: Job[]): FailedJob[] {
  const failed: FailedJob[] = []
  for (const job of jobs) {
    const failedSteps = (job.steps ?? []).filter((s) => s.conclusion !== null && FAILED.has(s.conclusion)).map((s) => s.name)
    const running = job.status !== 'completed'
    const jobFailed = job.conclusion !== null && FAILED.has(job.conclusion)
    if (!jobFailed && !(running && failedSteps.length > 0)) continue
    const url = typeof job.html_url === 'string' && /^https?:\/\//.test(job.html_url) ? job.html_url : undefined
    failed.push({ name: job.name, url, running, failedSteps })
  }
  return failed
}

/** The "Failed jobs" section of the description, in Markdown. */
export function failedJobsSection(failed: FailedJob[]): string {
  const lines = ['### Failed jobs', '']
  for (const job of failed.slice(0, MAX_JOBS)) {
    const name = markdownText(oneLine(job.name, NAME_LIMIT))
    const link = job.url ? `[${name}](${job.url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})` : name
    const running = job.running ? ' (still running)' : ''
    const steps = job.failedSteps.slice(0, MAX_STEPS).map((s) => `\`${codeText(oneLine(s, NAME_LIMIT))}\``)
    if (job.failedSteps.length > MAX_STEPS) steps.push(`and ${job.failedSteps.length - MAX_STEPS} more`)
    lines.push(`- ${link}${running}${steps.length > 0 ? ` — failed steps: ${steps.join(', ')}` : ''}`)
  }
  if (failed.length > MAX_JOBS) lines.push(`- and ${failed.length - MAX_JOBS} more failed jobs; see the run.`)
  return lines.join('\n')
}

/** The compact github_failed_jobs custom field: "build: Run tests, Lint; deploy". */
export function failedJobsField(failed: FailedJob[]): string {
  const text = failed.map((j) => (j.failedSteps.length > 0 ? `${oneLine(j.name)}: ${j.failedSteps.map((step) => oneLine(step)).join(', ')}` : oneLine(j.name))).join('; ')
  return text.length > FIELD_LIMIT ? `${text.slice(0, FIELD_LIMIT - 1)}…` : text
}
