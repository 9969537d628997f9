// One call to LiveDesk: the request prepared once, its attempts under one deadline, each failure
// worded (transport failures here, answers in answer.ts) and tried again while LiveDesk's rules say
// another attempt may help.
import { interpretResponse, credentialForms } from './answer.js'
import { LiveDeskError } from './errors.js'
import { DEFAULT_BASE_URL } from './ticket.js'
import { nextAttempt, type NextAttempt, type RetryPolicy } from '../http/retry-policy.js'
import {
  PROXY_UNUSABLE,
  RESPONSE_TOO_LARGE,
  send,
  TransportError,
  type HttpResponse,
  type Preconnected,
} from '../http/transport.js'
import { excerpt } from '../text/server-text.js'

export interface ClientOptions {
  baseUrl: URL
  apiKey: string
  apiSecret: string
  /** Bounds the whole call, every attempt and every wait included. */
  timeoutMs: number
  maxRetries: number
  /** Debug lines (never given a header or a secret). */
  log?: (line: string) => void
  /** Called before each wait between attempts, with a one-line reason. */
  onRetry?: (line: string) => void
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** The connection opened to LiveDesk ahead of the run's first request (livedesk/client-options.ts), which takes it. */
  connection?: Preconnected
}

export const CONNECT_TIMEOUT_MS = 10_000
const MIB = 1024 * 1024
/**
 * The most of one GET of a ticket that is read. The action writes descriptions of up to 1 MiB, which
 * LiveDesk's JSON may send as up to 6 MiB (a control character, or "<" escaped HTML-safe, is 6 bytes
 * as \u001b, \u003c); the rest is room for a long conversation_list. Read in chunks, within the call's
 * deadline: reading and parsing 16 MiB costs about 150 ms of CPU and 100 MiB of memory at its peak.
 */
export const MAX_TICKET_BYTES = 16 * MIB
/** LiveDesk answers a POST or PUT with a short confirmation. */
const MAX_WRITE_ANSWER_BYTES = MIB
const BACKOFF_BASE_MS = 500
const BACKOFF_CAP_MS = 8_000

