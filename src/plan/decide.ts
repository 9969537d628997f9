// What to do with the ticket a subject already has, decided from what was read: pure, so each rule
// is a unit test. An issue's ticket is updated from the issue. A failure's ticket (dedupe): open, it
// gets a "Failed again" entry; closed or gone, a new ticket opens that names it, unless this run is
// fewer failures in a row than open_after (then the step waits). A recovery step notes "Recovered" on
// an open ticket, once, and opens nothing.
import type { GitHubContext } from '../github/context.js'
import type { WorkflowRun } from '../github/shapes.js'
import type { Settings } from '../inputs/settings.js'
import type { TicketState } from '../livedesk/client.js'
import { isOpenStatus } from '../livedesk/status.js'
import type { TicketPatch, TicketRequest } from '../livedesk/ticket.js'
import { failedAgainEntry, lastIsRecovery, readHistory, recoveredEntry, withHistoryEntry } from './history.js'
import { choreRequest, dueAgain, nextChoreTicket, SINCE_FIELD } from './chore.js'
import { holdsBack, type Streak } from './streak.js'
import type { Subject } from './subject.js'
import { issueUpdate } from './ticket-request.js'

export type Action =
  | { kind: 'create'; previous?: { ticketId: string; why: string } }
  | {
      kind: 'update'
      ticketId: string
      patch: TicketPatch
      why: 'issue' | 'again' | 'due' | 'recovery'
      /** A failure's count of occurrences (again), or the periods a chore's ticket covers (due). */
      occurrence?: number
    }
  /** A chore's open ticket, left as it is (when_open: skip): `since`, the day it opened, when it says. */
  | { kind: 'skip'; ticketId: string; since?: string }
  | { kind: 'none'; reason: string; /** Said as a notice on the run's page, not only in the log. */ notice?: boolean }
  /** Fewer failed runs in a row than open_after, and no open ticket: nothing opens yet. */
  | { kind: 'wait'; streak: Streak; openAfter: number }

export interface Decision {
  action: Action
  /** The request a create sends: the plan's, with the ticket it follows named. */
  request: TicketRequest
}

/** The ticket the subject's memory found. */
export interface Existing {
  ticketId: string
  /** As LiveDesk has it now, for a failure or a recovery ('gone': it no longer exists); an issue's is not read. */
  state?: TicketState | 'gone'
}

export interface DecisionInput {
  settings: Pick<Settings, 'mode' | 'openAfter' | 'whenOpen'>
  ctx: GitHubContext
  subject: Subject
  request: TicketRequest
  existing?: Existing
  /** This run's failed runs in a row, when the memory listed the runs (open_after counts them). */
  streak?: Streak
  /** A recovery's lookup stopped there: the run before this one passed. */
  passedBefore?: WorkflowRun
  /** A recurring chore's ticket (plan/chore.ts), not a failure's. */
  chore?: boolean
  /** The ticket was found in this run's own earlier attempt (a re-run of the same run). */
  sameRun?: boolean
  /** When the history entries say this happened. */
  now?: Date
}

/** Whether the decision needs the existing ticket as LiveDesk has it now: not for an issue's. */
export function needsTicketState(subject: Subject): boolean {
  return subject.kind !== 'issue'
}

export function decideAction(input: DecisionInput): Decision {
  const { settings, subject, request, existing } = input
  if (subject.kind === 'issue') {
    const action: Action = existing
      ? { kind: 'update', ticketId: existing.ticketId, patch: issueUpdate(request), why: 'issue' }
      : { kind: 'create' }
    return { action, request }
  }
  if (settings.mode === 'recovery') return { action: recovery(input), request }
  if (input.chore) return choreDecision(input)
  const state = existing?.state
  // An open ticket hears of every failure, whatever the count: the desk already knows.
  if (existing && state && state !== 'gone' && isOpenStatus(state.status))
    return { action: failedAgain(input, existing.ticketId, state), request }
  if (holdsBack(settings.openAfter, input.streak))
    return { action: { kind: 'wait', streak: input.streak, openAfter: settings.openAfter }, request }
  if (!existing) return { action: { kind: 'create' }, request }
  return following(
    existing.ticketId,
    state && state !== 'gone' ? `is ${state.status}` : 'no longer exists in LiveDesk',
    request,
  )
}

