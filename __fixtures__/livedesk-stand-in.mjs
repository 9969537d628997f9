// @ts-check
// A LiveDesk stand-in on 127.0.0.1 that checks the documented contract of the ticket API:
// path, Basic auth, JSON, required fields and allowed values. Used by the demo, the tests and the
// benchmark. Answers in LiveDesk's envelope: {code, message, data}. JavaScript, as `npm run demo`,
// `npm run stand-in` and the CI self-test (plain node, no dependencies) use it too.
import { replyJson, startRecordingServer } from './recording-server.mjs'

/** @typedef {import('./recording-server.mjs').RecordedRequest} RecordedRequest */
/** @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, raw: string) => void} Handler */

/**
 * @typedef {object} LiveDeskStandIn
 * @property {string} url
 * @property {RecordedRequest[]} requests
 * @property {Map<string, any>} tickets The stored tickets, as JSON.
 * @property {Handler[]} overrides Handlers tried first, one per request, for fault tests.
 * @property {Map<string, number | 'hang'>} ticketFaults Tickets whose every GET fails: an HTTP status to answer, or 'hang' (never answers).
 * @property {(method: string, handle: Handler) => void} faultOnce Answers the next request of `method` with `handle` (once); other requests go on as usual.
 * @property {string} expectedAuth
 * @property {() => RecordedRequest[]} creates Requests that created a ticket (POST to the tickets path).
 * @property {() => RecordedRequest[]} posts Every POST, whatever its path.
 * @property {() => RecordedRequest[]} puts Every PUT, whatever its path.
 * @property {() => void} reset Forgets every request, queued override and ticket: a clean stand-in for the next test.
 * @property {() => Promise<void>} close
 */

const PRIORITIES = ['high', 'medium', 'low']
const TICKET_TYPES = ['problem', 'incident', 'question', 'task']
const CREATE_FIELDS = [
  'title',
  'description',
  'attachments',
  'requester',
  'submitter',
  'assignment_team',
  'priority',
  'ticket_type',
  'custom_fields',
]
const UPDATE_FIELDS = ['title', 'description', 'attachments', 'priority', 'ticket_type', 'custom_fields', 'tags']
const TICKETS = '/api/v2/accounts/tickets'

/**
 * @param {{ apiKey?: string, apiSecret?: string, port?: number, onRequest?: (recorded: RecordedRequest) => void }} [options]
 * @returns {Promise<LiveDeskStandIn>}
 */
