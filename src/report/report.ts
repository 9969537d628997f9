// report/ owns how a run ends in words: outputs, summary, the one error line; it must change nothing outside the step.
// How a ticket run ends, in words: the outputs, the job summary and the log lines of what it did (a
// ticket, a dry run, nothing to note) or of a failure. Errors become words here, once.
import { skippedText, type WrittenTicket } from '../execute/execute.js'
import { InputError } from '../inputs/problems.js'
import { failsOnError, type InputValues } from '../inputs/read-inputs.js'
import type { Settings } from '../inputs/settings.js'
import { endpoint } from '../livedesk/call.js'
import { ticketPath, TICKETS_PATH } from '../livedesk/client.js'
import { LiveDeskError } from '../livedesk/errors.js'
import { ticketUrl, type TicketRequest } from '../livedesk/ticket.js'
import { IssueLinkError } from '../memory/issue-marker.js'
import { ChoreUnreadError } from '../memory/records-memory.js'
import { TicketReadError, type Action, type TicketPlan } from '../plan/plan.js'
import { streakPlace } from '../plan/streak.js'
import { endFailed } from '../runner/ending.js'
import { writeOutputs } from '../runner/outputs.js'
import type { Runner } from '../runner/runner.js'
import { cell } from '../text/markdown.js'
import { message } from '../text/message.js'
import { displayJson } from '../text/server-text.js'
import {
  createdSummary,
  dryRunSummary,
  failureSummary,
  skippedSummary,
  summaryExcerpt,
  updatedSummary,
  waitingSummary,
} from './summary.js'

/** What a ticket run had established when it failed: the words of the failure come from it. */
export interface KnownAtFailure {
  explicit: InputValues
  settings?: Settings
  /** The request, once it was drafted: the summary keeps it, to file the ticket by hand. */
  request?: TicketRequest
  plan?: TicketPlan
  /** The ticket LiveDesk confirmed: from then on the run never says "failed". */
  ticket?: WrittenTicket
}

/** Outputs, summary and log lines of a run that did what it planned; returns the exit code. */
export async function reportTicket(
  runner: Runner,
  plan: TicketPlan,
  ticket: WrittenTicket | undefined,
): Promise<number> {
  if (ticket) await reportWritten(runner, plan, ticket)
  else if (plan.action.kind === 'wait') await reportWaiting(runner, plan, plan.action)
  else if (plan.action.kind === 'skip') await reportSkipped(runner, plan, plan.action)
  else if (plan.settings.dryRun) await reportDryRun(runner, plan)
  else await reportQuiet(runner, nothingSummary(plan.action.kind === 'none' ? plan.action.reason : ''), 'none')
  return 0
}

/** Fewer failures in a row than open_after: a notice on the run's page, the runs in the summary, status waiting. */
async function reportWaiting(
  runner: Runner,
  { settings, ctx }: TicketPlan,
  wait: Extract<Action, { kind: 'wait' }>,
): Promise<void> {
  const place = streakPlace(settings, ctx.reported)
  const { count } = wait.streak
  runner.notice(
    `Failure ${count} of ${wait.openAfter} in a row ${place}: no LiveDesk ticket yet; one opens at failure ${wait.openAfter} (open_after).`,
    'LiveDesk ticket: not yet',
  )
  // The run counted: a reporter's is the run it reports on, not its own.
  const thisRun = { id: ctx.reported.runId, attempt: ctx.reported.runAttempt || 1, conclusion: 'failing' }
  const runUrl = (id: number | string): string => `${ctx.serverUrl}/${ctx.repository}/actions/runs/${id}`
  await reportQuiet(runner, waitingSummary(wait, place, thisRun, runUrl), 'waiting')
}