/** A chore come due: its last ticket open (when_open), closed or gone (a new one names it), or none. */
function choreDecision(input: DecisionInput): Decision {
  const { existing, settings, ctx, now } = input
  const request = choreRequest(input.request, now)
  const state = existing?.state
  if (!existing) return { action: { kind: 'create' }, request }
  if (!state || state === 'gone' || !isOpenStatus(state.status)) {
    const why = state && state !== 'gone' ? `is ${state.status}` : 'no longer exists in LiveDesk'
    return {
      action: { kind: 'create', previous: { ticketId: existing.ticketId, why } },
      request: nextChoreTicket(request, { ticketId: existing.ticketId, why, open: false }),
    }
  }
  // A re-run of the run that opened or noted it is the same period, not the next one.
  if (input.sameRun)
    return {
      action: {
        kind: 'none',
        reason: `This period's LiveDesk ticket ${existing.ticketId} is open already, from an earlier attempt of this run: nothing to note.`,
        notice: true,
      },
      request,
    }
  const whenOpen = settings.whenOpen ?? 'note'
  if (whenOpen === 'skip')
    return { action: { kind: 'skip', ticketId: existing.ticketId, since: state.customFields[SINCE_FIELD] }, request }
  if (whenOpen === 'new') {
    const why = 'is still open'
    return {
      action: { kind: 'create', previous: { ticketId: existing.ticketId, why } },
      request: nextChoreTicket(request, { ticketId: existing.ticketId, why, open: true }),
    }
  }
  const { patch, periods } = dueAgain(ctx, request, state, now)
  return { action: { kind: 'update', ticketId: existing.ticketId, patch, why: 'due', occurrence: periods }, request }
}

/** A new ticket that names the one this failure had, which is closed or gone. */
function following(ticketId: string, why: string, request: TicketRequest): Decision {
  return {
    action: { kind: 'create', previous: { ticketId, why } },
    request: {
      ...request,
      description: `**Follows LiveDesk ticket ${ticketId}**, which ${why}.${request.description ? `\n\n${request.description}` : ''}`,
      custom_fields: { ...request.custom_fields, github_previous_ticket: ticketId },
    },
  }
}

/** The open ticket gets a "Failed again" entry and the count of occurrences. */
function failedAgain({ ctx, request, now }: DecisionInput, ticketId: string, state: TicketState): Action {
  // The first ticket carries no count: the field appears with the second occurrence.
  const occurrence = (Number.parseInt(state.customFields.github_occurrences ?? '', 10) || 1) + 1
  const entry = failedAgainEntry(ctx, request.custom_fields?.github_failed_jobs, now)
  const patch: TicketPatch = {
    description: withHistoryEntry(state.description, entry),
    // The desk's fields stay; the run's context fields are the latest run's.
    custom_fields: { ...state.customFields, ...request.custom_fields, github_occurrences: String(occurrence) },
  }
  return { kind: 'update', ticketId, patch, why: 'again', occurrence }
}

function recovery({ existing, ctx, now, passedBefore }: DecisionInput): Action {
  if (passedBefore)
    return {
      kind: 'none',
      reason: `Nothing to note: run ${passedBefore.id}, the run before this one, passed too, so any recovery is noted already.`,
    }
  if (!existing)
    return { kind: 'none', reason: 'No LiveDesk ticket is recorded for this failure, so there is no recovery to note.' }
  const { ticketId, state } = existing
  if (!state || state === 'gone')
    return {
      kind: 'none',
      reason: `LiveDesk ticket ${ticketId}, this failure's ticket, no longer exists; there is no recovery to note.`,
    }
  if (!isOpenStatus(state.status))
    return {
      kind: 'none',
      reason: `LiveDesk ticket ${ticketId}, this failure's ticket, is ${state.status}; there is no recovery to note.`,
    }
  if (lastIsRecovery(readHistory(state.description)))
    return { kind: 'none', reason: `The recovery is already noted on LiveDesk ticket ${ticketId}.` }
  return {
    kind: 'update',
    ticketId,
    why: 'recovery',
    // LiveDesk documents tags on update only; the tags it reports are kept with "recovered" added.
    patch: {
      description: withHistoryEntry(state.description, recoveredEntry(ctx, now)),
      tags: [...new Set([...(state.tags ?? []), 'recovered'])],
    },
  }
}