export async function startLiveDeskStandIn(options = {}) {
  const apiKey = options.apiKey ?? 'demo-key'
  const apiSecret = options.apiSecret ?? 'demo-secret'
  const expectedAuth = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`
  /** @type {Map<string, any>} */
  const tickets = new Map()
  /** @type {Handler[]} */
  const overrides = []
  /** @type {{ method: string, handle: Handler }[]} One-shot handlers for the first request of a method. */
  const faults = []
  /** @type {Map<string, number | 'hang'>} */
  const ticketFaults = new Map()
  let counter = 0

  /** @typedef {import('node:http').ServerResponse} Response */
  const reply = (/** @type {Response} */ res, /** @type {number} */ status, /** @type {unknown} */ payload) =>
    replyJson(res, status, payload)
  /** @param {Response} res @param {number} status @param {number} code @param {string} message */
  const error = (res, status, code, message) => reply(res, status, { code, message })

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {Response} res
   * @param {string} raw
   * @param {any} body
   */
  function handle(req, res, raw, body) {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    if (req.headers.authorization !== expectedAuth)
      return error(res, 401, 2001, 'Authentication failed: invalid API key or secret')
    const match = url.pathname.match(/^\/api\/v2\/accounts\/tickets(?:\/([^/]+))?$/)
    if (!match) return error(res, 404, 4001, `No such API: ${req.method} ${url.pathname}`)
    const id = match[1] ? decodeURIComponent(match[1]) : undefined
    if (req.method === 'GET' && id && ticketFaults.has(id)) {
      const fault = /** @type {number | 'hang'} */ (ticketFaults.get(id))
      if (fault === 'hang') return
      return error(res, fault, 1000, 'Internal error')
    }
    if (req.method === 'GET' && id) {
      const ticket = tickets.get(id)
      return ticket
        ? reply(res, 200, { code: 0, message: 'Success', data: ticket })
        : error(res, 404, 4001, `Ticket ${id} not found`)
    }
    if (req.method !== 'POST' && req.method !== 'PUT') return error(res, 405, 3002, `Method ${req.method} not allowed`)
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
      return error(res, 400, 3001, 'Content-Type must be application/json')
    if (body === undefined || typeof body !== 'object' || Array.isArray(body) || body === null)
      return error(res, 400, 3001, `Invalid JSON body: ${raw.slice(0, 40)}`)
    const problem = req.method === 'POST' && !id ? checkCreate(body) : id ? checkUpdate(body) : 'PUT needs a ticket id'
    if (problem) return error(res, 400, 3002, `Invalid parameters: ${problem}`)
    if (req.method === 'POST') {
      counter += 1
      const ticketId = `tk_${new Date().toISOString().slice(0, 10).replace(/-/g, '')}_${String(counter).padStart(6, '0')}`
      tickets.set(ticketId, { ticket_id: ticketId, status: 'open', priority: body.priority ?? 'medium', ...body })
      return reply(res, 200, {
        code: 0,
        message: 'Success',
        data: { ticket_id: ticketId, message: 'Ticket created successfully' },
      })
    }
    // A PUT without an id was refused above.
    const ticket = tickets.get(/** @type {string} */ (id))
    if (!ticket) return error(res, 404, 4001, `Ticket ${id} not found`)
    Object.assign(ticket, body)
    return reply(res, 200, {
      code: 0,
      message: 'Success',
      data: { ticket_id: id, message: 'Ticket updated successfully' },
    })
  }

  const server = await startRecordingServer((req, res, recorded) => {
    const { body, raw } = recorded
    // Before the answer: whoever records requests has them by the time the client has its answer.
    options.onRequest?.(recorded)
    const override = overrides.shift()
    if (override) return override(req, res, raw)
    const fault = faults.findIndex((f) => f.method === req.method)
    if (fault >= 0) return faults.splice(fault, 1)[0].handle(req, res, raw)
    handle(req, res, raw, body)
  }, options)
  const requests = server.requests
  return {
    url: server.url,
    requests,
    tickets,
    overrides,
    ticketFaults,
    faultOnce(/** @type {string} */ method, /** @type {Handler} */ handle) {
      faults.push({ method, handle })
    },
    expectedAuth,
    reset() {
      requests.length = 0
      overrides.length = 0
      faults.length = 0
      tickets.clear()
      ticketFaults.clear()
    },
    creates: () => requests.filter((r) => r.method === 'POST' && r.path === TICKETS),
    posts: () => requests.filter((r) => r.method === 'POST'),
    puts: () => requests.filter((r) => r.method === 'PUT'),
    close: server.close,
  }
}

/** @param {any} body */
function checkCreate(body) {
  const unknown = Object.keys(body).filter((k) => !CREATE_FIELDS.includes(k))
  if (unknown.length) return `unknown field ${unknown.join(', ')}`
  if (typeof body.title !== 'string' || body.title.trim() === '') return 'title is required'
  if (body.description !== undefined && typeof body.description !== 'string') return 'description must be a string'
  const r = body.requester
  if (!r || typeof r !== 'object') return 'requester is required'
  if (r.euid === undefined && r.channel_contacts === undefined) return 'requester needs euid or channel_contacts'
  if (r.euid !== undefined && typeof r.euid !== 'string') return 'requester.euid must be a string'
  if (r.channel_contacts !== undefined) {
    const c = r.channel_contacts
    if (typeof c.channel_id !== 'string' || typeof c.contact_id !== 'string')
      return 'channel_contacts needs channel_id and contact_id strings'
    if (
      c.followers !== undefined &&
      (!Array.isArray(c.followers) || c.followers.some((/** @type {any} */ f) => typeof f.id !== 'string'))
    )
      return 'followers must be [{id, name}]'
  }
  if (body.submitter !== undefined && typeof body.submitter?.id !== 'string') return 'submitter.id must be a string'
  if (body.assignment_team !== undefined && typeof body.assignment_team !== 'string')
    return 'assignment_team must be a string'
  return checkShared(body)
}

/** @param {any} body */
function checkUpdate(body) {
  const unknown = Object.keys(body).filter((k) => !UPDATE_FIELDS.includes(k))
  if (unknown.length) return `unknown field ${unknown.join(', ')}`
  if (body.title !== undefined && (typeof body.title !== 'string' || body.title.trim() === ''))
    return 'title must be a non-empty string'
  if (body.tags !== undefined && !Array.isArray(body.tags)) return 'tags must be an array'
  return checkShared(body)
}

/** @param {any} body */
function checkShared(body) {
  if (body.priority !== undefined && !PRIORITIES.includes(body.priority))
    return `priority must be one of ${PRIORITIES.join('/')}`
  if (body.ticket_type !== undefined && !TICKET_TYPES.includes(body.ticket_type))
    return `ticket_type must be one of ${TICKET_TYPES.join('/')}`
  if (
    body.attachments !== undefined &&
    (!Array.isArray(body.attachments) ||
      body.attachments.some((/** @type {any} */ a) => typeof a?.file_url !== 'string'))
  )
    return 'attachments must be [{file_url}]'
  if (
    body.custom_fields !== undefined &&
    (typeof body.custom_fields !== 'object' || Array.isArray(body.custom_fields) || body.custom_fields === null)
  )
    return 'custom_fields must be an object'
  return undefined
}
