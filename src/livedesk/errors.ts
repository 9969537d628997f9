// How a LiveDesk call failed, typed; report/ turns it into words once.

/**
 * How far a request that failed got, which says whether a ticket may exist and whether asking
 * again is safe.
 * - unreachable: the request never reached LiveDesk; no ticket exists.
 * - declined: LiveDesk refused to handle it now (429, 503); no ticket exists.
 * - unknown: the request was sent, the answer was lost or unusable; a ticket may exist.
 * - final: LiveDesk answered with an error; no ticket exists.
 */
export type Delivery = 'unreachable' | 'declined' | 'unknown' | 'final'

export interface LiveDeskErrorDetails {
  outcome: Delivery
  status?: number
  code?: number | string
  apiMessage?: string
  retryAfterMs?: number
  attempts?: number
  notes?: readonly string[]
}

export class LiveDeskError extends Error {
  readonly outcome: Delivery
  readonly status?: number
  readonly code?: number | string
  readonly apiMessage?: string
  readonly retryAfterMs?: number
  readonly attempts: number
  /** Sentences added after the status line, e.g. why no further attempt was made. */
  readonly notes: readonly string[]

  constructor(message: string, details: LiveDeskErrorDetails) {
    super(message)
    this.name = 'LiveDeskError'
    this.outcome = details.outcome
    this.status = details.status
    this.code = details.code
    this.apiMessage = details.apiMessage
    this.retryAfterMs = details.retryAfterMs
    this.attempts = details.attempts ?? 1
    this.notes = details.notes ?? []
  }

  /** The error a call ends with when this attempt's failure is its last: after `attempts`, with `notes`. */
  ending(attempts: number, notes: readonly string[] = []): LiveDeskError {
    const { outcome, status, code, apiMessage, retryAfterMs } = this
    return new LiveDeskError(this.message, { outcome, status, code, apiMessage, retryAfterMs, attempts, notes })
  }

  /** "HTTP 401, code 2001: invalid credentials" */
  get statusLine(): string {
    const parts: string[] = []
    if (this.status !== undefined) parts.push(`HTTP ${this.status}`)
    if (this.code !== undefined) parts.push(`code ${this.code}`)
    const head = parts.join(', ')
    if (this.apiMessage) return head ? `${head}: ${this.apiMessage}` : this.apiMessage
    return head
  }
}
