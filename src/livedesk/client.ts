// livedesk/ owns LiveDesk's API: tickets, the envelope, its errors; it must not know GitHub, the inputs or the recipes.
// The ticket calls LiveDesk's API page documents: create, read, update. Each is one call (call.ts:
// its attempts, deadline and errors) and the reading of its answer's data.
import { call, type ClientOptions } from './call.js'
import { readConversation, type TicketMessage } from './conversation.js'
import { LiveDeskError } from './errors.js'
import { API_PATH, isUsableTicketId } from './ticket.js'
import { excerpt, isRecord } from '../text/server-text.js'

export const TICKETS_PATH = `${API_PATH}/accounts/tickets`

/** POST /api/v2/accounts/tickets → the new ticket's id. */
export async function createTicket(
  opts: ClientOptions,
  body: unknown,
): Promise<{ ticketId: string; attempts: number }> {
  const { value, attempts } = await call(opts, {
    method: 'POST',
    path: TICKETS_PATH,
    body,
    read: (res, data) => {
      const id = isRecord(data) ? data.ticket_id : undefined
      if (typeof id === 'string' && isUsableTicketId(id)) return id
      // LiveDesk said yes but the id is unusable: a ticket probably exists, so this is not retried.
      const what =
        id === undefined || id === null
          ? 'no ticket id'
          : typeof id === 'string'
            ? `an unusable ticket id (${JSON.stringify(excerpt(id, 40))})`
            : `a ticket id that is not text (${typeof id === 'number' ? 'a number' : typeof id === 'boolean' ? 'true or false' : Array.isArray(id) ? 'a list' : 'an object'})`
      throw new LiveDeskError(`LiveDesk reported success but returned ${what}; a ticket was probably created.`, {
        outcome: 'unknown',
        status: res.status,
      })
    },
  }).catch((err: unknown) => {
    throw atBaseUrl(err)
  })
  return { ticketId: value, attempts }
}

/** A create answered 404 or 405 went to no ticket endpoint: base_url's path is the likely mistake. */
function atBaseUrl(err: unknown): unknown {
  if (!(err instanceof LiveDeskError) || (err.status !== 404 && err.status !== 405)) return err
  return err.ending(err.attempts, [
    ...err.notes,
    `No ticket endpoint answered at base_url: check base_url, to which the action adds ${TICKETS_PATH} (give the host, and any prefix before /api/v2).`,
  ])
}

/** What GET /api/v2/accounts/tickets/{id} tells, read for the fields the action uses. */
export interface TicketState {
  /** As LiveDesk words it ('open' is the only value it documents); '' when it gives none. */
  status: string
  description: string
  /** Its custom fields that are text. */
  customFields: Record<string, string>
  /** Its tags, when it gives them (the create and update pages document tags on update only). */
  tags?: string[]
  /** Its conversation_list, the messages that could be read. */
  messages: TicketMessage[]
}

export type { TicketMessage }

/** GET /api/v2/accounts/tickets/{id}; a ticket LiveDesk no longer has is undefined (HTTP 404). */
export async function getTicket(opts: ClientOptions, ticketId: string): Promise<TicketState | undefined> {
  try {
    const { value } = await call(opts, {
      method: 'GET',
      path: ticketPath(ticketId),
      read: (_res, data) => readTicketState(data),
    })
    return value
  } catch (err) {
    if (err instanceof LiveDeskError && err.status === 404) return undefined
    throw err
  }
}

function readTicketState(data: unknown): TicketState {
  const d = isRecord(data) ? data : {}
  const fields = isRecord(d.custom_fields) ? d.custom_fields : {}
  const tags = Array.isArray(d.tags) ? d.tags.filter((t): t is string => typeof t === 'string') : undefined
  return {
    status: typeof d.status === 'string' ? d.status : '',
    description: typeof d.description === 'string' ? d.description : '',
    customFields: Object.fromEntries(
      Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    ...(tags ? { tags } : {}),
    messages: readConversation(d.conversation_list),
  }
}

/** PUT /api/v2/accounts/tickets/{id}. PUT is idempotent, so an unknown outcome may be retried. */
export async function updateTicket(
  opts: ClientOptions,
  ticketId: string,
  patch: unknown,
): Promise<{ attempts: number }> {
  const { attempts } = await call(opts, {
    method: 'PUT',
    path: ticketPath(ticketId),
    body: patch,
    read: () => undefined,
  })
  return { attempts }
}

/** /api/v2/accounts/tickets/<id>: one segment, whatever the id claims to be. */
export function ticketPath(ticketId: string): string {
  if (!isUsableTicketId(ticketId))
    throw new LiveDeskError(
      `The ticket id ${JSON.stringify(excerpt(ticketId, 40))} is not one path segment; nothing was sent.`,
      { outcome: 'final' },
    )
  return `${TICKETS_PATH}/${encodeURIComponent(ticketId)}`
}
