// execute/ owns carrying a plan out against LiveDesk and the subject's memory; it must decide nothing.
// Carries a ticket plan out in two stages: the one LiveDesk write it names, which returns the ticket
// the moment LiveDesk confirms it (its id logged at once, before any file is written); then what the
// subject's memory keeps: the notice on the run's page with the memory's record, and the memory's own
// write (the mirror's marker comment), which never fails the run.
import { createTicket, updateTicket } from '../livedesk/client.js'
import { clientOptions, type DeskConnection } from '../livedesk/client-options.js'
import { ticketUrl } from '../livedesk/ticket.js'
import type { TicketPlan } from '../plan/plan.js'
import type { Log } from '../runner/runner.js'

/** A ticket LiveDesk has confirmed: from then on the run never says "failed". */
export interface WrittenTicket {
  id: string
  url?: string
  verb: 'opened' | 'updated' | 'recovered'
  attempts: number
}

/**
 * The LiveDesk write the plan names: the ticket opened or updated, or undefined when the plan writes
 * nothing (a dry run, nothing to note, or a ticket that waits for more failures in a row). `desk`: the connection
 * opened to LiveDesk ahead, if any.
 */
export async function writeTicket(
  plan: TicketPlan,
  log: Log,
  desk?: DeskConnection,
): Promise<WrittenTicket | undefined> {
  const { action, settings } = plan
  if (settings.dryRun) return undefined
  if (action.kind === 'none') {
    if (action.notice) log.notice(action.reason, 'LiveDesk ticket: nothing to do')
    else log.info(action.reason)
    return undefined
  }
  // Fewer failures in a row than open_after: the report says so, as a notice.
  if (action.kind === 'wait') return undefined
  const client = clientOptions(log, settings, desk)
  if (action.kind === 'create') {
    const { ticketId, attempts } = await createTicket(client, plan.request)
    const url = ticketUrl(settings.ticketUrlTemplate, ticketId)
    log.info(`Opened LiveDesk ticket ${ticketId}${linked(url)}${tries(attempts)}.`)
    return { id: ticketId, url, verb: 'opened', attempts }
  }
  const { attempts } = await updateTicket(client, action.ticketId, action.patch)
  const url = ticketUrl(settings.ticketUrlTemplate, action.ticketId)
  if (action.why === 'recovery') {
    log.info(`Noted the recovery on LiveDesk ticket ${action.ticketId}${linked(url)}${tries(attempts)}.`)
    return { id: action.ticketId, url, verb: 'recovered', attempts }
  }
  log.info(`Updated LiveDesk ticket ${action.ticketId}${linked(url)}${updatedFrom(plan)}${tries(attempts)}.`)
  return { id: action.ticketId, url, verb: 'updated', attempts }
}

/**
 * What the subject's memory keeps of a ticket: a notice on the run's page whose first line is the
 * memory's record (the runner cuts an annotation at 4,096 characters), then the memory's own write.
 * Never throws: trouble there is a warning.
 */
export async function keepTicket(plan: TicketPlan, ticket: WrittenTicket | undefined, log: Log): Promise<void> {
  if (!ticket) return
  const line = plan.memory.record?.(ticket.id)
  log.notice(`${line ? `${line}\n` : ''}${noticeText(plan, ticket)}`, 'LiveDesk ticket')
  await plan.memory.remember(ticket)
}

/** "LiveDesk ticket tk_… (link) opened, following tk_…, which is closed." */
function noticeText(plan: TicketPlan, ticket: WrittenTicket): string {
  const head = `LiveDesk ticket ${ticket.id}${linked(ticket.url)}`
  if (ticket.verb === 'recovered') return `${head}: the recovery is noted.`
  if (ticket.verb === 'updated') return `${head} updated${updatedFrom(plan)}.`
  const previous = plan.action.kind === 'create' ? plan.action.previous : undefined
  return `${head} opened${previous ? `, following ${previous.ticketId}, which ${previous.why}` : ''}.`
}

/** " from issue #12", or ": this failure happened again (occurrence 3)". */
function updatedFrom(plan: TicketPlan): string {
  const { action, subject } = plan
  if (subject.kind === 'issue') return ` from issue #${subject.number}`
  return action.kind === 'update' && action.occurrence
    ? `: this failure happened again (occurrence ${action.occurrence})`
    : ''
}

function linked(url: string | undefined): string {
  return url ? ` (${url})` : ''
}

function tries(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : ''
}
