// execute/ owns carrying a plan out against LiveDesk and the subject's memory; it must decide nothing.
// Carries a plan out: the one LiveDesk call it names, then what the subject's memory must keep. The
// ticket id is logged the moment LiveDesk returns it, before any file is written, and every ticket
// opened or updated is shown on the run's page as a notice annotation (with the memory's record).
import { createTicket, updateTicket } from '../livedesk/client.js'
import { ticketUrl } from '../livedesk/ticket.js'
import { clientOptions } from '../plan/client-options.js'
import type { Plan, RunRecord, SyncPlan, TicketPlan } from '../plan/plan.js'
import type { Log } from '../runner/runner.js'
import type { SyncOutcome } from './sync.js'

export type Outcome =
  | { kind: 'dry_run' }
  | { kind: 'none'; reason: string }
  | { kind: 'created' | 'updated' | 'recovered'; ticketId: string; url?: string; attempts: number }

/** A plan and what came of it, kept together: the report words each kind of run its own way. */
export type Done =
  { kind: 'ticket'; plan: TicketPlan; outcome: Outcome } | { kind: 'sync'; plan: SyncPlan; outcome: SyncOutcome }

export async function carryOut(plan: Plan, log: Log, record: RunRecord): Promise<Done> {
  if (plan.kind === 'sync')
    return { kind: 'sync', plan, outcome: await (await import('./sync.js')).carrySync(plan, log) }
  return { kind: 'ticket', plan, outcome: await carryOutTicket(plan, log, record) }
}

async function carryOutTicket(plan: TicketPlan, log: Log, record: RunRecord): Promise<Outcome> {
  if (plan.settings.dryRun) return { kind: 'dry_run' }
  const { action, subject, settings, memory } = plan
  if (action.kind === 'none') {
    log.info(action.reason)
    return { kind: 'none', reason: action.reason }
  }
  const client = clientOptions(log, settings)
  const tries = (attempts: number): string => (attempts > 1 ? ` after ${attempts} attempts` : '')
  // The memory's record is the notice's first line: the runner cuts an annotation at 4,096 characters.
  const notice = (ticketId: string, what: string): void => {
    const line = memory.record?.(ticketId)
    log.notice(`${line ? `${line}\n` : ''}${what}`, 'LiveDesk ticket')
  }

  if (action.kind === 'update') {
    const { attempts } = await updateTicket(client, action.ticketId, action.patch)
    const url = ticketUrl(settings.ticketUrlTemplate, action.ticketId)
    const verb = action.why === 'recovery' ? 'recovered' : 'updated'
    record.ticket = { id: action.ticketId, url, verb }
    const link = url ? ` (${url})` : ''
    if (action.why === 'recovery') {
      log.info(`Noted the recovery on LiveDesk ticket ${action.ticketId}${link}${tries(attempts)}.`)
      notice(action.ticketId, `LiveDesk ticket ${action.ticketId}${link}: the recovery is noted.`)
      return { kind: 'recovered', ticketId: action.ticketId, url, attempts }
    }
    const from =
      subject.kind === 'issue'
        ? ` from issue #${subject.number}`
        : action.occurrence
          ? `: this failure happened again (occurrence ${action.occurrence})`
          : ''
    log.info(`Updated LiveDesk ticket ${action.ticketId}${link}${from}${tries(attempts)}.`)
    notice(action.ticketId, `LiveDesk ticket ${action.ticketId}${link} updated${from}.`)
    return { kind: 'updated', ticketId: action.ticketId, url, attempts }
  }

  const { ticketId, attempts } = await createTicket(client, plan.request)
  const url = ticketUrl(settings.ticketUrlTemplate, ticketId)
  record.ticket = { id: ticketId, url, verb: 'opened' }
  log.info(`Opened LiveDesk ticket ${ticketId}${url ? ` (${url})` : ''}${tries(attempts)}.`)
  const follows = action.previous ? `, following ${action.previous.ticketId}, which ${action.previous.why}` : ''
  notice(ticketId, `LiveDesk ticket ${ticketId}${url ? ` (${url})` : ''} opened${follows}.`)
  await memory.remember(ticketId, url)
  return { kind: 'created', ticketId, url, attempts }
}
