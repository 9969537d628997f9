// The LiveDesk client in-process, against a real http.Server on 127.0.0.1: backoff, deadline,
// Retry-After, classification and the PUT that may be repeated. Fast cases the bundle tests need not repeat.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import dns from 'node:dns'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LiveDeskError } from '../../src/livedesk/errors.js'
import { rejection } from '../../__fixtures__/rejection.js'
import { parseRetryAfter } from '../../src/http/retry-after.js'
import { interpretResponse } from '../../src/livedesk/answer.js'
import { MAX_TICKET_BYTES, type ClientOptions } from '../../src/livedesk/call.js'
import { createTicket, getTicket, updateTicket } from '../../src/livedesk/client.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
const seen: { method: string; url: string; at: number; auth?: string }[] = []
const handlers: Handler[] = []
let server: http.Server
let baseUrl: URL

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now(), auth: req.headers.authorization })
      const handler = handlers.shift() ?? ok('tk_1')
      handler(req, res)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  baseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
})
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections()
      server.close(() => r())
    }),
)
beforeEach(() => {
  seen.length = 0
  handlers.length = 0
})

const ok =
  (id: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ code: 0, message: 'Success', data: { ticket_id: id } }))
  }
const status =
  (code: number, headers: Record<string, string> = {}, body = '{"code":1000,"message":"busy"}'): Handler =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers })
    res.end(body)
  }
const options = (extra: Partial<ClientOptions> = {}): ClientOptions => ({
  baseUrl,
  apiKey: 'key',
  apiSecret: 'secret',
  timeoutMs: 5000,
  maxRetries: 3,
  ...extra,
})
const failure = (p: Promise<unknown>): Promise<LiveDeskError> => rejection(p, LiveDeskError)

describe('backoff: capped, exponential, with jitter', () => {
  it('waits 500 ms × 2^n × (0.5…1), as the server sees it', async () => {
    handlers.push(status(503), status(503))
    const started = Date.now()
    const result = await createTicket(options({ random: () => 0 }), { title: 't' })
    expect(result).toEqual({ ticketId: 'tk_1', attempts: 3 })
    const gaps = [seen[1].at - seen[0].at, seen[2].at - seen[1].at]
    expect(gaps[0]).toBeGreaterThanOrEqual(240) // 500 × 0.5
    expect(gaps[0]).toBeLessThan(450)
    expect(gaps[1]).toBeGreaterThanOrEqual(490) // 1000 × 0.5
    expect(gaps[1]).toBeLessThan(800)
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('never waits more than 8 s between attempts, and reports every attempt', async () => {
    for (let i = 0; i < 8; i++) handlers.push(status(503))
    const waits: number[] = []
    const err = await failure(
      createTicket(
        options({ maxRetries: 7, timeoutMs: 3_600_000, random: () => 1, sleep: async (ms) => void waits.push(ms) }),
        {},
      ),
    )
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000])
    expect(err.attempts).toBe(8)
    expect(err.outcome).toBe('declined')
    expect(seen).toHaveLength(8)
  })

  it('max_retries 0: one attempt only', async () => {
    handlers.push(status(503))
    const err = await failure(createTicket(options({ maxRetries: 0 }), {}))
    expect([err.attempts, seen.length]).toEqual([1, 1])
  })

  it('a retry is never started when its wait would end past the deadline', async () => {
    for (let i = 0; i < 10; i++) handlers.push(status(503))
    const started = Date.now()
    const err = await failure(createTicket(options({ maxRetries: 10, timeoutMs: 1200, random: () => 1 }), {}))
    // Waits of 500 and 1000 ms: the second would end after 1.2 s, so it is not started.
    expect(Date.now() - started).toBeLessThan(1200)
    expect(seen).toHaveLength(2)
    expect(err.notes).toEqual(['No time was left for another attempt within timeout_seconds (1.2 s).'])
  })
})

describe('Retry-After', () => {
  it('is read as seconds or as an HTTP date; junk is ignored', () => {
    const now = Date.parse('Sun, 22 Nov 2026 10:00:00 GMT')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0) // in the past: now
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-5', now)).toBeUndefined()
    expect(parseRetryAfter('1.5', now)).toBeUndefined()
    expect(parseRetryAfter('Sunday, 22-Nov-26 10:00:05 GMT', now)).toBe(5000) // RFC 850
    expect(parseRetryAfter('Sun Nov 22 10:00:05 2026', now)).toBeGreaterThanOrEqual(0) // asctime (no zone)
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })

  it('replaces the backoff when LiveDesk sends it', async () => {
    handlers.push(status(429, { 'retry-after': '1' }))
    await createTicket(options({ random: () => 0 }), {})
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(990)
  })
})