export function endpoint(baseUrl: URL, path: string): URL {
  const url = new URL(baseUrl.href)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`
  return url
}

/** One call to LiveDesk: the request, and how the `data` of a successful answer is read. */
export interface Call<T> {
  method: 'GET' | 'POST' | 'PUT'
  path: string
  body?: unknown
  read: (res: HttpResponse, data: unknown) => T
}

/** A call ready to go, the same for every attempt: one deadline bounds them all. */
interface Prepared<T> {
  method: Call<T>['method']
  url: URL
  headers: Record<string, string>
  payload?: string
  maxResponseBytes: number
  deadline: number
  read: Call<T>['read']
}

/** One attempt: the value read, or the failure and whether asking LiveDesk again could mend it. */
type Attempt<T> = { value: T } | { failure: LiveDeskError; timedOut: boolean; mayAskAgain: boolean }

/** A call, tried again by the retry policy while LiveDesk's rules say another attempt may help. */
export async function call<T>(opts: ClientOptions, request: Call<T>): Promise<{ value: T; attempts: number }> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const prepared = prepare(opts, request)
  const policy: RetryPolicy = {
    attempts: opts.maxRetries + 1,
    backoff: { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS, jitter: opts.random ?? Math.random },
  }
  for (let attempt = 1; ; attempt++) {
    const tried = await attemptOnce(opts, prepared, attempt)
    if ('value' in tried) return { value: tried.value, attempts: attempt }
    const { failure } = tried
    // A timed-out attempt says timeout_seconds ran out: no attempt follows it.
    if (!tried.mayAskAgain || tried.timedOut) throw failure.ending(attempt)
    const next = nextAttempt(policy, { attempt, leftMs: prepared.deadline - Date.now(), askedMs: failure.retryAfterMs })
    if (!next.again) throw failure.ending(attempt, whyNoMore(next, opts.timeoutMs))
    opts.onRetry?.(
      `Attempt ${attempt} failed (${failure.statusLine || failure.message}); retrying in ${(next.waitMs / 1000).toFixed(1)} s.`,
    )
    await sleep(next.waitMs)
  }
}

function prepare<T>(opts: ClientOptions, request: Call<T>): Prepared<T> {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${opts.apiKey}:${opts.apiSecret}`).toString('base64')}`,
    accept: 'application/json',
    'user-agent': 'livedesk-ticket-action',
  }
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body)
  if (payload !== undefined) headers['content-type'] = 'application/json; charset=utf-8'
  return {
    method: request.method,
    url: endpoint(opts.baseUrl, request.path),
    headers,
    payload,
    maxResponseBytes: request.method === 'GET' ? MAX_TICKET_BYTES : MAX_WRITE_ANSWER_BYTES,
    deadline: Date.now() + opts.timeoutMs,
    read: request.read,
  }
}

async function attemptOnce<T>(opts: ClientOptions, prepared: Prepared<T>, attempt: number): Promise<Attempt<T>> {
  const { method, url, headers, payload, maxResponseBytes, deadline } = prepared
  try {
    opts.log?.(
      `${method} ${url.href} (attempt ${attempt}, ${payload === undefined ? 0 : Buffer.byteLength(payload)} bytes)`,
    )
    const res = await send({
      method,
      url,
      headers,
      body: payload,
      deadline,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      maxResponseBytes,
      // The first request to go takes it; any other opens its own.
      connection: opts.connection,
    })
    opts.log?.(`LiveDesk answered HTTP ${res.status} (${res.body.length} characters)`)
    const data = interpretResponse(res, credentialForms(opts.apiKey, opts.apiSecret))
    return { value: prepared.read(res, data) }
  } catch (err) {
    if (err instanceof LiveDeskError) return failed(err, method, false)
    if (!(err instanceof TransportError)) throw err
    // An answer over the limit would be as large when asked again.
    if (err.code === RESPONSE_TOO_LARGE)
      return { failure: tooLarge(method, maxResponseBytes), timedOut: false, mayAskAgain: false }
    return failed(fromTransport(err, seconds(opts.timeoutMs), opts.baseUrl), method, err.timedOut)
  }
}

/**
 * LiveDesk's rule for asking again: when the request never reached it, or it declined for now; when
 * it may have arrived (unknown), only if doing it twice does no harm (GET, PUT: RFC 9110, 9.2.2).
 */
function failed(failure: LiveDeskError, method: Call<unknown>['method'], timedOut: boolean): Attempt<never> {
  const idempotent = method === 'GET' || method === 'PUT'
  const mayAskAgain =
    failure.outcome === 'unreachable' || failure.outcome === 'declined' || (idempotent && failure.outcome === 'unknown')
  return { failure, timedOut, mayAskAgain }
}

/** Why the policy made no further attempt, when it is the time (not the count) that ran out. */
function whyNoMore(next: NextAttempt & { again: false }, timeoutMs: number): string[] {
  if (next.why === 'no attempts left') return []
  const s = (ms: number): string => `${(Math.max(0, ms) / 1000).toFixed(1)} s`
  return next.why === 'asked past the deadline'
    ? [
        `LiveDesk asked to wait ${s(next.waitMs)} (Retry-After), longer than the ${s(next.leftMs)} left of timeout_seconds (${seconds(timeoutMs)} s).`,
      ]
    : [`No time was left for another attempt within timeout_seconds (${seconds(timeoutMs)} s).`]
}

/** timeout_seconds as the user gave it, for messages. */
function seconds(timeoutMs: number): number {
  return Number((timeoutMs / 1000).toFixed(1))
}

/** An answer over the limit: for a GET, a ticket too large to read (nothing changed); else unknown. */
function tooLarge(method: string, limit: number): LiveDeskError {
  if (method !== 'GET') {
    return new LiveDeskError(
      `The request reached LiveDesk, but its answer is larger than ${limit / MIB} MiB, far more than the short confirmation LiveDesk documents, and was not read.`,
      { outcome: 'unknown' },
    )
  }
  return new LiveDeskError(
    `LiveDesk's answer is larger than ${limit / MIB} MiB, the most the action reads of one ticket: the ticket's description and conversation are too large for the action to read, and asking again would get the same answer. A shorter description in LiveDesk makes the ticket readable again.`,
    { outcome: 'final' },
  )
}

/** DNS answers that are final: the name does not exist (getaddrinfo's ENOTFOUND). EAI_AGAIN is for now. */
const NO_SUCH_HOST = new Set(['ENOTFOUND'])

function fromTransport(err: TransportError, timeoutSeconds: number, baseUrl: URL): LiveDeskError {
  const given = baseUrl.href.replace(/\/$/, '')
  if (err.proxyStatus !== undefined) {
    // Nothing went past the proxy. A 407 will not change by trying again; a 502/503 from the proxy might.
    const what = `The proxy (HTTPS_PROXY/HTTP_PROXY) did not open a tunnel to LiveDesk at ${baseUrl.host}: ${excerpt(err.message)}; nothing was sent to LiveDesk.`
    return err.proxyStatus === 407
      ? new LiveDeskError(`${what} Check the user name and password in the proxy URL.`, { outcome: 'final' })
      : new LiveDeskError(
          `${what} A proxy answers so when it cannot reach the host either: check base_url (${given}).`,
          {
            outcome: 'unreachable',
          },
        )
  }
  // A setting of the runner's, the same for every attempt.
  if (err.code === PROXY_UNUSABLE)
    return new LiveDeskError(`${err.message}; nothing was sent to LiveDesk.`, { outcome: 'final' })
  if (!err.sent && !err.proxy && NO_SUCH_HOST.has(err.code ?? '')) {
    // A resolver's final answer: asking again gets the same one.
    const what = `LiveDesk could not be reached: the host ${baseUrl.hostname} of base_url (${given}) was not found (${err.code}); nothing was sent.`
    const check =
      baseUrl.origin === new URL(DEFAULT_BASE_URL).origin
        ? " That is LiveDesk's own host: this runner's DNS does not know it. On a self-hosted runner, check its DNS and its network's egress rules, or set HTTPS_PROXY to the proxy it must use."
        : ` Check base_url: LiveDesk's API is ${DEFAULT_BASE_URL}.`
    return new LiveDeskError(`${what}${check}`, { outcome: 'final' })
  }
  if (!err.sent) {
    const what = err.timedOut
      ? `could not be reached within timeout_seconds (${timeoutSeconds} s)`
      : `could not be reached (${err.code ?? err.message})`
    const via = err.proxy ? ` The request went to the proxy ${err.proxy}, which opened no tunnel to LiveDesk.` : ''
    return new LiveDeskError(`LiveDesk ${what}; nothing was sent.${via}`, { outcome: 'unreachable' })
  }
  const what = err.timedOut
    ? `no complete answer within timeout_seconds (${timeoutSeconds} s)`
    : `${err.message} (${err.code ?? 'connection lost'})`
  return new LiveDeskError(`The request reached LiveDesk but ${what}.`, { outcome: 'unknown' })
}
