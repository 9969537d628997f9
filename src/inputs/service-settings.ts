// The service family: where LiveDesk is (base_url), how a ticket's link is made, how long a call may
// take and how often it is tried again. The URLs a user gives are https, or plain http to this
// machine only, and never carry a user name or password.
import { isHttpsOrLoopback } from '../http/loopback.js'
import { API_PATH, DEFAULT_BASE_URL } from '../livedesk/ticket.js'
import { clip, InputProblem } from './problems.js'
import type { InputReader } from './read-inputs.js'

export interface ServiceSettings {
  baseUrl: URL
  ticketUrlTemplate?: string
  timeoutMs: number
  maxRetries: number
}

const TIMEOUT_SECONDS = { min: 1, max: 3600, fallback: 30 }

export function readServiceSettings(input: InputReader): ServiceSettings {
  const { problems } = input
  const baseUrl = problems.check(
    () => parseServiceUrl('base_url', input.text('base_url') || DEFAULT_BASE_URL),
    new URL(DEFAULT_BASE_URL),
  )
  const ticketUrlTemplate = problems.check(() => parseTicketUrlTemplate(input.text('ticket_url_template')), undefined)
  const timeoutSeconds = input.number('timeout_seconds', TIMEOUT_SECONDS)
  const maxRetries = input.number('max_retries', { min: 0, max: 10, whole: true, fallback: 3 })
  return { baseUrl, ticketUrlTemplate, timeoutMs: Math.round(timeoutSeconds * 1000), maxRetries }
}

// "user[:password]@" before the host, with or without a scheme or "//": "svc:hunter2@host:8080" is a
// URL with the scheme "svc:" to the URL parser, and a password to anyone reading it.
const USER_INFO = /^(?:[a-z][a-z0-9+.-]*:)?(?:\/\/)?[^/?#\s@]*@/i

/** Whether a URL-like value names a user or password in any form. */
export function hasUserInfo(value: string): boolean {
  return USER_INFO.test(value)
}

/** A URL-like value shown back in a message: short, one line, and never its user name or password. */
export function clipUrl(value: string): string {
  return clip(value.replace(USER_INFO, (m) => m.replace(/[^/:]*:?[^/:]*@$/, '***@')))
}

/** https, or http to loopback only (the demo and the tests); no credentials, query or fragment. */
export function parseServiceUrl(name: string, value: string): URL {
  if (hasUserInfo(value)) {
    throw new InputProblem(
      `${name}: must not contain a user name or password; the credentials go in api_key and api_secret.`,
    )
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputProblem(
      `${name}: "${clipUrl(value)}" is not a URL. Expected https://host[/path], e.g. ${DEFAULT_BASE_URL}.`,
    )
  }
  if (url.username || url.password) {
    throw new InputProblem(
      `${name}: must not contain a user name or password; the credentials go in api_key and api_secret.`,
    )
  }
  if (!isHttpsOrLoopback(url)) {
    throw new InputProblem(
      `${name}: "${clipUrl(value)}" must use https:// (plain http:// is allowed only to 127.0.0.1, ::1 or localhost).`,
    )
  }
  if (url.search || url.hash) {
    throw new InputProblem(`${name}: must not contain a query (?…) or fragment (#…).`)
  }
  return withoutApiPath(url)
}

/**
 * The base URL before LiveDesk's API path: "https://livedesk-api.engagelab.com/api/v2" and whatever
 * follows it ("/accounts/tickets", as LiveDesk's page gives the endpoint), in any case, is left out,
 * which leaves the host and any prefix before /api/v2: the action adds the API's path itself.
 */
function withoutApiPath(url: URL): URL {
  const at = url.pathname.search(new RegExp(`${API_PATH}(?:/.*)?$`, 'i'))
  if (at < 0) return url
  const base = new URL(url.href)
  base.pathname = url.pathname.slice(0, at) || '/'
  return base
}

// A URL as the runner's outputs and Markdown links need it: nothing the URL parser would encode,
// strip or turn into a second line.
const NOT_IN_ONE_URL =
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  /[\s\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff"<>`\\^{}|]/

// A ticket's link goes into issue comments, which GitHub takes up to 65,536 characters (the sync's
// replies get what their link leaves): 2,000 is as long as a link that every browser opens.
const LINK_CHARS = 2000
// A usable ticket id (livedesk/ticket.ts) is at most 128 ASCII characters: 384 once URL-encoded.
const ENCODED_ID_CHARS = 3 * 128

export function parseTicketUrlTemplate(value: string): string | undefined {
  if (value === '') return undefined
  if (NOT_IN_ONE_URL.test(value.replace(/\{ticket_id\}/g, ''))) {
    throw new InputProblem(
      'ticket_url_template: must be one URL without spaces, line breaks, quotes, angle brackets or control characters, e.g. https://your-console.example/tickets/{ticket_id}.',
    )
  }
  if (!value.includes('{ticket_id}')) {
    throw new InputProblem(
      'ticket_url_template: must contain {ticket_id}, e.g. https://your-console.example/tickets/{ticket_id}.',
    )
  }
  const longest = value.length + (value.split('{ticket_id}').length - 1) * (ENCODED_ID_CHARS - '{ticket_id}'.length)
  if (longest > LINK_CHARS) {
    throw new InputProblem(
      `ticket_url_template: is too long: a ticket's link could be ${longest} characters (a ticket id takes up to ${ENCODED_ID_CHARS} once URL-encoded); at most ${LINK_CHARS} are allowed.`,
    )
  }
  if (hasUserInfo(value)) throw new InputProblem('ticket_url_template: must not contain a user name or password.')
  let url: URL
  try {
    url = new URL(value.replace(/\{ticket_id\}/g, 'x'))
  } catch {
    throw new InputProblem(`ticket_url_template: "${clipUrl(value)}" is not a URL.`)
  }
  if (url.username || url.password)
    throw new InputProblem('ticket_url_template: must not contain a user name or password.')
  if (!isHttpsOrLoopback(url)) {
    throw new InputProblem('ticket_url_template: must be an https:// URL.')
  }
  return value
}
