// The three recipes' side of a run: template and issue values under the explicit inputs, the
// failed-jobs section, and the issue's marker comment. GitHub trouble is a warning: the ticket matters more.
import { InputError, IssueLinkError } from './errors.js'
import { findFailedJobs, failedJobsField, failedJobsSection } from './failed-jobs.js'
import { GitHubApiError, listRunJobs, type GitHubApiOptions } from './github-client.js'
import type { GitHubContext } from './github-context.js'
import { currentIssue, findMarkedTicket, issueValues, readIssue, writeMarker, type Issue } from './issue-mirror.js'
import type { Runner } from './runner.js'
import { DESCRIPTION_LIMIT_BYTES, fitDescription } from './description.js'
import { mergeInputValues, type InputValues, type Settings } from './settings.js'
import { InputProblem } from './structured-input.js'
import type { TicketRequest } from './ticket-request.js'

/** A hanging GitHub API must not hold the step: each recipe call gets at most this long. */
const GITHUB_TIMEOUT_MS = 10_000

export interface RecipeValues {
  values: InputValues
  /** Set on an `issues` event with no title input: the run mirrors this issue. */
  issue?: Issue
}

/** Explicit inputs, over the issue (issue mirror), over the template's values (schedule). */
export async function recipeValues(runner: Runner, explicit: InputValues, ctx: GitHubContext, env: NodeJS.ProcessEnv): Promise<RecipeValues> {
  let issue = explicit.title === undefined ? readIssue(ctx) : undefined
  const token = typeof explicit.github_token === 'string' ? explicit.github_token.trim() : ''
  if (issue && Number(ctx.runAttempt) > 1 && token) {
    // A re-run replays the old payload: the ticket must not fall back to what the issue once was.
    // Settings are not built yet: a valid timeout_seconds input still bounds the call.
    const given = typeof explicit.timeout_seconds === 'string' && /^\d+(\.\d+)?$/.test(explicit.timeout_seconds.trim()) ? Number(explicit.timeout_seconds) * 1000 : GITHUB_TIMEOUT_MS
    const api = apiOptions(runner, ctx, token, given)
    try {
      issue = (await currentIssue(api, ctx, issue)) ?? issue
    } catch (err) {
      runner.warning(`This is a re-run, and issue #${issue.number} could not be read as it is now (${err instanceof Error ? err.message : String(err)}); the ticket gets the issue as the original event described it.`, 'LiveDesk ticket: issue not refreshed')
    }
  }
  let template: InputValues = {}
  if (typeof explicit.template === 'string' && explicit.template.trim() !== '') {
    // Loaded only for a template: mustache stays out of every other run.
    const { loadTemplate, templateView } = await import('./ticket-template.js')
    try {
      template = await loadTemplate(explicit.template.trim(), ctx.workspace, templateView(ctx, env))
    } catch (err) {
      if (err instanceof InputProblem) throw new InputError([err.message])
      throw err
    }
  }
  return { values: mergeInputValues(explicit, issue ? issueValues(issue) : {}, template), issue }
}

export function githubApi(runner: Runner, settings: Settings, ctx: GitHubContext): GitHubApiOptions {
  return apiOptions(runner, ctx, settings.githubToken, settings.timeoutMs)
}

/** Each GitHub call gets timeout_seconds, at most GITHUB_TIMEOUT_MS and at least 1 s. */
function apiOptions(runner: Runner, ctx: GitHubContext, token: string, timeoutMs: number): GitHubApiOptions {
  return {
    apiUrl: ctx.apiUrl,
    token,
    timeoutMs: Math.max(1000, Math.min(timeoutMs, GITHUB_TIMEOUT_MS)),
    log: (line) => runner.debug(line),
  }
}

/**
 * failed_jobs: auto. A step cannot tell whether an earlier step or another job failed (no variable
 * carries it), so the jobs are read on every run but the issue mirror's; a run without failures
 * adds nothing. Changes `request` in place.
 */
