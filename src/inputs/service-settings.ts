// The service family: where LiveDesk is, how a ticket's link is made, how long a call may take and how
// often it is tried again.
import { parseNumber, type InputReader } from './input-reader.js'
import type { InputValues } from './read-inputs.js'
import { DEFAULT_BASE_URL, parseServiceUrl, parseTicketUrlTemplate } from './service-url.js'

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

/**
 * timeout_seconds in ms, read by the same rule as readServiceSettings, for the one GitHub call made
 * before the settings exist (an issue re-read on a re-run); an invalid value gives the default here
 * and its error later.
 */
export function timeoutMsOf(values: InputValues): number {
  const given =
    typeof values.timeout_seconds === 'string' ? parseNumber(values.timeout_seconds.trim(), TIMEOUT_SECONDS) : undefined
  return Math.round((given ?? TIMEOUT_SECONDS.fallback) * 1000)
}
