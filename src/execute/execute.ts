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
  // Fewer failures in a row than open_after, or a chore's open ticket left as it is (when_open: skip).
  if (action.kind === 'wait' || action.kind === 'skip') return undefined
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
 * What the subject's memory keeps of a ticket: a notice on the run's page, its sentence first and the
 * memory's record after it (within the 4,096 characters GitHub keeps), then the memory's own write.
 * Never throws: trouble there is a warning.
 */
export async function keepTicket(plan: TicketPlan, ticket: WrittenTicket | undefined, log: Log): Promise<void> {
  const { action } = plan
  // A chore's open ticket, left as it is: its record is printed again, so that later periods still find it.
  if (action.kind === 'skip' && !plan.settings.dryRun) {
    log.notice(
      withRecord(skippedText(plan, action), plan.memory.record?.(action.ticketId)),
      'LiveDesk ticket: still open',
    )
    return
  }
  if (!ticket) return
  log.notice(withRecord(noticeText(plan, ticket), plan.memory.record?.(ticket.id)), 'LiveDesk ticket')
  await plan.memory.remember(ticket)
}

/** GitHub keeps an annotation's first 4,096 characters: the sentence gives way, never the record after it. */
const ANNOTATION_CHARS = 4096

/**
 * The notice: the sentence a person reads first, then the memory's record on a line of its own,
 * where later runs find it. A sentence that would push the record past GitHub's cut is shortened.
 */
export function withRecord(sentence: string, record: string | undefined): string {
  if (!record) return sentence
  const room = ANNOTATION_CHARS - record.length - 1
  const text = sentence.length > room ? `${sentence.slice(0, room - 1)}…` : sentence
  return `${text}\n${record}`
}

/** "LiveDesk ticket tk_… (link) opened, following tk_…, which is closed." */
function noticeText(plan: TicketPlan, ticket: WrittenTicket): string {
  const head = `LiveDesk ticket ${ticket.id}${linked(ticket.url)}`
  if (ticket.verb === 'recovered') return `${head}: the recovery is noted.`
  if (ticket.verb === 'updated') return `${head} updated${updatedFrom(plan)}.`
  const previous = plan.action.kind === 'create' ? plan.action.previous : undefined
  return `${head} opened${previous ? `, following ${previous.ticketId}, which ${previous.why}` : ''}.`
}

/** " from issue #12", ": this failure happened again (occurrence 3)", or a chore come due again. */
function updatedFrom(plan: TicketPlan): string {
  const { action, subject } = plan
  if (subject.kind === 'issue') return ` from issue #${subject.number}`
  if (action.kind !== 'update' || !action.occurrence) return ''
  return action.why === 'due'
    ? `: the chore came due again while it was open (the ticket now covers ${action.occurrence} periods)`
    : `: this failure happened again (occurrence ${action.occurrence})`
}

/** "LiveDesk ticket tk_… (link) is still open (since 2026-11-02): …". */
export function skippedText(plan: TicketPlan, skip: { ticketId: string; since?: string }): string {
  const url = ticketUrl(plan.settings.ticketUrlTemplate, skip.ticketId)
  const since = skip.since ? ` (since ${skip.since})` : ''
  return `LiveDesk ticket ${skip.ticketId}${linked(url)} is still open${since}: the chore came due again, and nothing was sent (when_open: skip).`
}

function linked(url: string | undefined): string {
  return url ? ` (${url})` : ''
}

function tries(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : ''
}