async function reportDryRun(runner: Runner, plan: TicketPlan): Promise<void> {
  const description = sentDescription(plan)
  const printed = printRequest(plan, description)
  await runner.group('Dry run: nothing is sent. This request would be sent to LiveDesk:', async () =>
    runner.info(printed),
  )
  const short = summaryExcerpt(description)
  const cut = short !== description
  const outputsTrouble = writeOutputs(runner, { status: 'dry_run' })
  if (outputsTrouble)
    runner.warning(
      `Dry run: the step's outputs could not be written to ${outputsTrouble}.`,
      'LiveDesk ticket: outputs not written',
    )
  const summaryTrouble = await runner.appendSummary(dryRunSummary(cut ? printRequest(plan, short) : printed, cut))
  if (summaryTrouble) {
    runner.warning(
      `Dry run: the job summary could not be written to ${summaryTrouble}; the request is in the log above.`,
      'LiveDesk ticket: summary not written',
    )
  }
}

function nothingSummary(reason: string): string {
  return `### LiveDesk ticket: nothing to note\n\n${cell(reason)}\n`
}

/**
 * A chore's open ticket left as it is (when_open: skip): its id and link as outputs, status skipped
 * (dry_run for a dry run, which says the same in its summary); the notice went out with the record.
 */
async function reportSkipped(runner: Runner, plan: TicketPlan, skip: Extract<Action, { kind: 'skip' }>): Promise<void> {
  const url = ticketUrl(plan.settings.ticketUrlTemplate, skip.ticketId)
  if (plan.settings.dryRun) runner.info(`Dry run: ${skippedText(plan, skip)}`)
  await reportQuiet(runner, skippedSummary(skip.ticketId, url, skip.since, plan.settings.dryRun), {
    ticket_id: skip.ticketId,
    ...(url ? { ticket_url: url } : {}),
    status: plan.settings.dryRun ? 'dry_run' : 'skipped',
  })
}

/** The summary and outputs of a run that wrote nothing to LiveDesk, by design. */
async function reportQuiet(
  runner: Runner,
  summary: string,
  outputs: 'none' | 'waiting' | Record<string, string>,
): Promise<void> {
  // The outputs first: a warning about them is one of the summary's warnings.
  const outputsTrouble = writeOutputs(runner, typeof outputs === 'string' ? { status: outputs } : outputs)
  if (outputsTrouble) {
    runner.warning(
      `The step's outputs could not be written to ${outputsTrouble}; later steps cannot read status.`,
      'LiveDesk ticket: outputs not written',
    )
  }
  const summaryTrouble = await runner.appendSummary(summary)
  if (summaryTrouble)
    runner.warning(`The job summary could not be written to ${summaryTrouble}.`, 'LiveDesk ticket: summary not written')
}

/**
 * The outputs and summary of a ticket that exists. A runner file that cannot be written (a full
 * disk, a missing folder) is a warning that says the ticket exists: the id is in the log already.
 */
async function reportWritten(runner: Runner, plan: TicketPlan, ticket: WrittenTicket): Promise<void> {
  const { request, subject, action } = plan
  const context = { decision: decisionOf(plan, ticket), failedJobs: plan.failedJobs }
  const summary =
    ticket.verb === 'opened'
      ? createdSummary(request, ticket.id, ticket.url, context)
      : updatedSummary(ticket.verb, request.title, ticket.id, ticket.url, action, {
          ...context,
          issueNumber: subject.kind === 'issue' ? subject.number : undefined,
        })
  const status = ticket.verb === 'opened' ? 'created' : ticket.verb
  const outputsTrouble = writeOutputs(runner, {
    ticket_id: ticket.id,
    ...(ticket.url ? { ticket_url: ticket.url } : {}),
    status,
  })
  // The outputs' warning before the summary, which lists every warning of the run.
  if (outputsTrouble) {
    runner.warning(
      `LiveDesk ticket ${ticket.id} was ${ticket.verb}, but the step's outputs could not be written to ${outputsTrouble}. Later steps cannot read ticket_id or status; the ticket id is in this log.`,
      'LiveDesk ticket: outputs not written',
    )
  }
  const summaryTrouble = await runner.appendSummary(summary)
  if (summaryTrouble) {
    runner.warning(
      `LiveDesk ticket ${ticket.id} was ${ticket.verb}, but the job summary could not be written to ${summaryTrouble}.`,
      'LiveDesk ticket: summary not written',
    )
  }
}

