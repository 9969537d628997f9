// plan/ owns what a run will do, decided from the inputs and what GitHub says; it must write nothing anywhere.
// A ticket run's plan, in two stages that each return a value: the request LiveDesk would receive
// (the settings and the run's context, the failed jobs of a build failure), then what to do with the
// ticket the subject already has, found through its memory (create, update, nothing). GitHub and
// LiveDesk are read here; nothing is written anywhere.
import { contextFields, type GitHubContext } from '../github/context.js'
import { permissionHint } from '../github/errors.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { WorkflowRun } from '../github/shapes.js'
import type { Settings } from '../inputs/settings.js'
import { getTicket, type TicketState } from '../livedesk/client.js'
import { clientOptions, type DeskConnection } from '../livedesk/client-options.js'
import { LiveDeskError } from '../livedesk/errors.js'
import type { TicketRequest } from '../livedesk/ticket.js'
import { RUNS_LISTED } from '../memory/earlier-runs.js'
import type { TicketMemory } from '../memory/memory.js'
import { reportedRunSection } from '../recipes/reported-run.js'
import type { Log } from '../runner/runner.js'
import { message } from '../text/message.js'
import { isChore } from './chore.js'
import { decideAction, needsTicketState, type Action } from './decide.js'
import { failuresInARow } from './failures-in-a-row.js'
import type { RunEnd } from './run-end.js'
import { streakPlace, type Streak } from './streak.js'
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
  /** A recurring chore's ticket (plan/chore.ts), worded as a chore's. */
  chore?: boolean
  /** The failed jobs' section the ticket lists, for the job summary. */
  failedJobs?: string
  /** The memory could not be read (a warning said why): a new ticket opens without knowing of earlier ones. */
  lookupUnread?: boolean
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
  ended: RunEnd,
): Promise<TicketRequest> {
  if (settings.descriptionTruncated) {
    log.warning(
      `The description is ${settings.descriptionBytes} bytes; it was cut at 1 MiB and ends with a visible note.`,
      'LiveDesk ticket',
    )
  }
  const request = withReportedRun(buildTicketRequest(settings, contextFields(ctx), chosen.fields), ctx, ended)
  const failed = ended.failedJobs
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
/** What the plan is made from: the run's values, read before it. */
export interface PlanSources {
  chosen: ChosenSubject
  settings: Settings
  ctx: GitHubContext
  request: TicketRequest
  /** How the run ended, as readRunEnd read it. */
  ended: RunEnd
  /** The connection opened to LiveDesk ahead, for the read of the subject's ticket. */
  desk?: DeskConnection
  /** The run's GitHub options. */
  github: GitHubApiOptions
}

export async function planTicket(
  log: Log,
  { chosen, settings, ctx, request, ended, desk, github }: PlanSources,
): Promise<TicketPlan> {
  const subject = chosen.subject
  const chore = isChore(subject, settings, ctx, ended)
  if (settings.whenOpen && !chore) log.info(whenOpenUnused(settings.whenOpen, ended, subject))
  const memory = chosen.memoryFor(settings, chore ? 'chore' : 'failure')
  // A reporter whose run did not end the way this step is for has nothing to do: nothing is read.
  if (ended.nothingToDo)
    return {
      subject,
      ctx,
      settings,
      request,
      action: { kind: 'none', reason: ended.nothingToDo, notice: true },
      memory,
    }
  const { ticketId, runs, passedBefore, sameRun, unread } = await memory.recall()
  const existing = ticketId
    ? {
        ticketId,
        state: needsTicketState(subject) ? await readTicket(log, settings, ticketId, desk, chore) : undefined,
      }
    : undefined
  // A chore comes due on its clock: failures in a row are not its business.
  const streak =
    settings.openAfter > 1 && settings.mode === 'ticket' && !chore && runs
      ? await countFailures(log, github, settings, ctx, runs)
      : undefined
  const decided = decideAction({ settings, ctx, subject, request, existing, streak, passedBefore, chore, sameRun })
  const { action, request: sent } = decided
  if (action.kind === 'create' && action.previous) {
    log.info(
      `LiveDesk ticket ${action.previous.ticketId}, this ${chore ? "chore's last" : "failure's earlier"} ticket, ${action.previous.why}: a new ticket is opened that names it.`,
    )
  }
  if (action.kind === 'create' && streak) log.info(streakReached(streak, settings, ctx))
  return {
    subject,
    ctx,
    settings,
    request: sent,
    action,
    memory,
    chore,
    failedJobs: ended.failedJobs?.section,
    ...(unread ? { lookupUnread: true } : {}),
  }
}

/** when_open was given, but this run's ticket is no chore's: a failure keeps a failure's words. */
function whenOpenUnused(whenOpen: string, ended: RunEnd, subject: Subject): string {
  const head = `when_open: ${whenOpen} applies to a recurring chore (a template, or a step on a schedule or a dispatch, with a dedupe_key or dedupe: branch)`
  if (subject.kind === 'issue') return `${head}; this step mirrors an issue, whose ticket follows the issue.`
  const why = ended.failedJobs
    ? 'this run has failed jobs, so its ticket is a failure'
    : ended.jobsUnread
      ? 'the jobs of this run could not be read, so its ticket is taken for a failure (never skipped)'
      : 'this run is neither'
  return `${head}; ${why}, and an open ticket of it gets a "Failed again" entry.`
}

/**
 * The failures in a row open_after counts, from the runs the memory listed; undefined (a warning)
 * when GitHub cannot be read for the rest: then a ticket opens rather than silence.
 */
async function countFailures(
  log: Log,
  api: GitHubApiOptions,
  settings: Settings,
  ctx: GitHubContext,
  runs: WorkflowRun[],
): Promise<Streak | undefined> {
  try {
    return await failuresInARow(api, ctx, runs, {
      openAfter: settings.openAfter,
      anyBranch: !!settings.dedupeKey,
      log,
    })
  } catch (err) {
    log.warning(
      `The failures in a row (open_after: ${settings.openAfter}) could not be counted (${message(err)}), so a ticket opens now.${permissionHint(err, 'actions: read, checks: read')}`,
      'LiveDesk ticket: failures in a row not counted',
    )
    return undefined
  }
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
    /** What the ticket is for, in the error's words. */
    readonly about: 'failure' | 'chore' = 'failure',
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
  chore: boolean,
): Promise<TicketState | 'gone'> {
  try {
    return (await getTicket(clientOptions(log, settings, desk), ticketId)) ?? 'gone'
  } catch (err) {
    throw err instanceof LiveDeskError ? new TicketReadError(ticketId, err, chore ? 'chore' : 'failure') : err
  }
}

/** A reporter's ticket names the run it reports on, first: its links, its branch and title as text, a timeout. */
function withReportedRun(request: TicketRequest, ctx: GitHubContext, ended: RunEnd): TicketRequest {
  const section = reportedRunSection(ctx, ended.timedOut)
  return section ? withSection(request, section, {}).request : request
}
