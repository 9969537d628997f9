// What a LiveDesk ticket is: the request body LiveDesk documents, its vocabulary, and the rules the
// action keeps for ids and descriptions. Knows nothing of GitHub or of the inputs.

/** LiveDesk's API, as its documents give it (one data center: Singapore). */
export const DEFAULT_BASE_URL = 'https://livedesk-api.engagelab.com'
/** The path of every API call, after the base URL. */
export const API_PATH = '/api/v2'

export const PRIORITIES = ['high', 'medium', 'low'] as const
export const TICKET_TYPES = ['problem', 'incident', 'question', 'task'] as const
export type Priority = (typeof PRIORITIES)[number]
export type TicketType = (typeof TICKET_TYPES)[number]

export interface Requester {
  euid?: string
  channel_contacts?: {
    channel_id: string
    contact_id: string
    sub_contact_id?: string
    followers?: { id: string; name?: string }[]
  }
}

/** The body of POST /api/v2/accounts/tickets. */
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

/** The body of PUT /api/v2/accounts/tickets/{id}: any of these. */
export type TicketPatch = Partial<
  Pick<TicketRequest, 'title' | 'description' | 'attachments' | 'priority' | 'ticket_type' | 'custom_fields'>
> & { tags?: string[] }

// 1-128 printable ASCII characters, none that a URL or a path gives a meaning to ("/", "\\", "?",
// "#", "%"), and not a dot segment: whatever LiveDesk or a marker comment says, the request path is
// /api/v2/accounts/tickets/<id> and nothing else.
const TICKET_ID = /^[\x21-\x7e]{1,128}$/
const STEERING = /[/\\?#%]|::/

/** A ticket id safe as one path segment, as an output, in a URL and in a comment. */
export function isUsableTicketId(id: string): boolean {
  return TICKET_ID.test(id) && !STEERING.test(id) && id !== '.' && id !== '..'
}

/** The link to a ticket, only when the user gave a template (LiveDesk documents no web URL). */
export function ticketUrl(template: string | undefined, ticketId: string): string | undefined {
  return template?.replace(/\{ticket_id\}/g, encodeURIComponent(ticketId))
}

/** The most a description may hold; longer text is cut with a visible note. */
export const DESCRIPTION_LIMIT_BYTES = 1024 * 1024
export const TRUNCATION_MARKER =
  '\n\n---\n**[Description cut at 1 MiB by the LiveDesk ticket action; the rest was not sent.]**'

/**
 * `text` if it fits in `limitBytes`, else cut to fit with the visible truncation marker. A cut never
 * falls inside a marker a cut before left in the text (a cut description with a section after it):
 * it moves to before that marker, so a ticket never shows half a note.
 */
export function fitDescription(text: string, limitBytes: number): string {
  if (Buffer.byteLength(text) <= limitBytes) return text
  const room = Math.max(0, limitBytes - Buffer.byteLength(TRUNCATION_MARKER))
  // Cut on a character boundary: decoding a partial UTF-8 sequence would add U+FFFD.
  let cut = Buffer.from(text).subarray(0, room).toString('utf8')
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1)
  const marker = text.lastIndexOf(TRUNCATION_MARKER, cut.length)
  if (marker >= 0 && marker + TRUNCATION_MARKER.length > cut.length) cut = cut.slice(0, marker)
  return cut + TRUNCATION_MARKER
}
