// LiveDesk's answer: success is HTTP 2xx with {code: 0, data}; anything else is a LiveDeskError that
// says how far the request got (final, declined for now, or unknown), with LiveDesk's own message,
// the credentials taken out of any text it echoes.
import { LiveDeskError, type Delivery } from './errors.js'
import { parseRetryAfter } from '../http/retry-after.js'
import type { HttpResponse } from '../http/transport.js'
import { excerpt, isRecord } from '../text/server-text.js'

/**
 * The credentials as they could come back in a server's text (an echoed header, say). They are taken
 * out before any excerpt is cut: a cut inside them would match no mask, the runner's or ours.
 */
export function credentialForms(apiKey: string, apiSecret: string): string[] {
  const basic = Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')
  return [`Basic ${basic}`, basic, `${apiKey}:${apiSecret}`, apiSecret, apiKey].filter((s) => s.length > 0)
}

function scrub(text: string, secrets: string[]): string {
  let out = text
  for (const s of secrets) out = out.split(s).join('***')
  return out
}

/**
 * Success is HTTP 2xx, code 0 and JSON; the rest becomes a LiveDeskError with its delivery.
 * Returns the envelope's `data`.
 */
export function interpretResponse(res: HttpResponse, secrets: string[] = []): unknown {
  const { status } = res
  if (status >= 300 && status < 400) throw redirectRefused(res)
  const json = parseJson(res.body)
  // Only the text shown is scrubbed: the data (a ticket id) stays as LiveDesk sent it.
  const { code, message } = readEnvelope(json, secrets)
  const apiMessage = message ?? (json === undefined ? nonJson(res.body, secrets) : undefined)
  if (status >= 200 && status < 300) {
    if (code === 0 || code === '0') return isRecord(json) ? json.data : undefined
    const [what, outcome]: [string, Delivery] =
      code !== undefined
        ? ['LiveDesk refused the request.', 'final']
        : [
            'LiveDesk answered HTTP 2xx without its {code, message, data} envelope; the request may have been carried out.',
            'unknown',
          ]
    throw new LiveDeskError(what, { outcome, status, code, apiMessage })
  }
  const [what, outcome] = refusal(status)
  const retryAfterMs = outcome === 'declined' ? parseRetryAfter(res.headers['retry-after']) : undefined
  throw new LiveDeskError(what, { outcome, status, code, apiMessage, retryAfterMs })
}

function redirectRefused(res: HttpResponse): LiveDeskError {
  let where = 'another address'
  try {
    where = new URL(String(res.headers.location ?? '')).origin
  } catch {
    /* a relative or broken Location: say nothing more */
  }
  return new LiveDeskError(
    `LiveDesk answered HTTP ${res.status}, a redirect to ${where}. Redirects are never followed, so the credentials stay with base_url; check base_url.`,
    { outcome: 'final', status: res.status },
  )
}

/** An answer that is no JSON, in a few words: an excerpt of its text, or that it has none. */
function nonJson(body: string, secrets: string[]): string {
  if (body.trim() === '') return 'an empty answer'
  const text = excerpt(scrub(body, secrets))
  return text ? `non-JSON answer: ${text}` : 'a non-JSON answer without text'
}

function parseJson(body: string): unknown {
  try {
    // A byte order mark before the JSON text is ignored, as RFC 8259 (section 8.1) lets a parser do.
    return JSON.parse(body.replace(/^\uFEFF/, ''))
  } catch {
    return undefined
  }
}

/** What an answer that is neither 2xx nor 3xx says, and how far the request got. */
function refusal(status: number): [string, Delivery] {
  if (status === 429 || status === 503 || status === 408) return ['LiveDesk declined the request for now.', 'declined']
  // Any other 5xx (500, 502, 504, a CDN's 520-524…): the request may have reached LiveDesk.
  if (status >= 500) return ['LiveDesk failed while handling the request; it may have been carried out.', 'unknown']
  const hint =
    status === 401 || status === 403
      ? ' Check api_key and api_secret (LiveDesk console: Project Settings - API Management).'
      : ''
  return [`LiveDesk refused the request.${hint}`, 'final']
}

/** Accepts {code, message} and {error: {code, message}}. */
function readEnvelope(json: unknown, secrets: string[]): { code?: number | string; message?: string } {
  if (!isRecord(json)) return {}
  const src = isRecord(json.error) ? json.error : json
  const code = typeof src.code === 'number' || typeof src.code === 'string' ? src.code : undefined
  const message = typeof src.message === 'string' ? excerpt(scrub(src.message, secrets)) : undefined
  return { code, message }
}