describe('what is retried, and what never is', () => {
  it.each([
    [429, 'declined', 2],
    [503, 'declined', 2],
    [408, 'declined', 2],
    [500, 'unknown', 1],
    [502, 'unknown', 1],
    [504, 'unknown', 1],
    [400, 'final', 1],
    [401, 'final', 1],
    [403, 'final', 1],
    [404, 'final', 1],
    [409, 'final', 1],
    [422, 'final', 1],
    [301, 'final', 1],
    [307, 'final', 1],
  ])('POST answered %i: %s, %i POST(s)', async (code, outcome, posts) => {
    handlers.push(
      status(code, { 'retry-after': '0', location: 'http://127.0.0.1:1/elsewhere' }),
      status(code, { 'retry-after': '0' }),
    )
    const err = await failure(createTicket(options({ maxRetries: 1 }), {}))
    expect(err.outcome).toBe(outcome)
    expect(err.status).toBe(code)
    expect(seen).toHaveLength(posts)
  })

  it('a PUT (idempotent) whose outcome is unknown is repeated; a POST never', async () => {
    handlers.push(status(502))
    expect(await updateTicket(options({ random: () => 0 }), 'tk_1', { tags: ['x'] })).toEqual({ attempts: 2 })
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PUT /api/v2/accounts/tickets/tk_1',
      'PUT /api/v2/accounts/tickets/tk_1',
    ])
  })

  // .invalid is reserved (RFC 6761): a resolver answers that it does not exist (ENOTFOUND), a final
  // answer, or, without a DNS server at hand, that it cannot answer now (EAI_AGAIN), which may pass.
  it('a host that does not resolve: ENOTFOUND names the host and base_url and is asked once; EAI_AGAIN is asked again', async () => {
    const err = await failure(
      createTicket(
        options({ baseUrl: new URL('https://livedesk-api.invalid'), maxRetries: 1, timeoutMs: 3000, random: () => 0 }),
        {},
      ),
    )
    if (/ENOTFOUND/.test(err.message)) {
      expect(err.outcome).toBe('final')
      expect(err.attempts).toBe(1)
      expect(err.message).toBe(
        "LiveDesk could not be reached: the host livedesk-api.invalid of base_url (https://livedesk-api.invalid) was not found (ENOTFOUND); nothing was sent. Check base_url: LiveDesk's API is https://livedesk-api.engagelab.com.",
      )
    } else {
      expect(err.outcome).toBe('unreachable')
      expect(err.message).toMatch(/could not be reached \(EAI_AGAIN\)|could not be reached within timeout_seconds/)
    }
  })

  it("the default host not found: the runner's DNS or egress is named, not base_url", async () => {
    // A resolver that answers NXDOMAIN for LiveDesk's host, as a runner whose DNS or egress blocks it.
    const lookup = dns.lookup
    dns.lookup = ((host: string, ...rest: unknown[]) => {
      const callback = rest[rest.length - 1] as (err: Error) => void
      if (host !== 'livedesk-api.engagelab.com') return (lookup as (...a: unknown[]) => unknown)(host, ...rest)
      process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })))
    }) as typeof dns.lookup
    try {
      const err = await failure(createTicket(options({ baseUrl: new URL('https://livedesk-api.engagelab.com') }), {}))
      expect([err.outcome, err.attempts]).toEqual(['final', 1])
      expect(err.message).toBe(
        "LiveDesk could not be reached: the host livedesk-api.engagelab.com of base_url (https://livedesk-api.engagelab.com) was not found (ENOTFOUND); nothing was sent. That is LiveDesk's own host: this runner's DNS does not know it. On a self-hosted runner, check its DNS and its network's egress rules, or set HTTPS_PROXY to the proxy it must use.",
      )
    } finally {
      dns.lookup = lookup
    }
  })

  it('a 404 to the create says where to look: base_url, to which the action adds the API path', async () => {
    handlers.push(status(404))
    const err = await failure(createTicket(options(), {}))
    expect(err.notes).toContain(
      'No ticket endpoint answered at base_url: check base_url, to which the action adds /api/v2/accounts/tickets (give the host, and any prefix before /api/v2).',
    )
  })

  const padded =
    (bytes: number): Handler =>
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(`{"code":0,"data":{"ticket_id":"tk_1","status":"open"},"pad":"${'x'.repeat(bytes)}"}`)
    }

  it('an answer to a POST larger than 1 MiB is not read whole, and counts as unknown', async () => {
    handlers.push(padded(1024 * 1024))
    const err = await failure(createTicket(options(), {}))
    expect(err.outcome).toBe('unknown')
    expect(err.message).toContain('its answer is larger than 1 MiB')
    expect(seen).toHaveLength(1)
  })

  it('an answer to a PUT larger than 1 MiB is unknown, and not sent again: it would be as large', async () => {
    for (let i = 0; i < 4; i++) handlers.push(padded(1024 * 1024))
    const err = await failure(updateTicket(options({ random: () => 0 }), 'tk_1', { tags: ['x'] }))
    expect(err.outcome).toBe('unknown')
    expect(err.attempts).toBe(1)
    expect(seen).toHaveLength(1)
  })

  it('a GET answer of 15 MiB (a ticket with its description and conversation) is read', async () => {
    handlers.push(padded(15 * 1024 * 1024))
    expect(await getTicket(options(), 'tk_1')).toMatchObject({ status: 'open' })
  })

  it('a GET answer over 16 MiB is asked for once, and says the ticket is too large to read', async () => {
    for (let i = 0; i < 4; i++) handlers.push(padded(MAX_TICKET_BYTES))
    const err = await failure(getTicket(options({ random: () => 0 }), 'tk_1'))
    expect(err.outcome).toBe('final')
    expect(err.attempts).toBe(1)
    expect(seen.map((s) => s.method)).toEqual(['GET'])
    expect(err.message).toMatch(
      /^LiveDesk's answer is larger than 16 MiB, the most the action reads of one ticket: the ticket's description and conversation are too large for the action to read, .*A shorter description in LiveDesk makes the ticket readable again\.$/,
    )
  })
})

