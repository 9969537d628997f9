// The job summary: what was opened, what would be sent, or everything needed to file it by hand.
import type { TicketRequest } from '../livedesk/ticket.js'
import type { Action } from '../plan/decide.js'
import type { Streak } from '../plan/streak.js'
import { cell, codeText, fenced, quietCell } from '../text/markdown.js'
import { displayJson } from '../text/server-text.js'

/** How much of the description a failure summary repeats (the summary holds 1 MiB per step). */
export const SUMMARY_DESCRIPTION_BYTES = 256 * 1024

/** Custom fields shown in a summary at most (a ticket may carry 2,000), each value cut to a cell. */
const FIELDS_SHOWN = 60
const VALUE_CHARS = 300

/** The ticket's table; `requester`: a row for it (a failure's summary shows the whole requester apart). */
function ticketTable(request: TicketRequest, ticketCell?: string, { requester = true } = {}): string {
  const rows: [string, string][] = []
  if (ticketCell) rows.push(['Ticket', ticketCell])
  rows.push(
    ['Title', cell(request.title)],
    ['Priority', cell(request.priority ?? 'LiveDesk default (medium)')],
    ['Type', cell(request.ticket_type ?? 'none')],
    ['Team', cell(request.assignment_team ?? 'none')],
  )
  if (requester && request.requester) rows.push(['Requester', requesterCell(request.requester)])
  return table(rows)
}

function table(rows: [string, string][]): string {
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| **${k}** | ${v} |`)].join('\n')
}

/** "euid contact_1" or "channel web, contact c_7": who the ticket is for, as sent. */
function requesterCell(requester: NonNullable<TicketRequest['requester']>): string {
  const parts: string[] = []
  if (requester.euid) parts.push(`euid ${requester.euid}`)
  const contact = requester.channel_contacts
  if (contact) parts.push(`channel ${contact.channel_id}, contact ${contact.contact_id}`)
  return cell(parts.join('; ') || 'none')
}

/** The custom fields sent, a row each (the first FIELDS_SHOWN), or '' when none. */
function fieldsTable(fields: Record<string, string> | undefined): string {
  const entries = Object.entries(fields ?? {})
  if (entries.length === 0) return ''
  const rows = entries.slice(0, FIELDS_SHOWN).map(([k, v]) => `| ${cell(k, 100)} | ${cell(v, VALUE_CHARS)} |`)
  const more = entries.length > FIELDS_SHOWN ? `\n\n_and ${entries.length - FIELDS_SHOWN} more._` : ''
  return `**Custom fields** sent:\n\n| Field | Value |\n|---|---|\n${rows.join('\n')}${more}`
}

function ticketCell(ticketId: string, url: string | undefined): string {
  const id = `\`${codeText(ticketId)}\``
  return url ? `[${id}](${url})` : id
}

/** What a summary of a ticket written says besides its table: why, and what the run found. */
export interface SummaryContext {
  /** Why the ticket was opened or updated, in a sentence. */
  decision: string
  /** The failed jobs' section, as the ticket has it, when the run listed some. */
  failedJobs?: string
}

