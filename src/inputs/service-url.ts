// The URLs a user gives (base_url, ticket_url_template): https, or plain http to this machine only.
import { clip, InputProblem } from './problems.js'

export const DEFAULT_BASE_URL = 'https://livedesk-api.engagelab.com'

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** https, or plain http to this machine only (the demo and the tests). */
function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname))
}

/** https, or http to loopback only (the demo and the tests); no credentials, query or fragment. */
export function parseServiceUrl(name: string, value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputProblem(`${name}: "${clip(value)}" is not a URL. Expected https://host[/path], e.g. ${DEFAULT_BASE_URL}.`)
  }
  if (url.username || url.password) {
    throw new InputProblem(`${name}: must not contain a user name or password; the credentials go in api_key and api_secret.`)
  }
  if (!isHttpsOrLoopback(url)) {
    throw new InputProblem(`${name}: "${clip(value)}" must use https:// (plain http:// is allowed only to 127.0.0.1, ::1 or localhost).`)
  }
  if (url.search || url.hash) {
    throw new InputProblem(`${name}: must not contain a query (?…) or fragment (#…).`)
  }
  return url
}

// A URL as the runner's outputs and Markdown links need it: nothing the URL parser would encode,
// strip or turn into a second line.
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const NOT_IN_ONE_URL = /[\s\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff"<>`\\^{}|]/

export function parseTicketUrlTemplate(value: string): string | undefined {
  if (value === '') return undefined
  if (NOT_IN_ONE_URL.test(value.replace(/\{ticket_id\}/g, ''))) {
    throw new InputProblem('ticket_url_template: must be one URL without spaces, line breaks, quotes, angle brackets or control characters, e.g. https://your-console.example/tickets/{ticket_id}.')
  }
  if (!value.includes('{ticket_id}')) {
    throw new InputProblem('ticket_url_template: must contain {ticket_id}, e.g. https://your-console.example/tickets/{ticket_id}.')
  }
  let url: URL
  try {
    url = new URL(value.replace(/\{ticket_id\}/g, 'x'))
  } catch {
    throw new InputProblem(`ticket_url_template: "${clip(value)}" is not a URL.`)
  }
  if (!isHttpsOrLoopback(url)) {
    throw new InputProblem('ticket_url_template: must be an https:// URL.')
  }
  return value
}
