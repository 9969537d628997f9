// A recurring chore: a ticket that is not a failure's (a template, or a step's title on a schedule or
// a dispatch) whose dedupe_key names the chore. Its next period finds the chore's last ticket through
// the same memory as a failure's, and does what when_open says while that ticket is open: note that
// the chore came due again (the default), skip, or open a new ticket that names the open one. Its
// words are a chore's: due, periods, never a failure or an occurrence. Pure: tests call it directly.
import type { GitHubContext } from '../github/context.js'
import type { Settings } from '../inputs/settings.js'
import type { TicketState } from '../livedesk/client.js'
import type { TicketPatch, TicketRequest } from '../livedesk/ticket.js'
import { dueAgainEntry, withHistoryEntry } from './history.js'
import type { RunEnd } from './run-end.js'
import type { Subject } from './subject.js'

/** Events that start a run by a clock or by hand: a step's ticket there is a chore, not a failure. */
const CHORE_EVENTS = new Set(['schedule', 'workflow_dispatch', 'repository_dispatch'])

/** The custom fields a chore's ticket keeps: when it opened (a date), and how many periods it covers. */
export const SINCE_FIELD = 'github_chore_since'
export const PERIODS_FIELD = 'github_periods_due'

/**
 * Whether this run's ticket is a chore's: a dedupe_key names it (or dedupe: branch keeps it per
 * branch), it is opened (not a recovery, not a reporter's failure, not an issue's), and it is a
 * template's or a scheduled or dispatched step's, in a run without a failed job. A nightly build that
 * failed is a failure, whatever started it; so is a run whose jobs could not be read: a failure is
 * never skipped as a chore.
 */
export function isChore(
  subject: Subject,
  settings: Pick<Settings, 'mode' | 'dedupe' | 'dedupeKey'>,
  ctx: Pick<GitHubContext, 'eventName' | 'reported'>,
  ended: Pick<RunEnd, 'failedJobs' | 'jobsUnread'>,
): boolean {
  if (settings.mode !== 'ticket' || subject.kind === 'issue') return false
  if (!settings.dedupeKey && settings.dedupe !== 'branch') return false
  if (ctx.reported.triggering || ended.failedJobs || ended.jobsUnread) return false
  return subject.kind === 'template' || CHORE_EVENTS.has(ctx.eventName)
}

/** A chore's new ticket carries the day it opened: a later period's notice says since when it is open. */
export function choreRequest(request: TicketRequest, now = new Date()): TicketRequest {
  return { ...request, custom_fields: { ...request.custom_fields, [SINCE_FIELD]: now.toISOString().slice(0, 10) } }
}

/** The open ticket's patch when the chore comes due again: a "Due again" entry and the periods it now covers. */
export function dueAgain(
  ctx: GitHubContext,
  request: TicketRequest,
  state: TicketState,
  now = new Date(),
): { patch: TicketPatch; periods: number } {
  const periods = (Number.parseInt(state.customFields[PERIODS_FIELD] ?? '', 10) || 1) + 1
  // The ticket keeps the day it opened, or none when it never had one: today is not that day.
  const fields = { ...request.custom_fields }
  delete fields[SINCE_FIELD]
  return {
    periods,
    patch: {
      description: withHistoryEntry(state.description, dueAgainEntry(ctx, periods, now)),
      // The desk's fields stay; the run's context fields are the latest run's.
      custom_fields: { ...state.customFields, ...fields, [PERIODS_FIELD]: String(periods) },
    },
  }
}

/** A new ticket for the chore that names its last one: still open (when_open: new), or closed or gone. */
export function nextChoreTicket(
  request: TicketRequest,
  last: { ticketId: string; why: string; open: boolean },
): TicketRequest {
  const line = last.open
    ? `**This chore's last ticket, LiveDesk ticket ${last.ticketId}, is still open.**`
    : `**This chore's last ticket was LiveDesk ticket ${last.ticketId}**, which ${last.why}.`
  const field: Record<string, string> = { [last.open ? 'github_open_ticket' : 'github_previous_ticket']: last.ticketId }
  return {
    ...request,
    description: `${line}${request.description ? `\n\n${request.description}` : ''}`,
    custom_fields: { ...request.custom_fields, ...field },
  }
}
