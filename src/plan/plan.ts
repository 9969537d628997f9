// plan/ owns what a run will do, decided from the inputs and what GitHub says; it must write nothing anywhere.
// A ticket run's plan, in two stages that each return a value: the request LiveDesk would receive
// (the settings and the run's context, the failed jobs of a build failure), then what to do with the
// ticket the subject already has, found through its memory (create, update, nothing). GitHub and
// LiveDesk are read here; nothing is written anywhere.
import { githubApiOptions, type GitHubApiOptions } from '../github/client.js'
import { contextFields, type GitHubContext } from '../github/context.js'
import { InputError } from '../inputs/problems.js'
import type { Settings } from '../inputs/settings.js'
import type { TicketRequest } from '../livedesk/ticket.js'
import type { TicketMemory } from '../memory/memory.js'
import { readFailedJobs } from '../recipes/build-failure.js'
import type { Log } from '../runner/runner.js'
import { decideAction, type Action } from './decide.js'
import type { ChosenSubject, Subject } from './subject.js'
import { buildTicketRequest, withSection } from './ticket-request.js'

export type { Action }

export interface TicketPlan {
  subject: Subject
  ctx: GitHubContext
  settings: Settings
  /** What a create sends; an update's body is in the action. */
  request: TicketRequest
  action: Action
  /** Where the subject's ticket is kept: a new ticket is recorded there. */
  memory: TicketMemory
}

/** The options of the run's GitHub calls. */
function githubApi(log: Log, settings: Settings, ctx: GitHubContext): GitHubApiOptions {
  return githubApiOptions(ctx.apiUrl, settings.githubToken, settings.timeoutMs, (line) => log.debug(line))
}

/**
 * The request LiveDesk would receive: the settings and the run's context as a body, with the failed
 * jobs' section and log lines for a build failure (read from GitHub; trouble there is a warning).
 */
export async function draftRequest(
  log: Log,
  chosen: ChosenSubject,
  settings: Settings,
  ctx: GitHubContext,
): Promise<TicketRequest> {
  if (settings.mode === 'recovery' && chosen.subject.kind === 'issue') {
    throw new InputError([
      'mode: recovery is for a step that runs when a build succeeds; the issue mirror keeps its ticket up to date itself.',
    ])
  }
  if (settings.descriptionTruncated) {
    log.warning(
      `The description is ${settings.descriptionBytes} bytes; it was cut at 1 MiB and ends with a visible note.`,
      'LiveDesk ticket',
    )
  }
  const request = buildTicketRequest(settings, contextFields(ctx), chosen.fields)
  if (!chosen.readsFailedJobs || !settings.failedJobs || settings.mode !== 'ticket') return request
  const failed = await readFailedJobs(log, githubApi(log, settings, ctx), ctx, settings.logLines)
  if (!failed) return request
  const added = withSection(request, failed.section, { github_failed_jobs: failed.field })
  if (added.cut) {
    log.warning(
      'The description and the failed-jobs section exceed 1 MiB together: the description was cut so that the section fits, and ends with a visible note.',
      'LiveDesk ticket',
    )
  }
  log.info(`Listed ${failed.count} failed job${failed.count === 1 ? '' : 's'} in the ticket.`)
  return added.request
}

/** The plan: the ticket the subject's memory recalls, and what to do with it. */
export async function planTicket(
  log: Log,
  {
    chosen,
    settings,
    ctx,
    request,
  }: { chosen: ChosenSubject; settings: Settings; ctx: GitHubContext; request: TicketRequest },
): Promise<TicketPlan> {
  const memory = chosen.memory(githubApi(log, settings, ctx), settings)
  const existing = await memory.recall()
  const subject = chosen.subject
  const decision = await decideAction({ log, settings, ctx, subject, request, existing })
  return { subject, ctx, settings, request: decision.request, action: decision.action, memory }
}
