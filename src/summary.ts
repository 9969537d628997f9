// The job summary: what was opened, what would be sent, or everything needed to file it by hand.
import type { TicketRequest } from './ticket-request.js'

/** How much of the description a failure summary repeats (the summary holds 1 MiB per step). */
export const SUMMARY_DESCRIPTION_BYTES = 256 * 1024

/** Text for a Markdown table cell: no row breaks, no HTML. */
export function cell(text: string | undefined): string {
  if (!text) return '–'
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n/g, ' ')
}

/** A fenced block that no backtick run inside the text can close. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${lang}\n${text}\n${fence}`
}

function ticketTable(request: TicketRequest, ticketCell?: string): string {
  const rows: [string, string][] = []
  if (ticketCell) rows.push(['Ticket', ticketCell])
  rows.push(
    ['Title', cell(request.title)],
    ['Priority', cell(request.priority ?? 'LiveDesk default (medium)')],
    ['Type', cell(request.ticket_type ?? 'none')],
    ['Team', cell(request.assignment_team ?? 'none')],
  )
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| **${k}** | ${v} |`)].join('\n')
}

export function createdSummary(request: TicketRequest, ticketId: string, url: string | undefined, verb = 'opened'): string {
  const id = `\`${ticketId}\``
  return `### LiveDesk ticket ${verb}\n\n${ticketTable(request, url ? `[${id}](${url})` : id)}\n`
}

export function dryRunSummary(printedRequest: string): string {
  return `### LiveDesk ticket: dry run, nothing sent\n\nThis request would be sent:\n\n${fenced(printedRequest, 'json')}\n`
}

export interface FailureContext {
  reason: string
  request: TicketRequest
  descriptionFile?: string
  descriptionBytes: number
}

/** Everything needed to file the ticket by hand, no secrets. */
export function failureSummary(f: FailureContext): string {
  const { request } = f
  const parts = [
    '### LiveDesk ticket NOT opened',
    '',
    `**Reason:** ${cell(f.reason)}`,
    '',
    'Everything needed to file it by hand:',
    '',
    ticketTable(request),
  ]
  if (request.custom_fields && Object.keys(request.custom_fields).length > 0) {
    parts.push('', '**Custom fields**', '', fenced(JSON.stringify(request.custom_fields, null, 2), 'json'))
  }
  if (request.requester) parts.push('', '**Requester**', '', fenced(JSON.stringify(request.requester, null, 2), 'json'))
  if (request.attachments) parts.push('', '**Attachments**', '', ...request.attachments.map((a) => `- ${cell(a.file_url)}`))
  const description = request.description ?? ''
  if (description) {
    const shown = Buffer.from(description).subarray(0, SUMMARY_DESCRIPTION_BYTES).toString('utf8').replace(/\uFFFD$/, '')
    parts.push('', '**Description**', '', fenced(shown, 'markdown'))
    if (shown.length < description.length || f.descriptionBytes > Buffer.byteLength(description)) {
      const where = f.descriptionFile ? `the file \`${cell(f.descriptionFile)}\` in the workspace` : 'the step\'s description input'
      parts.push('', `_The first ${Buffer.byteLength(shown)} of ${f.descriptionBytes} bytes are shown; the whole text is in ${where}._`)
    }
  }
  return `${parts.join('\n')}\n`
}