export async function addFailedJobs(runner: Runner, api: GitHubApiOptions, ctx: GitHubContext, request: TicketRequest): Promise<void> {
  if (!api.token) {
    runner.debug('failed_jobs: github_token is empty; the failed jobs are not listed.')
    return
  }
  let failed
  try {
    failed = findFailedJobs(await listRunJobs(api, ctx.repository, ctx.runId, ctx.runAttempt))
  } catch (err) {
    runner.warning(
      `The failed jobs could not be read (${err instanceof Error ? err.message : String(err)}), so the ticket does not list them. Give the workflow "permissions: actions: read", or set failed_jobs: false.`,
      'LiveDesk ticket: failed jobs not listed',
    )
    return
  }
  if (failed.length === 0) {
    runner.debug('failed_jobs: no job or step of this run attempt has failed; nothing added.')
    return
  }
  const section = failedJobsSection(failed)
  // The section is kept whole; the text before it gives way so the whole stays within 1 MiB.
  const room = DESCRIPTION_LIMIT_BYTES - Buffer.byteLength(section) - 2
  const head = request.description ? fitDescription(request.description, room) : ''
  if (head !== (request.description ?? '')) {
    runner.warning('The description and the failed-jobs section exceed 1 MiB together: the description was cut so that the section fits, and ends with a visible note.', 'LiveDesk ticket')
  }
  request.description = head ? `${head}\n\n${section}` : section
  request.custom_fields = { ...request.custom_fields, github_failed_jobs: failedJobsField(failed) }
  runner.info(`Listed ${failed.length} failed job${failed.length === 1 ? '' : 's'} in the ticket.`)
}

/**
 * The ticket an earlier run opened for this issue, or undefined (then a new one is opened).
 * Only the first run of an `opened` event may open a ticket without having looked: every later
 * event may have one already, and a second ticket is worse than none.
 */
export async function findIssueTicket(runner: Runner, api: GitHubApiOptions, ctx: GitHubContext, issue: Issue): Promise<string | undefined> {
  const firstEvent = ctx.event.action === 'opened' && Number(ctx.runAttempt || '1') <= 1
  let reason: string
  if (!api.token) {
    reason = 'github_token is empty'
  } else {
    try {
      const found = await findMarkedTicket(api, ctx, issue)
      if (found.ignored.length > 0) {
        runner.warning(`Ignored ticket marker comments on issue #${issue.number} by: ${found.ignored.join('; ')}.`, 'LiveDesk ticket: marker ignored')
      }
      return found.ticketId
    } catch (err) {
      const status = err instanceof GitHubApiError ? err.status : undefined
      const hint = status === 401 || status === 403 || status === 404 ? ' Give the workflow "permissions: issues: write".' : ' Re-run the job when the GitHub API answers again.'
      reason = `its comments could not be read (${err instanceof Error ? err.message : String(err)}).${hint}`
    }
  }
  if (firstEvent) {
    runner.warning(`Issue #${issue.number} was just opened, so a new ticket is opened, but ${reason}`, 'LiveDesk ticket: issue comments not read')
    return undefined
  }
  throw new IssueLinkError(
    `Issue #${issue.number} may already have a LiveDesk ticket, but ${reason} No ticket was opened or updated, so the issue does not get a second one.`,
  )
}

/** Writes the marker comment; without it, later events for the issue cannot find the ticket. */
export async function linkIssue(runner: Runner, api: GitHubApiOptions, ctx: GitHubContext, issue: Issue, ticketId: string, url: string | undefined): Promise<void> {
  if (api.token) {
    try {
      await writeMarker(api, ctx, issue, ticketId, url)
      runner.info(`Commented on issue #${issue.number} with the ticket id.`)
      return
    } catch (err) {
      runner.warning(
        `Opened ticket ${ticketId}, but the comment on issue #${issue.number} could not be written (${err instanceof Error ? err.message : String(err)}). Later events for this issue will not find the ticket and will open another one. Give the workflow "permissions: issues: write".`,
        'LiveDesk ticket: issue not linked',
      )
      return
    }
  }
  runner.warning(`Opened ticket ${ticketId}, but github_token is empty, so issue #${issue.number} was not commented on; later events for it will open another ticket.`, 'LiveDesk ticket: issue not linked')
}
