// recipes/ owns what a ticket says for each kind of subject; it must not know LiveDesk's API or the runner's files.
// The build-failure recipe: which jobs of this run attempt failed, and in which steps, read through
// github/ and written as the description's "Failed jobs" section and the github_failed_jobs field.
// Knows nothing of LiveDesk: it returns text, the plan puts it into the ticket.
import { listRunJobs } from '../github/actions.js'
import { GitHubApiError, refusedForPermission } from '../github/errors.js'
import { readJobLog } from '../github/job-logs.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { Job } from '../github/shapes.js'
import { outsideRun, type GitHubContext } from '../github/context.js'
import { timedOutJobs } from '../github/run-ends.js'
import type { Log } from '../runner/runner.js'
import { codeText, fenced, markdownText } from '../text/markdown.js'
import { oneLine } from '../text/server-text.js'
import { message } from '../text/message.js'

export interface FailedJob {
  id?: number
  name: string
  url?: string
  /** The job has not finished: it is the one this step runs in, or one still running beside it. */
  running: boolean
  /** The job ran past its timeout-minutes: the limit GitHub names ("30m0s"). Its failed steps are the one cancelled then. */
  timedOut?: string
  failedSteps: string[]
  /** The failing lines of its log, when they were read. */
  logLines?: string[]
}

/** What the recipe adds to a ticket: a Markdown section and a compact custom field. */
export interface FailedJobsReport {
  count: number
  section: string
  field: string
  /** The jobs that ran out of time, "build after 30m0s". */
  timedOut: string[]
}

/** What reading the run's jobs gave: the report (none: no job failed), or nothing read (GitHub could not say). */
export type JobsRead = { read: true; report?: FailedJobsReport } | { read: false }

const FAILED = new Set(['failure', 'timed_out'])
/** Bounds the section: a 256-job matrix must not bury the description. */
const MAX_JOBS = 50
const MAX_STEPS = 20
const FIELD_LIMIT = 1000
/** A job or step name in the section: 50 jobs x 20 steps x 200 characters stays far below 1 MiB. */
const NAME_LIMIT = 200
/** Logs are read for at most this many finished failed jobs, each line cut at LINE_LIMIT characters. */
const LOG_JOBS = 5
const LINE_LIMIT = 500

/**
 * failed_jobs: auto. A step cannot tell whether an earlier step or another job failed (no variable
 * carries it), so the jobs are read on every run that asks; a run without failures adds nothing.
 * GitHub trouble is a warning: the ticket matters more.
 */
export async function readFailedJobs(
  log: Log,
  api: GitHubApiOptions,
  ctx: GitHubContext,
  logLines = 0,
): Promise<JobsRead> {
  const outside = outsideRun(ctx)
  if (outside) {
    log.info(
      `failed_jobs: this step is not running in a workflow run (${outside}), so there are no failed jobs to read.`,
    )
    return { read: false }
  }
  if (!api.token) {
    log.debug('failed_jobs: github_token is empty; the failed jobs are not listed.')
    return { read: false }
  }
  let failed
  try {
    const jobs = await listRunJobs(api, ctx.repository, ctx.reported.runId, ctx.reported.runAttempt)
    // A job past its timeout-minutes ends cancelled: its annotations say so (one read a cancelled job).
    failed = findFailedJobs(jobs, await timedOutJobs(api, ctx.repository, jobs))
  } catch (err) {
    const hint = refusedForPermission(err)
      ? ' Give the workflow "permissions: actions: read", or set failed_jobs: false.'
      : ''
    log.warning(
      `The failed jobs could not be read (${message(err)}), so the ticket does not list them.${hint}`,
      'LiveDesk ticket: failed jobs not listed',
    )
    return { read: false }
  }
  if (failed.length === 0) {
    log.debug('failed_jobs: no job or step of this run attempt has failed; nothing added.')
    return { read: true }
  }
  if (logLines > 0) await addLogLines(log, api, ctx, failed, logLines)
  return {
    read: true,
    report: {
      count: failed.length,
      section: failedJobsSection(failed),
      field: failedJobsField(failed),
      timedOut: failed.filter((j) => j.timedOut).map((j) => `${oneLine(j.name, 100)} after ${j.timedOut}`),
    },
  }
}