/** The failed jobs as the ticket lists them, under a heading of the summary's level. */
function failedJobsPart(section: string | undefined): string {
  return section ? section.replace(/^### Failed jobs\n/, '**Failed jobs** listed in the ticket:\n') : ''
}

export function createdSummary(
  request: TicketRequest,
  ticketId: string,
  url: string | undefined,
  context: SummaryContext,
): string {
  const parts = [
    '### LiveDesk ticket opened',
    `**Decision:** ${context.decision}`,
    ticketTable(request, ticketCell(ticketId, url)),
    fieldsTable(request.custom_fields),
    failedJobsPart(context.failedJobs),
  ]
  return `${parts.filter(Boolean).join('\n\n')}\n`
}

/** An update changes title, description and custom fields only: the table shows no more. */
export function updatedSummary(
  verb: 'updated' | 'recovered',
  title: string,
  ticketId: string,
  url: string | undefined,
  action: Action | undefined,
  context: SummaryContext & { issueNumber?: number },
): string {
  const why = action?.kind === 'update' ? action.why : undefined
  const count = action?.kind === 'update' ? (action.occurrence ?? '') : ''
  const what =
    verb === 'recovered'
      ? 'a "Recovered" entry in the description, and the tag recovered'
      : why === 'again'
        ? `a "Failed again" entry in the description; github_occurrences ${count} and this run's context fields`
        : why === 'due'
          ? `a "Due again" entry in the description (the chore came due while its ticket was open); github_periods_due ${count} and this run's context fields`
          : `title, description and custom fields${context.issueNumber !== undefined ? ` from issue #${context.issueNumber}` : ''}`
  const fields = action?.kind === 'update' ? action.patch.custom_fields : undefined
  const parts = [
    `### LiveDesk ticket ${verb}`,
    `**Decision:** ${context.decision}`,
    table([
      ['Ticket', ticketCell(ticketId, url)],
      ['Title', cell(title)],
      ['Updated', what],
    ]),
    verb === 'recovered' ? '' : fieldsTable(fields),
    failedJobsPart(context.failedJobs),
  ]
  return `${parts.filter(Boolean).join('\n\n')}\n`
}

/** A chore's open ticket left as it is (when_open: skip). */
export function skippedSummary(
  ticketId: string,
  url: string | undefined,
  since: string | undefined,
  dryRun: boolean,
): string {
  const rows = [
    ['Ticket', ticketCell(ticketId, url)],
    ['Open since', cell(since ?? 'an earlier period')],
    ['Decision', 'The chore came due again while its ticket is open: when_open: skip writes nothing.'],
  ]
  const heading = dryRun
    ? 'LiveDesk ticket: dry run, still open, nothing would be sent'
    : 'LiveDesk ticket: still open, nothing sent'
  return `### ${heading}\n\n${['| | |', '|---|---|', ...rows.map(([k, v]) => `| **${k}** | ${v} |`)].join('\n')}\n`
}

/** A run of the streak in the summary's table: its number links to its page. */
export interface ShownRun {
  id: number | string
  attempt: number | string
  conclusion: string
}

/**
 * A ticket that waits (open_after): the count, where it is counted ("on main"), and the runs that make
 * it, this one first; `runUrl` links a run's page.
 */
export function waitingSummary(
  wait: { streak: Streak; openAfter: number },
  place: string,
  thisRun: ShownRun,
  runUrl: (id: number | string) => string,
): string {
  const { streak, openAfter } = wait
  const row = (r: ShownRun, note = ''): string =>
    `| [${r.id}](${runUrl(r.id)})${note} | ${r.attempt} | ${cell(r.conclusion)} |`
  const before = streak.after
    ? `Before them, run [${streak.after.id}](${runUrl(streak.after.id)}) passed.`
    : 'No earlier run is listed as passed.'
  return [
    `### LiveDesk ticket: not yet (failure ${streak.count} of ${openAfter} in a row)`,
    '',
    `Failure ${streak.count} of ${openAfter} in a row ${quietCell(place)}: a ticket opens at failure ${openAfter} (open_after: ${openAfter}), unless a run passes first. Nothing was sent to LiveDesk.`,
    '',
    '| Run | Attempt | Conclusion |',
    '|---|---|---|',
    row(thisRun, ' (this run)'),
    ...streak.earlier.map((r) => row(r)),
    '',
    `${before} Cancelled and skipped runs neither count nor end the streak.`,
    '',
  ].join('\n')
}

/** `printedRequest` is the request as printed, its description cut to what a summary can hold. */
export function dryRunSummary(printedRequest: string, descriptionCut: boolean): string {
  const note = descriptionCut
    ? `\n\n_The description is shown up to ${SUMMARY_DESCRIPTION_BYTES / 1024} KiB here; the step's log has the whole request._`
    : ''
  return `### LiveDesk ticket: dry run, nothing sent\n\nThis request would be sent:\n\n${fenced(printedRequest, 'json')}${note}\n`
}

/** The first SUMMARY_DESCRIPTION_BYTES of a text, on a character boundary. */
export function summaryExcerpt(text: string): string {
  if (Buffer.byteLength(text) <= SUMMARY_DESCRIPTION_BYTES) return text
  return Buffer.from(text)
    .subarray(0, SUMMARY_DESCRIPTION_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
}

export interface FailureContext {
  /** e.g. "LiveDesk ticket NOT opened" */
  heading: string
  /** What the request below is for, e.g. "Everything needed to file it by hand:" */
  lead: string
  reason: string
  request: TicketRequest
  descriptionFile?: string
  descriptionBytes: number
}

/** Everything needed to file the ticket by hand, no secrets. */
export function failureSummary(f: FailureContext): string {
  const { request } = f
  const parts = [
    `### ${f.heading}`,
    '',
    `**Reason:** ${cell(f.reason)}`,
    '',
    f.lead,
    '',
    ticketTable(request, undefined, { requester: false }),
  ]
  if (request.custom_fields && Object.keys(request.custom_fields).length > 0) {
    parts.push('', '**Custom fields**', '', fenced(displayJson(request.custom_fields), 'json'))
  }
  if (request.requester) parts.push('', '**Requester**', '', fenced(displayJson(request.requester), 'json'))
  if (request.attachments)
    parts.push('', '**Attachments**', '', ...request.attachments.map((a) => `- ${cell(a.file_url)}`))
  const description = request.description ?? ''
  if (description) {
    const shown = summaryExcerpt(description)
    parts.push('', '**Description**', '', fenced(shown, 'markdown'))
    if (shown.length < description.length || f.descriptionBytes > Buffer.byteLength(description)) {
      const where = f.descriptionFile
        ? `was in \`${codeText(f.descriptionFile)}\`; the workspace is gone when the job ends, so keep such files with actions/upload-artifact`
        : "is in the step's description input"
      parts.push(
        '',
        `_The first ${Buffer.byteLength(shown)} of ${f.descriptionBytes} bytes are shown; the whole text ${where}._`,
      )
    }
  }
  return `${parts.join('\n')}\n`
}
