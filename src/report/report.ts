// report/ owns how a run ends in words: outputs, summary, the one error line; it must change nothing outside the step.
// How a run ends, in words: the outputs, the job summary and the log lines of an outcome or of a
// failure. Errors become words here, once.
import type { Outcome } from '../execute/execute.js'
import { InputError } from '../inputs/problems.js'
import type { Settings } from '../inputs/settings.js'
import { endpoint, TICKETS_PATH } from '../livedesk/client.js'
import { LiveDeskError } from '../livedesk/errors.js'
import type { TicketRequest } from '../livedesk/ticket.js'
import { IssueLinkError } from '../memory/issue-marker.js'
import type { Plan, RunRecord } from '../plan/plan.js'
import type { Runner } from '../runner/runner.js'
import { createdSummary, dryRunSummary, failureSummary, summaryExcerpt, updatedSummary } from './summary.js'

/** Outputs, summary and log lines of a run that did what it planned; returns the exit code. */
export async function reportOutcome(runner: Runner, plan: Plan, outcome: Outcome): Promise<number> {
  const { settings, request } = plan
  if (outcome.kind === 'dry_run') {
    const printed = printRequest(settings, plan)
    await runner.group('Dry run: nothing is sent. This request would be sent to LiveDesk:', async () => runner.info(printed))
    const short = summaryExcerpt(request.description ?? '')
    const cut = short !== (request.description ?? '')
    await runner.appendSummary(dryRunSummary(cut ? printRequest(settings, plan, { ...request, description: short }) : printed, cut))
    runner.setOutput('status', 'dry_run')
    return 0
  }
  runner.setOutput('ticket_id', outcome.ticketId)
  if (outcome.url) runner.setOutput('ticket_url', outcome.url)
  runner.setOutput('status', outcome.kind)
  if (outcome.kind === 'updated') {
    const from = plan.subject.kind === 'issue' ? plan.subject.number : undefined
    await runner.appendSummary(updatedSummary(request.title, outcome.ticketId, outcome.url, from))
  } else {
    await runner.appendSummary(createdSummary(request, outcome.ticketId, outcome.url))
  }
  return 0
}

/** The exact request, headers included, with the credentials shown as ***. */
function printRequest(settings: Settings, plan: Plan, request: TicketRequest = plan.request): string {
  const update = plan.action.kind === 'update' ? plan.action : undefined
  return JSON.stringify(
    {
      method: update ? 'PUT' : 'POST',
      url: endpoint(settings.baseUrl, update ? `${TICKETS_PATH}/${encodeURIComponent(update.ticketId)}` : TICKETS_PATH).href,
      headers: { Authorization: 'Basic ***', 'Content-Type': 'application/json; charset=utf-8' },
      body: update ? { ...update.patch, description: request.description ?? '' } : request,
    },
    null,
    2,
  )
}

/** fail_on_error as given, even when other inputs are invalid and no settings exist. */
function failsOnError(record: RunRecord): boolean {
  if (record.settings) return record.settings.failOnError
  return record.explicit?.fail_on_error !== false
}

/** The words of a run that failed: one ::error:: (or ::warning::) line, the summary, the status. */
export async function reportFailure(runner: Runner, err: unknown, record: RunRecord): Promise<number> {
  runner.setOutput('status', 'failed')
  const updating = record.action?.kind === 'update' ? record.action.ticketId : undefined
  let reason: string
  if (err instanceof InputError) {
    reason = `The LiveDesk ticket was not opened: ${err.message}`
    await runner.appendSummary(`### LiveDesk ticket NOT opened\n\nInvalid input; nothing was sent.\n\n${err.problems.map((p) => `- ${p.replace(/[<>|]/g, ' ')}`).join('\n')}\n`)
  } else {
    if (err instanceof LiveDeskError) reason = describeLiveDeskError(err, record)
    else if (err instanceof IssueLinkError) reason = err.message
    else reason = `Unexpected error: ${err instanceof Error ? err.message : String(err)}`
    if (record.request) {
      await runner.appendSummary(
        failureSummary({
          heading: updating ? `LiveDesk ticket ${updating} NOT updated` : 'LiveDesk ticket NOT opened',
          lead: updating ? 'What the update would have set (title, description, custom fields):' : 'Everything needed to file it by hand:',
          reason,
          request: record.request,
          descriptionFile: record.settings?.descriptionFile,
          descriptionBytes: record.settings?.descriptionBytes ?? 0,
        }),
      )
    }
  }
  const title = err instanceof InputError ? 'LiveDesk ticket: invalid input' : `LiveDesk ticket not ${updating ? 'updated' : 'opened'}`
  if (!failsOnError(record)) {
    runner.warning(`${reason} (fail_on_error is false, so the step passes.)`, title)
    return 0
  }
  runner.fail(reason, title)
  return 1
}

function describeLiveDeskError(err: LiveDeskError, record: RunRecord): string {
  const { action, request, ctx, subject } = record
  const issue = subject?.kind === 'issue' ? subject.number : undefined
  const updating = action?.kind === 'update' ? action.ticketId : undefined
  const parts = [updating ? `The LiveDesk ticket ${updating}${issue !== undefined ? ` (issue #${issue})` : ''} was not updated: ${err.message}` : `The LiveDesk ticket was not opened: ${err.message}`]
  if (err.statusLine) parts.push(`(${err.statusLine})`)
  parts.push(...err.notes, err.attempts > 1 ? `Tried ${err.attempts} times.` : 'Tried once.')
  if (updating) {
    if (err.outcome === 'unknown') parts.push('The update may or may not have been applied; re-running the job repeats it safely.')
    else if (err.status === 404 && issue !== undefined) parts.push(`If the ticket was deleted in LiveDesk, delete the livedesk-ticket-action comment on issue #${issue}: the next event for the issue then opens a new ticket.`)
    else parts.push('The ticket was not changed.')
  } else if (err.outcome === 'unknown') {
    const run = ctx?.runUrl ? ` with github_run_url ${ctx.runUrl}` : ''
    parts.push(`The outcome is unknown, so it was not sent again. Before re-running, look in LiveDesk for a ticket titled "${request?.title ?? ''}"${run}.`)
  } else {
    parts.push('No ticket was created.')
  }
  return parts.join(' ')
}
