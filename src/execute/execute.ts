// execute/ owns carrying a plan out against LiveDesk and the subject's memory; it must decide nothing.
// Carries a plan out: the one LiveDesk call it names, then what the subject's memory must keep. The
// ticket id is logged the moment LiveDesk returns it, before any file is written.
import type { Settings } from '../inputs/settings.js'
import { createTicket, updateTicket, type ClientOptions } from '../livedesk/client.js'
import { ticketUrl } from '../livedesk/ticket.js'
import type { Plan, RunRecord } from '../plan/plan.js'
import type { Log } from '../runner/runner.js'

export type Outcome =
  | { kind: 'dry_run' }
  | { kind: 'created'; ticketId: string; url?: string; attempts: number }
  | { kind: 'updated'; ticketId: string; url?: string; attempts: number }

export async function carryOut(plan: Plan, log: Log, record: RunRecord): Promise<Outcome> {
  if (plan.settings.dryRun) return { kind: 'dry_run' }
  const client = clientOptions(log, plan.settings)
  const { action, subject } = plan
  if (action.kind === 'update') {
    const { attempts } = await updateTicket(client, action.ticketId, action.patch)
    const url = ticketUrl(plan.settings.ticketUrlTemplate, action.ticketId)
    record.ticket = { id: action.ticketId, url, verb: 'updated' }
    const from = subject.kind === 'issue' ? ` from issue #${subject.number}` : ''
    log.info(`Updated LiveDesk ticket ${action.ticketId}${url ? ` (${url})` : ''}${from}${attempts > 1 ? ` after ${attempts} attempts` : ''}.`)
    return { kind: 'updated', ticketId: action.ticketId, url, attempts }
  }
  const { ticketId, attempts } = await createTicket(client, plan.request)
  const url = ticketUrl(plan.settings.ticketUrlTemplate, ticketId)
  record.ticket = { id: ticketId, url, verb: 'opened' }
  log.info(`Opened LiveDesk ticket ${ticketId}${url ? ` (${url})` : ''}${attempts > 1 ? ` after ${attempts} attempts` : ''}.`)
  await plan.memory.remember(ticketId, url)
  return { kind: 'created', ticketId, url, attempts }
}

export function clientOptions(log: Log, settings: Settings): ClientOptions {
  return {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiSecret: settings.apiSecret,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    log: (line) => log.debug(line),
    onRetry: (line) => log.info(line),
  }
}