/** Why the run wrote what it wrote, in a sentence for the summary. */
function decisionOf({ action, subject, chore, settings, lookupUnread }: TicketPlan, ticket: WrittenTicket): string {
  const about = subject.kind === 'issue' ? `issue #${subject.number}` : chore ? 'this chore' : 'this failure'
  if (ticket.verb === 'recovered') return `recovered: ${about}'s ticket was open, and the run passed.`
  if (action.kind === 'update') {
    if (action.why === 'issue') return `updated: ${about} already had this ticket.`
    if (action.why === 'due')
      return `updated: the chore came due again while its ticket is open (it now covers ${action.occurrence} periods; when_open: note).`
    return `updated: ${about}'s ticket is still open (occurrence ${action.occurrence}).`
  }
  const previous = action.kind === 'create' ? action.previous : undefined
  if (previous) return `opened: ${about}'s last ticket, ${previous.ticketId}, ${previous.why}; the new one names it.`
  if (lookupUnread) return 'opened: earlier tickets could not be looked up (see the warnings), so a new one was opened.'
  if (subject.kind === 'issue') return `opened: ${about} had no ticket yet.`
  if (settings.dedupeKey) return `opened: no open ticket was found under this dedupe_key.`
  if (settings.dedupe === 'branch') return 'opened: no open ticket was found for this workflow on this branch.'
  if (settings.dedupe === 'run') return 'opened: this run had no ticket yet (a re-run of it updates this one).'
  return 'opened: dedupe is off, so every run opens a ticket of its own.'
}

/** The exact request, headers included, with the credentials shown as ***. */
function printRequest(plan: TicketPlan, description: string): string {
  const update = plan.action.kind === 'update' ? plan.action : undefined
  const body = update ? { ...update.patch, description } : description ? { ...plan.request, description } : plan.request
  return displayJson({
    method: update ? 'PUT' : 'POST',
    url: endpoint(plan.settings.baseUrl, update ? ticketPath(update.ticketId) : TICKETS_PATH).href,
    headers: { Authorization: 'Basic ***', 'Content-Type': 'application/json; charset=utf-8' },
    body,
  })
}

/** The description the write would send: an update's (the ticket's, with its new entry), or the new ticket's. */
function sentDescription(plan: TicketPlan): string {
  const update = plan.action.kind === 'update' ? plan.action : undefined
  return (update ? update.patch.description : undefined) ?? plan.request.description ?? ''
}

/** The words of a run that failed: one ::error:: (or ::warning::) line, the summary, the status. */
export async function reportFailure(runner: Runner, err: unknown, known: KnownAtFailure): Promise<number> {
  const { plan, ticket } = known
  if (ticket && plan) {
    // The ticket exists: the step reports it, and what went wrong after it is a warning.
    runner.warning(
      `LiveDesk ticket ${ticket.id} was ${ticket.verb}, but then: ${describe(err, known)}`,
      'LiveDesk ticket: trouble after the ticket',
    )
    await reportWritten(runner, plan, ticket)
    return 0
  }
  const updating = plan?.action.kind === 'update' ? plan.action.ticketId : undefined
  const title =
    err instanceof InputError
      ? 'LiveDesk ticket: invalid input'
      : `LiveDesk ticket not ${updating ? 'updated' : 'opened'}`
  const reason = describe(err, known)
  return endFailed(runner, {
    reason,
    title,
    summary: failureSummaryOf(err, reason, known, updating),
    failOnError: failsOnError(known.explicit, known.settings),
  })
}