/**
 * log_lines: the failing lines of each finished failed job (at most LOG_JOBS), read up to the first
 * ##[error] line. A job still running (this step's own) has no log yet. Each log is tried on its own;
 * the trouble of all is one warning, naming each job and its reason.
 */
async function addLogLines(
  log: Log,
  api: GitHubApiOptions,
  ctx: GitHubContext,
  failed: FailedJob[],
  max: number,
): Promise<void> {
  const troubles: string[] = []
  let refused = false
  // All the logs share one GitHub deadline: five stalled storage answers cost one timeout, not five.
  const until = Date.now() + api.timeoutMs
  for (const job of failed.filter((j) => j.id !== undefined).slice(0, LOG_JOBS)) {
    const name = `"${oneLine(job.name, 100)}"`
    if (job.running) {
      log.debug(`log_lines: job ${name} is still running, so it has no log yet.`)
      continue
    }
    const timeoutMs = until - Date.now()
    if (timeoutMs <= 0) {
      troubles.push(`${name} (no time was left)`)
      continue
    }
    try {
      job.logLines = await readLogLines({ ...api, timeoutMs }, ctx.repository, job.id as number, max)
    } catch (err) {
      // The listing that named the job was allowed: a 404 or 410 is a log gone (expired) or not stored yet.
      const gone =
        err instanceof GitHubApiError && (err.status === 404 || err.status === 410)
          ? ', so the log is gone or not there yet'
          : ''
      troubles.push(`${name} (${message(err)}${gone})`)
      refused ||= refusedForPermission(err, { notFound: false })
    }
  }
  if (troubles.length === 0) return
  const hint = refused ? ' Give the workflow "permissions: actions: read", or set log_lines: 0.' : ''
  log.warning(
    `The failing log lines of ${troubles.join('; ')} could not be read, so the ticket lists ${troubles.length === 1 ? 'that job' : 'those jobs'} without them.${hint}`,
    'LiveDesk ticket: log lines not read',
  )
}

/** The failing lines of one job's log (see logExcerpt), read only as far as its first ##[error] line. */
async function readLogLines(api: GitHubApiOptions, repository: string, jobId: number, max: number): Promise<string[]> {
  let seenError = false
  // The last bytes of the chunks read so far: a marker may be split between two chunks.
  let tail: Buffer = Buffer.alloc(0)
  // Enough once the chunks hold the first ##[error] and the end of its line.
  const enough = (chunk: Buffer): boolean => {
    if (seenError) return chunk.indexOf('\n') >= 0
    const joined = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk
    const at = joined.indexOf(ERROR_MARK)
    if (at < 0) {
      tail = joined.subarray(Math.max(0, joined.length - (ERROR_MARK.length - 1)))
      return false
    }
    seenError = true
    return joined.indexOf('\n', at) >= 0
  }
  const { text, partial } = await readJobLog(api, repository, jobId, enough)
  // A read that stopped early may end mid-line: that fragment is not shown.
  return logExcerpt(partial ? text.slice(0, text.lastIndexOf('\n') + 1) : text, max)
}

const ERROR_MARK = '##[error]'

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/

/**
 * The lines that matter in a job's log: up to and including the first ##[error] line (or the end of
 * what was read, when there is none), the last `max` of them, without timestamps, ANSI colours and
 * ##[group]/##[endgroup] markers, ##[error] written as "Error: ". GitHub has already masked secrets (***); they stay so.
 */
