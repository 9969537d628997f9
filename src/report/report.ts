// report/ owns how a run ends in words: outputs, summary, the one error line; it must change nothing outside the step.
// How a run ends, in words: the outputs, the job summary and the log lines of an outcome or of a
// failure. Errors become words here, once.
import type { Done } from '../execute/execute.js'
import { InputError } from '../inputs/problems.js'
import { textValue } from '../inputs/read-inputs.js'
import type { Settings } from '../inputs/settings.js'
import { endpoint, ticketPath, TICKETS_PATH } from '../livedesk/client.js'
import { LiveDeskError } from '../livedesk/errors.js'
import type { TicketRequest } from '../livedesk/ticket.js'
import { IssueLinkError } from '../memory/issue-marker.js'
import type { RunRecord, TicketPlan } from '../plan/plan.js'
import { SyncError } from '../plan/sync-error.js'
import type { Runner } from '../runner/runner.js'
import { cell } from '../text/markdown.js'
import { displayJson } from '../text/server-text.js'
import { writeOutputs } from './outputs.js'
import { createdSummary, dryRunSummary, failureSummary, summaryExcerpt, updatedSummary } from './summary.js'

/** Outputs, summary and log lines of a run that did what it planned; returns the exit code. */
export async function reportOutcome(runner: Runner, done: Done): Promise<number> {
  if (done.kind === 'sync') return (await import('./sync.js')).reportSync(runner, done.outcome)
  const { plan, outcome } = done
  const { settings, request } = plan
  if (outcome.kind === 'dry_run') {
    const printed = printRequest(settings, plan)
    await runner.group('Dry run: nothing is sent. This request would be sent to LiveDesk:', async () =>
      runner.info(printed),
    )
    const short = summaryExcerpt(request.description ?? '')
    const cut = short !== (request.description ?? '')
    const summary = await runner.appendSummary(
      dryRunSummary(cut ? printRequest(settings, plan, { ...request, description: short }) : printed, cut),
    )
    if (summary)
      runner.warning(
        `Dry run: the job summary could not be written to ${summary}; the request is in the log above.`,
        'LiveDesk ticket: summary not written',
      )
    const outputs = writeOutputs(runner, { status: 'dry_run' })
    if (outputs)
      runner.warning(
        `Dry run: the step's outputs could not be written to ${outputs}.`,
        'LiveDesk ticket: outputs not written',
      )
    return 0
  }
  if (outcome.kind === 'none') {
    const summary = await runner.appendSummary(`### LiveDesk ticket: nothing to note\n\n${cell(outcome.reason)}\n`)
    if (summary)
      runner.warning(`The job summary could not be written to ${summary}.`, 'LiveDesk ticket: summary not written')
    const outputs = writeOutputs(runner, { status: 'none' })
    if (outputs)
      runner.warning(
        `The step's outputs could not be written to ${outputs}; later steps cannot read status.`,
        'LiveDesk ticket: outputs not written',
      )
    return 0
  }
  await reportTicket(
    runner,
    { id: outcome.ticketId, url: outcome.url, verb: outcome.kind === 'created' ? 'opened' : outcome.kind },
    plan,
  )
  return 0
}

/**
 * The outputs and summary of a ticket that exists. A runner file that cannot be written (a full
 * disk, a missing folder) is a warning that says the ticket exists: the id is in the log already.
 */
async function reportTicket(
  runner: Runner,
  ticket: NonNullable<RunRecord['ticket']>,
  record: Pick<RunRecord, 'request' | 'subject' | 'action'>,
): Promise<void> {
  const { request, subject } = record
  const summary = !request
    ? `### LiveDesk ticket ${ticket.verb}\n`
    : ticket.verb === 'opened'
      ? createdSummary(request, ticket.id, ticket.url)
      : updatedSummary(
          ticket.verb,
          request.title,
          ticket.id,
          ticket.url,
          record.action,
          subject?.kind === 'issue' ? subject.number : undefined,
        )
  const outputs = writeOutputs(runner, {
    ticket_id: ticket.id,
    ...(ticket.url ? { ticket_url: ticket.url } : {}),
    status: ticket.verb === 'opened' ? 'created' : ticket.verb,
  })
  const summaryTrouble = await runner.appendSummary(summary)
  if (outputs) {
    runner.warning(
      `LiveDesk ticket ${ticket.id} was ${ticket.verb}, but the step's outputs could not be written to ${outputs}. Later steps cannot read ticket_id or status; the ticket id is in this log.`,
      'LiveDesk ticket: outputs not written',
    )
  }
  if (summaryTrouble)
    runner.warning(
      `LiveDesk ticket ${ticket.id} was ${ticket.verb}, but the job summary could not be written to ${summaryTrouble}.`,
      'LiveDesk ticket: summary not written',
    )
}

/** The exact request, headers included, with the credentials shown as ***. */
function printRequest(settings: Settings, plan: TicketPlan, request: TicketRequest = plan.request): string {
  const update = plan.action.kind === 'update' ? plan.action : undefined
  return displayJson({
    method: update ? 'PUT' : 'POST',
    url: endpoint(settings.baseUrl, update ? ticketPath(update.ticketId) : TICKETS_PATH).href,
    headers: { Authorization: 'Basic ***', 'Content-Type': 'application/json; charset=utf-8' },
    body: update ? { ...update.patch, description: request.description ?? '' } : request,
  })
}

/** fail_on_error as given, even when other inputs are invalid and no settings exist. */
function failsOnError(record: RunRecord): boolean {
  if (record.settings) return record.settings.failOnError
  return record.explicit?.fail_on_error !== false
}

