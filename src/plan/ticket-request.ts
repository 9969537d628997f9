// settings + the run's context + a recipe's fields → the body LiveDesk receives. Pure: tests call it
// with plain objects.
import type { Settings } from '../inputs/settings.js'
import { DESCRIPTION_LIMIT_BYTES, fitDescription, type TicketPatch, type TicketRequest } from '../livedesk/ticket.js'

/**
 * Custom fields: the context's, then the recipe's (github_issue_*, sent even with context_fields
 * false: the mirror needs them), then the user's: a key the user sets wins.
 */
export function buildTicketRequest(
  settings: Settings,
  context: Record<string, string>,
  recipe: Record<string, string> = {},
): TicketRequest {
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

/**
 * The request with `section` after its description and `fields` among its custom fields. The section
 * is kept whole; the text before it gives way so that the whole stays within 1 MiB (`cut` says so).
 */
export function withSection(
  request: TicketRequest,
  section: string,
  fields: Record<string, string>,
): { request: TicketRequest; cut: boolean } {
  const room = DESCRIPTION_LIMIT_BYTES - Buffer.byteLength(section) - 2
  const before = request.description ?? ''
  const head = before ? fitDescription(before, room) : ''
  return {
    request: {
      ...request,
      description: head ? `${head}\n\n${section}` : section,
      custom_fields: { ...request.custom_fields, ...fields },
    },
    cut: head !== before,
  }
}

/** What a later event of a mirrored issue changes; priority, type and team stay as the desk set them. */
export function issueUpdate(request: TicketRequest): TicketPatch {
  return { title: request.title, description: request.description ?? '', custom_fields: request.custom_fields }
}
