// plan/ owns what a run will do, decided from the inputs and what GitHub says; it must write nothing anywhere.
// A ticket run's plan, in two stages that each return a value: the request LiveDesk would receive
// (the settings and the run's context, the failed jobs of a build failure), then what to do with the
// ticket the subject already has, found through its memory (create, update, nothing). GitHub and
// LiveDesk are read here; nothing is written anywhere.
import { listWorkflowRuns } from '../github/actions.js'
import { permissionHint } from '../github/errors.js'
import { githubApiOptions, type GitHubApiOptions } from '../github/octokit-client.js'
import type { WorkflowRun } from '../github/shapes.js'
import { contextFields, type GitHubContext } from '../github/context.js'
import { InputError } from '../inputs/problems.js'
import type { Settings } from '../inputs/settings.js'
import { getTicket, type TicketState } from '../livedesk/client.js'
import { clientOptions, type DeskConnection } from '../livedesk/client-options.js'
import { LiveDeskError } from '../livedesk/errors.js'
import type { TicketRequest } from '../livedesk/ticket.js'
import type { TicketMemory } from '../memory/memory.js'
import { RUNS_LISTED } from '../memory/run-records.js'
import { readFailedJobs } from '../recipes/build-failure.js'
import { reportedRunSection } from '../recipes/reported-run.js'
import type { Log } from '../runner/runner.js'
import { message } from '../text/message.js'
import { decideAction, needsTicketState, triggeringGate, type Action } from './decide.js'
import { countStreak, streakPlace, type Streak } from './streak.js'
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
  if (settings.openAfter > 1 && chosen.subject.kind === 'issue') {
    throw new InputError([
      `open_after: ${settings.openAfter} counts a workflow's failed runs in a row; the issue mirror opens one ticket per issue. Remove open_after from this step.`,
    ])
  }
  if (settings.descriptionTruncated) {
    log.warning(
      `The description is ${settings.descriptionBytes} bytes; it was cut at 1 MiB and ends with a visible note.`,
      'LiveDesk ticket',
    )
  }
  const request = withReportedRun(buildTicketRequest(settings, contextFields(ctx), chosen.fields), ctx)
  if (
    !chosen.readsFailedJobs ||
    !settings.failedJobs ||
    settings.mode !== 'ticket' ||
    triggeringGate(settings.mode, ctx.reported)
  )
    return request
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

/** The plan: the ticket the subject's memory recalls, as LiveDesk has it now, and what to do with it. */
export async function planTicket(
  log: Log,
  {
    chosen,
    settings,
    ctx,
    request,
    desk,
  }: {
    chosen: ChosenSubject
    settings: Settings
    ctx: GitHubContext
    request: TicketRequest
    /** The connection opened to LiveDesk ahead, for the read of the subject's ticket. */
    desk?: DeskConnection
  },
): Promise<TicketPlan> {
  const memory = chosen.memory(githubApi(log, settings, ctx), settings)
  const subject = chosen.subject
  // A reporter whose run did not end the way this step is for has nothing to do: nothing is read.
  const gate = triggeringGate(settings.mode, ctx.reported)
  if (gate) return { subject, ctx, settings, request, action: { kind: 'none', reason: gate, notice: true }, memory }
  const { ticketId, runs } = await memory.recall()
  const existing = ticketId
    ? { ticketId, state: needsTicketState(subject) ? await readTicket(log, settings, ticketId, desk) : undefined }
    : undefined
  // open_after counts the runs the memory listed to find the ticket: no call of its own (a reporter's
  // memory lists its own runs: the watched workflow's are listed for it).
  const listed = settings.openAfter > 1 && ctx.reported.triggering ? await watchedRuns(log, settings, ctx) : runs
  const streak = settings.openAfter > 1 && listed ? countStreak(listed, ctx.reported.runId) : undefined
  const { action, request: sent } = decideAction({ settings, ctx, subject, request, existing, streak })
  if (action.kind === 'create' && action.previous) {
    log.info(
      `LiveDesk ticket ${action.previous.ticketId}, this failure's earlier ticket, ${action.previous.why}: a new ticket is opened that names it.`,
    )
  }
  if (action.kind === 'create' && streak) log.info(streakReached(streak, settings, ctx))
  return { subject, ctx, settings, request: sent, action, memory }
}

/** Why a ticket opens with open_after: the count reached it, or no passed run was in sight. */
function streakReached(streak: Streak, settings: Settings, ctx: GitHubContext): string {
  const head = `Failure ${streak.count} of ${settings.openAfter} in a row ${streakPlace(settings, ctx.reported)}`
  if (streak.count >= settings.openAfter) return `${head}: a ticket is opened.`
  return `${head} or more: no passed run is among the runs GitHub listed (the workflow's newest ${RUNS_LISTED}), so the streak may be longer, and a ticket is opened.`
}

/** The ticket the subject already has could not be read from LiveDesk: nothing was opened or changed. */
export class TicketReadError extends Error {
  constructor(
    readonly ticketId: string,
    readonly failure: LiveDeskError,
  ) {
    super(failure.message)
    this.name = 'TicketReadError'
  }
}

/** The ticket as LiveDesk has it now ('gone': it answered 404); a failure to read it names the ticket. */
async function readTicket(
  log: Log,
  settings: Settings,
  ticketId: string,
  desk: DeskConnection | undefined,
): Promise<TicketState | 'gone'> {
  try {
    return (await getTicket(clientOptions(log, settings, desk), ticketId)) ?? 'gone'
  } catch (err) {
    throw err instanceof LiveDeskError ? new TicketReadError(ticketId, err) : err
  }
}

/** A reporter's ticket names the run it reports on, first: its links, its branch and title as text. */
function withReportedRun(request: TicketRequest, ctx: GitHubContext): TicketRequest {
  const section = reportedRunSection(ctx)
  return section ? withSection(request, section, {}).request : request
}

/**
 * The newest runs of the workflow a reporter watches, on the reported run's branch (with a dedupe_key,
 * on any), for its failures in a row; undefined (a warning) when GitHub cannot list them: then a
 * ticket opens rather than silence.
 */
async function watchedRuns(log: Log, settings: Settings, ctx: GitHubContext): Promise<WorkflowRun[] | undefined> {
  const run = ctx.reported
  try {
    return await listWorkflowRuns(githubApi(log, settings, ctx), ctx.repository, {
      workflow: run.workflowFile,
      branch: settings.dedupeKey ? undefined : run.branch,
      count: RUNS_LISTED,
    })
  } catch (err) {
    log.warning(
      `The runs of ${run.workflowFile} could not be listed (${message(err)}), so the failures in a row (open_after: ${settings.openAfter}) cannot be counted and a ticket opens now.${permissionHint(err, 'actions: read')}`,
      'LiveDesk ticket: failures in a row not counted',
    )
    return undefined
  }
}