/** The words of a run that failed: one ::error:: (or ::warning::) line, the summary, the status. */
export async function reportFailure(runner: Runner, err: unknown, record: RunRecord): Promise<number> {
  const reason = describe(err, record)
  if (record.ticket) {
    // The ticket exists: the step reports it, and what went wrong after it is a warning.
    runner.warning(
      `LiveDesk ticket ${record.ticket.id} was ${record.ticket.verb}, but then: ${reason}`,
      'LiveDesk ticket: trouble after the ticket',
    )
    await reportTicket(runner, record.ticket, record)
    return 0
  }
  const outputs = writeOutputs(runner, { status: 'failed' })
  const updating = record.action?.kind === 'update' ? record.action.ticketId : undefined
  const summary = failureSummaryOf(err, reason, record, updating)
  if (summary) {
    const trouble = await runner.appendSummary(summary)
    if (trouble) {
      // Nothing is lost: what the summary would hold, to file the ticket by hand, goes to the log.
      runner.warning(
        `The job summary could not be written to ${trouble}; what it would hold follows in this log.`,
        'LiveDesk ticket: summary not written',
      )
      await runner.group('The job summary that could not be written', async () => runner.info(summary))
    }
  }
  if (outputs)
    runner.warning(
      `The step's outputs could not be written to ${outputs}; later steps cannot read status.`,
      'LiveDesk ticket: outputs not written',
    )
  const title =
    err instanceof InputError
      ? 'LiveDesk ticket: invalid input'
      : isSync(record)
        ? 'LiveDesk sync failed'
        : `LiveDesk ticket not ${updating ? 'updated' : 'opened'}`
  if (!failsOnError(record)) {
    runner.warning(`${reason} (fail_on_error is false, so the step passes.)`, title)
    return 0
  }
  runner.fail(reason, title)
  return 1
}

/** A sync run (sync: issues), known from its settings or, when they are invalid, from the input itself. */
function isSync(record: RunRecord): boolean {
  return record.sync === true || textValue(record.explicit?.sync) !== ''
}

function describe(err: unknown, record: RunRecord): string {
  if (err instanceof InputError)
    return `${isSync(record) ? 'Nothing was synced' : 'The LiveDesk ticket was not opened'}: ${err.message}`
  if (err instanceof LiveDeskError) return describeLiveDeskError(err, record)
  if (err instanceof IssueLinkError || err instanceof SyncError) return err.message
  return `Unexpected error: ${err instanceof Error ? err.message : String(err)}`
}

/** The job summary of a failure: the invalid inputs, or everything needed to file the ticket by hand. */
function failureSummaryOf(
  err: unknown,
  reason: string,
  record: RunRecord,
  updating: string | undefined,
): string | undefined {
  if (err instanceof InputError) {
    return `### ${isSync(record) ? 'LiveDesk sync: nothing synced' : 'LiveDesk ticket NOT opened'}\n\nInvalid input; nothing was sent.\n\n${err.problems.map((p) => `- ${cell(p)}`).join('\n')}\n`
  }
  if (isSync(record)) return `### LiveDesk sync failed\n\n**Reason:** ${cell(reason)}\n`
  if (!record.request) return undefined
  return failureSummary({
    heading: updating ? `LiveDesk ticket ${updating} NOT updated` : 'LiveDesk ticket NOT opened',
    lead: updating
      ? 'What the update would have set (title, description, custom fields):'
      : 'Everything needed to file it by hand:',
    reason,
    request: record.request,
    descriptionFile: record.settings?.descriptionFile,
    descriptionBytes: record.settings?.descriptionBytes ?? 0,
  })
}

function describeLiveDeskError(err: LiveDeskError, record: RunRecord): string {
  const { action, request, ctx, subject, reading } = record
  if (reading) {
    const status = err.statusLine ? ` (${err.statusLine})` : ''
    return [
      `LiveDesk ticket ${reading}, which this failure already has, could not be read: ${err.message}${status}`,
      ...err.notes,
      err.attempts > 1 ? `Tried ${err.attempts} times.` : 'Tried once.',
      `Nothing was opened or changed, so there is no second ticket; re-run the job ${err.outcome === 'final' ? 'once that is put right' : 'when LiveDesk answers'}.`,
    ].join(' ')
  }
  const issue = subject?.kind === 'issue' ? subject.number : undefined
  const updating = action?.kind === 'update' ? action.ticketId : undefined
  const parts = [
    updating
      ? `The LiveDesk ticket ${updating}${issue !== undefined ? ` (issue #${issue})` : ''} was not updated: ${err.message}`
      : `The LiveDesk ticket was not opened: ${err.message}`,
  ]
  if (err.statusLine) parts.push(`(${err.statusLine})`)
  parts.push(...err.notes, err.attempts > 1 ? `Tried ${err.attempts} times.` : 'Tried once.')
  if (updating) {
    if (err.outcome === 'unknown')
      parts.push('The update may or may not have been applied; re-running the job repeats it safely.')
    else if (err.status === 404 && issue !== undefined)
      parts.push(
        `If the ticket was deleted in LiveDesk, delete the livedesk-ticket-action comment on issue #${issue}: the next event for the issue then opens a new ticket.`,
      )
    else parts.push('The ticket was not changed.')
  } else if (err.outcome === 'unknown') {
    const run = ctx?.runUrl ? ` with github_run_url ${ctx.runUrl}` : ''
    parts.push(
      `The outcome is unknown, so it was not sent again. Before re-running, look in LiveDesk for a ticket titled "${request?.title ?? ''}"${run}.`,
    )
  } else {
    parts.push('No ticket was created.')
  }
  return parts.join(' ')
}