describe('interpretResponse', () => {
  const res = (code: number, body: string, headers: Record<string, string> = {}) => ({ status: code, headers, body })
  const outcomeOf = (code: number, body: string): string => {
    try {
      interpretResponse(res(code, body))
      return 'success'
    } catch (err) {
      return (err as LiveDeskError).outcome
    }
  }

  it('success is 2xx, code 0 and JSON', () => {
    expect(interpretResponse(res(200, '{"code":0,"message":"Success","data":{"ticket_id":"tk_1"}}'))).toEqual({
      ticket_id: 'tk_1',
    })
    expect(interpretResponse(res(201, '{"code":"0","data":{"ticket_id":"tk_1"}}'))).toEqual({ ticket_id: 'tk_1' })
    // A byte order mark before the JSON (RFC 8259, 8.1): the ticket, not an unknown outcome.
    expect(interpretResponse(res(200, '\uFEFF{"code":0,"data":{"ticket_id":"tk_1"}}'))).toEqual({ ticket_id: 'tk_1' })
    expect(outcomeOf(200, '{"code":3003,"message":"no such team"}')).toBe('final')
    expect(outcomeOf(200, '{"error":{"code":3002,"message":"bad"}}')).toBe('final')
    expect(outcomeOf(200, '<html>ok</html>')).toBe('unknown')
    expect(outcomeOf(200, '')).toBe('unknown')
    expect(outcomeOf(200, '{"data":{"ticket_id":"tk_1"}}')).toBe('unknown')
  })

  it('shows a short, single-line, tag-free excerpt of a non-JSON body', () => {
    const page = `<html><head><style>body{}</style><script>alert(1)</script></head><body>\n<h1>Bad\r\nGateway</h1>${'y'.repeat(500)}</body></html>`
    const err = (() => {
      try {
        interpretResponse(res(502, page))
      } catch (e) {
        return e as LiveDeskError
      }
      throw new Error('expected a failure')
    })()
    expect(err.apiMessage).toMatch(/^non-JSON answer: Bad Gateway y+…$/)
    expect(err.apiMessage?.length).toBeLessThanOrEqual(220)
    expect(err.apiMessage).not.toMatch(/[<>\r\n]|alert/)
  })
})
