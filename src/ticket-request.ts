// settings + context → the body LiveDesk receives. Pure: tests call it with plain objects.
import type { Priority, Requester, Settings, TicketType } from './settings.js'

export interface TicketRequest {
  title: string
  description?: string
  attachments?: { file_url: string }[]
  requester: Requester
  submitter?: { id: string }
  assignment_team?: string
  priority?: Priority
  ticket_type?: TicketType
  custom_fields?: Record<string, string>
}

/**
 * Custom fields: the context's, then the recipe's (github_issue_*, sent even with context_fields
 * false: the mirror needs them), then the user's: a key the user sets wins.
 */
export function buildTicketRequest(settings: Settings, context: Record<string, string>, recipe: Record<string, string> = {}): TicketRequest {
  const customFields = { ...(settings.contextFields ? context : {}), ...recipe, ...settings.customFields }
  const request: TicketRequest = { title: settings.title, requester: settings.requester }
  if (settings.description) request.description = settings.description
  if (settings.attachments.length > 0) request.attachments = settings.attachments.map((file_url) => ({ file_url }))
  if (settings.submitterId) request.submitter = { id: settings.submitterId }
  if (settings.assignmentTeam) request.assignment_team = settings.assignmentTeam
  if (settings.priority) request.priority = settings.priority
  if (settings.ticketType) request.ticket_type = settings.ticketType
  if (Object.keys(customFields).length > 0) request.custom_fields = customFields
  return request
}

const TICKET_ID = /^[\x21-\x7e]{1,128}$/

/** A ticket id safe as an output, in a URL and in a comment: 1-128 printable characters, no "::". */
export function isUsableTicketId(id: string): boolean {
  return TICKET_ID.test(id) && !id.includes('::')
}

/** The link to a ticket, only when the user gave a template (LiveDesk documents no web URL). */
export function ticketUrl(template: string | undefined, ticketId: string): string | undefined {
  return template?.replace(/\{ticket_id\}/g, encodeURIComponent(ticketId))
}