function describe(err: unknown, known: KnownAtFailure): string {
  if (err instanceof InputError) return `The LiveDesk ticket was not opened: ${err.message}`
  if (err instanceof TicketReadError) return describeReadError(err)
  if (err instanceof LiveDeskError) return describeWriteError(err, known)
  if (err instanceof IssueLinkError || err instanceof ChoreUnreadError) return err.message
  return `Unexpected error: ${message(err)}`
}

/** The job summary of a failure: the invalid inputs, or everything needed to file the ticket by hand. */
function failureSummaryOf(
  err: unknown,
  reason: string,
  known: KnownAtFailure,
  updating: string | undefined,
): string | undefined {
  if (err instanceof InputError) {
    return `### LiveDesk ticket NOT opened\n\nInvalid input; nothing was sent.\n\n${err.problems.map((p) => `- ${cell(p)}`).join('\n')}\n`
  }
  const request = known.plan?.request ?? known.request
  if (!request) return undefined
  return failureSummary({
    heading: updating ? `LiveDesk ticket ${updating} NOT updated` : 'LiveDesk ticket NOT opened',
    lead: updating
      ? 'What the update would have set (title, description, custom fields):'
      : 'Everything needed to file it by hand:',
    reason,
    request,
    descriptionFile: known.settings?.descriptionFile,
    descriptionBytes: known.settings?.descriptionBytes ?? 0,
  })
}

/** The ticket the subject already has could not be read: nothing was opened or changed. */
function describeReadError({ ticketId, failure, about }: TicketReadError): string {
  const status = failure.statusLine ? ` (${failure.statusLine})` : ''
  // An answer that trying again cannot change (one too large, say) is put right first.
  const rerun =
    failure.outcome === 'final' ? 're-run the job once that is put right' : 're-run the job when LiveDesk answers'
  return [
    `LiveDesk ticket ${ticketId}, which this ${about} already has, could not be read: ${failure.message}${status}`,
    ...failure.notes,
    failure.attempts > 1 ? `Tried ${failure.attempts} times.` : 'Tried once.',
    `Nothing was opened or changed, so there is no second ticket; ${rerun}.`,
  ].join(' ')
}

/** The ticket's write failed: what happened to it, and what to do. */
function describeWriteError(err: LiveDeskError, { plan }: KnownAtFailure): string {
  const issue = plan?.subject.kind === 'issue' ? plan.subject.number : undefined
  const updating = plan?.action.kind === 'update' ? plan.action.ticketId : undefined
  const head = updating
    ? `The LiveDesk ticket ${updating}${issue !== undefined ? ` (issue #${issue})` : ''} was not updated: ${err.message}`
    : `The LiveDesk ticket was not opened: ${err.message}`
  const parts = [
    head,
    ...(err.statusLine ? [`(${err.statusLine})`] : []),
    ...err.notes,
    err.attempts > 1 ? `Tried ${err.attempts} times.` : 'Tried once.',
  ]
  if (updating) parts.push(afterFailedUpdate(err, issue))
  else if (err.outcome === 'unknown') {
    const run = plan?.ctx.reported.runUrl ? ` with github_run_url ${plan.ctx.reported.runUrl}` : ''
    parts.push(
      `The outcome is unknown, so it was not sent again. Before re-running, look in LiveDesk for a ticket titled "${plan?.request.title ?? ''}"${run}.`,
    )
  } else parts.push('No ticket was created.')
  return parts.join(' ')
}

function afterFailedUpdate(err: LiveDeskError, issue: number | undefined): string {
  if (err.outcome === 'unknown')
    return 'The update may or may not have been applied; re-running the job repeats it safely.'
  if (err.status === 404 && issue !== undefined) {
    return `If the ticket was deleted in LiveDesk, delete the livedesk-ticket-action comment on issue #${issue}: the next event for the issue then opens a new ticket.`
  }
  return 'The ticket was not changed.'
}