export function logExcerpt(text: string, max: number): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.replace(TIMESTAMP, '').replace(ANSI, ''))
  const first = lines.findIndex((line) => line.includes('##[error]'))
  const upTo = (first >= 0 ? lines.slice(0, first + 1) : lines)
    .filter((line) => !/^##\[endgroup\]/.test(line))
    .map((line) =>
      line
        .replace(/^##\[group\]/, '')
        .replace(/^##\[(error|warning|notice)\]/, (_, kind: string) => `${kind[0].toUpperCase()}${kind.slice(1)}: `),
    )
  while (upTo.length > 0 && upTo[upTo.length - 1].trim() === '') upTo.pop()
  return upTo.slice(-max).map((line) => (line.length > LINE_LIMIT ? `${line.slice(0, LINE_LIMIT)}…` : line))
}

/**
 * Failed jobs, jobs that ran out of time (`timedOut`: their limit by id; GitHub ends them cancelled),
 * and running jobs with a failed step (the job this step is in has no conclusion yet). Passing,
 * skipped and cancelled jobs are left out.
 */
export function findFailedJobs(jobs: Job[], timedOut: ReadonlyMap<number, string> = new Map()): FailedJob[] {
  const failed: FailedJob[] = []
  for (const job of jobs) {
    const limit = job.id !== undefined ? timedOut.get(job.id) : undefined
    // A timed-out job's step that was running is cancelled: that is the step that ran out of time.
    const ended = limit ? new Set([...FAILED, 'cancelled']) : FAILED
    const failedSteps = (job.steps ?? [])
      .filter((s) => s.conclusion !== null && ended.has(s.conclusion))
      .map((s) => s.name)
    const running = job.status !== 'completed'
    const jobFailed = (job.conclusion !== null && FAILED.has(job.conclusion)) || limit !== undefined
    if (!jobFailed && !(running && failedSteps.length > 0)) continue
    const url = typeof job.html_url === 'string' && /^https?:\/\//.test(job.html_url) ? job.html_url : undefined
    failed.push({ id: job.id, name: job.name, url, running, failedSteps, ...(limit ? { timedOut: limit } : {}) })
  }
  return failed
}

/** The "Failed jobs" section of the description, in Markdown. */
export function failedJobsSection(failed: FailedJob[]): string {
  const lines = ['### Failed jobs', '']
  for (const job of failed.slice(0, MAX_JOBS)) {
    const name = markdownText(oneLine(job.name, NAME_LIMIT))
    const link = job.url
      ? `[${name}](${job.url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`
      : name
    const running = job.running ? ' (still running)' : ''
    const steps = job.failedSteps.slice(0, MAX_STEPS).map((s) => `\`${codeText(oneLine(s, NAME_LIMIT))}\``)
    if (job.failedSteps.length > MAX_STEPS) steps.push(`and ${job.failedSteps.length - MAX_STEPS} more`)
    const what = job.timedOut
      ? ` — ran out of time after ${job.timedOut} (its timeout-minutes)${steps.length > 0 ? `, in step ${steps.join(', ')}` : ''}`
      : steps.length > 0
        ? ` — failed steps: ${steps.join(', ')}`
        : ''
    lines.push(`- ${link}${running}${what}`)
    // The log's lines are untrusted text: a fence longer than any backtick run in them, inside the item.
    if (job.logLines && job.logLines.length > 0)
      lines.push(
        '',
        ...fenced(job.logLines.join('\n'), 'text')
          .split('\n')
          .map((l) => `  ${l}`),
        '',
      )
  }
  if (failed.length > MAX_JOBS) lines.push(`- and ${failed.length - MAX_JOBS} more failed jobs; see the run.`)
  return lines.join('\n')
}

/** The compact github_failed_jobs custom field: "build: Run tests, Lint; e2e (timed out after 30m0s): Run e2e; deploy". */
export function failedJobsField(failed: FailedJob[]): string {
  const text = failed
    .map((j) => {
      const name = j.timedOut ? `${oneLine(j.name)} (timed out after ${j.timedOut})` : oneLine(j.name)
      return j.failedSteps.length > 0 ? `${name}: ${j.failedSteps.map((step) => oneLine(step)).join(', ')}` : name
    })
    .join('; ')
  return text.length > FIELD_LIMIT ? `${text.slice(0, FIELD_LIMIT - 1)}…` : text
}
