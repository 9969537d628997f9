// What to do with the ticket a subject already has. An issue's ticket is updated from the issue. A
// failure's ticket (dedupe) is read first: open, it gets a "Failed again" entry; closed or gone, a new
// ticket opens that names it. A recovery step notes "Recovered" on an open ticket, once, and opens
// nothing. Reads LiveDesk (GET), never writes.
import type { GitHubContext } from '../github/context.js'
import type { Settings } from '../inputs/settings.js'
import { getTicket, type TicketState } from '../livedesk/client.js'
import { isOpenStatus } from '../livedesk/status.js'
import type { TicketPatch, TicketRequest } from '../livedesk/ticket.js'
import type { Log } from '../runner/runner.js'
import { clientOptions } from '../livedesk/client-options.js'
import { LiveDeskError } from '../livedesk/errors.js'
import { failedAgainEntry, lastIsRecovery, readHistory, recoveredEntry, withHistoryEntry } from './history.js'
import type { Subject } from './subject.js'
import { issueUpdate } from './ticket-request.js'

export type Action =
  | { kind: 'create'; previous?: { ticketId: string; why: string } }
  | { kind: 'update'; ticketId: string; patch: TicketPatch; why: 'issue' | 'again' | 'recovery'; occurrence?: number }
  | { kind: 'none'; reason: string }

export interface Decision {
  action: Action
  /** The request a create sends: the plan's, with the ticket it follows named. */
  request: TicketRequest
}

export interface DecisionInput {
  log: Log
  settings: Settings
  ctx: GitHubContext
  subject: Subject
  request: TicketRequest
  /** The ticket the subject's memory found. */
  existing?: string
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

export async function decideAction(input: DecisionInput): Promise<Decision> {
  const { settings, subject, request, existing } = input
  if (subject.kind === 'issue') {
    return {
      action: existing
        ? { kind: 'update', ticketId: existing, patch: issueUpdate(request), why: 'issue' }
        : { kind: 'create' },
      request,
    }
  }
  if (settings.mode === 'recovery') return { action: await recovery(input), request }
  if (!existing) return { action: { kind: 'create' }, request }
  const state = await read(input, existing)
  if (!state || !isOpenStatus(state.status)) {
    const why = state ? `is ${state.status}` : 'no longer exists in LiveDesk'
    input.log.info(
      `LiveDesk ticket ${existing}, this failure's earlier ticket, ${why}: a new ticket is opened that names it.`,
    )
    return {
      action: { kind: 'create', previous: { ticketId: existing, why } },
      request: {
        ...request,
        description: `**Follows LiveDesk ticket ${existing}**, which ${why}.${request.description ? `\n\n${request.description}` : ''}`,
        custom_fields: { ...request.custom_fields, github_previous_ticket: existing },
      },
    }
  }
  // The first ticket carries no count: the field appears with the second occurrence.
  const occurrence = (Number.parseInt(state.customFields.github_occurrences ?? '', 10) || 1) + 1
  const entry = failedAgainEntry(input.ctx, request.custom_fields?.github_failed_jobs)
  const patch: TicketPatch = {
    description: withHistoryEntry(state.description, entry),
    // The desk's fields stay; the run's context fields are the latest run's.
    custom_fields: { ...state.customFields, ...request.custom_fields, github_occurrences: String(occurrence) },
  }
  return { action: { kind: 'update', ticketId: existing, patch, why: 'again', occurrence }, request }
}

async function recovery(input: DecisionInput): Promise<Action> {
  const { existing, ctx } = input
  if (!existing)
    return { kind: 'none', reason: 'No LiveDesk ticket is recorded for this failure, so there is no recovery to note.' }
  const state = await read(input, existing)
  if (!state)
    return {
      kind: 'none',
      reason: `LiveDesk ticket ${existing}, this failure's ticket, no longer exists; there is no recovery to note.`,
    }
  if (!isOpenStatus(state.status))
    return {
      kind: 'none',
      reason: `LiveDesk ticket ${existing}, this failure's ticket, is ${state.status}; there is no recovery to note.`,
    }
  if (lastIsRecovery(readHistory(state.description)))
    return { kind: 'none', reason: `The recovery is already noted on LiveDesk ticket ${existing}.` }
  return {
    kind: 'update',
    ticketId: existing,
    why: 'recovery',
    // LiveDesk documents tags on update only; the tags it reports are kept with "recovered" added.
    patch: {
      description: withHistoryEntry(state.description, recoveredEntry(ctx)),
      tags: [...new Set([...(state.tags ?? []), 'recovered'])],
    },
  }
}

/** The ticket's state from LiveDesk (undefined: gone); a failure to read it names the ticket. */
async function read(input: DecisionInput, ticketId: string): Promise<TicketState | undefined> {
  try {
    return await getTicket(clientOptions(input.log, input.settings), ticketId)
  } catch (err) {
    throw err instanceof LiveDeskError ? new TicketReadError(ticketId, err) : err
  }
}
