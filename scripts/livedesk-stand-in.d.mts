import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as LiveDesk received it
  body: any
  raw: string
}

export interface LiveDeskStandIn {
  url: string
  requests: RecordedRequest[]
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stored tickets, as JSON
  tickets: Map<string, any>
  overrides: ((req: IncomingMessage, res: ServerResponse, raw: string) => void)[]
  /** Tickets whose every GET fails: an HTTP status to answer, or 'hang' (never answers). */
  ticketFaults: Map<string, number | 'hang'>
  /** Answers the next request of `method` with `handle` (once); other requests go on as usual. */
  faultOnce(method: string, handle: (req: IncomingMessage, res: ServerResponse, raw: string) => void): void
  expectedAuth: string
  creates(): RecordedRequest[]
  reset(): void
  close(): Promise<void>
}

export function startLiveDeskStandIn(options?: {
  apiKey?: string
  apiSecret?: string
  port?: number
  onRequest?: (recorded: RecordedRequest) => void
}): Promise<LiveDeskStandIn>
