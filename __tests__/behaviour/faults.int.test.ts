// The fault matrix: the step (runStep(): in-process, or the bundle with RUN_BUNDLE=1) against real
// servers on 127.0.0.1 that fail the way networks and APIs fail. Each case: how many POSTs LiveDesk saw, what the step did,
// how long it took, and what the user reads. That the step's process then ends on time is
// __tests__/bundle/ends-on-time.bundle.test.ts.
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import {
  blackHolePort,
  closedPort,
  hasPython,
  selfSignedCert,
  startRecorder,
  startTlsFront,
} from '../../__fixtures__/fault-servers.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useLiveDesk } from '../../__fixtures__/stand-ins.js'

const KEY = 'lk_fault_4c1d'
const SECRET = 'sk_fault_9e8f7a6b'
const BASIC = Buffer.from(`${KEY}:${SECRET}`).toString('base64')
const RUN_URL = 'https://github.com/octo-org/checkout-service/actions/runs/1658821493/attempts/1'
/** Node start-up, the bundle and a busy 2-core machine: what "on time" may add to timeout_seconds. */
const SLACK_MS = 1500

const desk = useLiveDesk(KEY, SECRET)

const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({
  api_key: KEY,
  api_secret: SECRET,
  base_url: desk.url,
  requester_euid: 'contact_12345',
  title: 'Nightly build failed',
  description: 'The **deploy** job failed.',
  priority: 'high',
  ticket_type: 'incident',
  assignment_team: 'Platform On-Call',
  custom_fields: 'service: checkout',
  timeout_seconds: '3',
  ...extra,
})

type Handler = (req: IncomingMessage, res: ServerResponse, raw: string) => void
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
const html =
  (status: number, page: string): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' })
    res.end(page)
  }

/** What every failed step shares: exit 1, status failed, one ::error:: with the reason, everything kept in the summary. */
function expectFailedStep(result: RunResult, reason: RegExp): void {
  expect(result.code).toBe(1)
  expect(result.outputs.status).toBe('failed')
  expect(result.outputs.ticket_id).toBeUndefined()
  const errors = result.visibleLog.split('\n').filter((l) => l.startsWith('::error'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(reason)
  expect(result.visibleLog).not.toMatch(/\n\s+at /) // no stack trace
  expectNothingLost(result)
}

/** The job summary keeps what is needed to file the ticket by hand, and no secret. */
function expectNothingLost(result: RunResult): void {
  const s = result.summary
  expect(s).toContain('LiveDesk ticket NOT opened')
  expect(s).toContain('**Reason:**')
  for (const kept of [
    'Nightly build failed',
    'The **deploy** job failed.',
    '| **Priority** | high |',
    '| **Type** | incident |',
    'Platform On-Call',
    '"service": "checkout"',
    '"euid": "contact_12345"',
  ]) {
    expect(s).toContain(kept)
  }
  for (const secret of [KEY, SECRET, BASIC]) expect(s + result.visibleLog).not.toContain(secret)
}

function expectOnTime(result: RunResult, timeoutSeconds: number): void {
  expect(result.durationMs).toBeLessThan(timeoutSeconds * 1000 + SLACK_MS)
}

/** The step ended at timeout_seconds (2 s) saying `reason`, after one POST whose outcome is unknown. */
function expectEndedAtTimeout(result: RunResult, reason: RegExp): void {
  expectFailedStep(result, reason)
  expectOutcomeUnknown(result)
  expect(desk.creates()).toHaveLength(1)
  expect(result.durationMs).toBeGreaterThanOrEqual(2000)
  expectOnTime(result, 2)
}

/** The step tells the user the ticket may exist and what to look for before re-running. */
function expectOutcomeUnknown(result: RunResult): void {
  expect(result.visibleLog).toContain('The outcome is unknown, so it was not sent again.')
  expect(result.visibleLog).toContain(
    `look in LiveDesk for a ticket titled "Nightly build failed" with github_run_url ${RUN_URL}`,
  )
}

describe('server declined (429, 503): retried, honouring Retry-After, within the deadline', () => {
  it('429 with Retry-After: 1 waits a second, then opens exactly one ticket', async () => {
    desk.overrides.push(json(429, { code: 429, message: 'Too many requests' }, { 'retry-after': '1' }))
    const result = await runStep({ inputs: inputs() })
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(2)
    expect(desk.tickets.size).toBe(1)
    expect(result.outputs.ticket_id).toBe([...desk.tickets.keys()][0])
    expect(result.outputs.status).toBe('created')
    expect(result.visibleLog).toContain('Attempt 1 failed (HTTP 429, code 429: Too many requests); retrying in 1.0 s.')
    expect(result.visibleLog).toMatch(/Opened LiveDesk ticket tk_\S+ after 2 attempts\./)
    expect(result.durationMs).toBeGreaterThanOrEqual(1000)
    expectOnTime(result, 3)
  })

  it('429 with Retry-After as an HTTP date is honoured too', async () => {
    // An HTTP date has whole seconds: 2 s ahead is 1 to 2 s of waiting.
    const at = new Date(Date.now() + 2000).toUTCString()
    desk.overrides.push(json(429, { code: 429, message: 'slow down' }, { 'retry-after': at }))
    const result = await runStep({ inputs: inputs() })
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(2)
    expect(result.durationMs).toBeGreaterThanOrEqual(900)
    expectOnTime(result, 3)
  })

  it('a Retry-After beyond timeout_seconds fails at once instead of overrunning it', async () => {
    desk.overrides.push(json(429, { code: 429, message: 'Too many requests' }, { 'retry-after': '120' }))
    const result = await runStep({ inputs: inputs() })
    expectFailedStep(
      result,
      /declined the request for now\. \(HTTP 429, code 429: Too many requests\) LiveDesk asked to wait 120\.0 s \(Retry-After\), longer than the [23]\.\d s left of timeout_seconds \(3 s\)\. Tried once\. No ticket was created\./,
    )
    expect(desk.creates()).toHaveLength(1)
    expect(result.durationMs).toBeLessThan(SLACK_MS)
  })

  it('503 twice, then success: three POSTs, one ticket, the attempts in the log', async () => {
    desk.overrides.push(
      json(503, { code: 1000, message: 'maintenance' }),
      html(503, '<html><body>Service Unavailable</body></html>'),
    )
    const result = await runStep({ inputs: inputs() })
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(3)
    expect(desk.tickets.size).toBe(1)
    expect(result.outputs.ticket_id).toBe([...desk.tickets.keys()][0])
    expect(result.visibleLog).toMatch(/Attempt 1 failed \(HTTP 503, code 1000: maintenance\); retrying in 0\.\d s\./)
    expect(result.visibleLog).toMatch(
      /Attempt 2 failed \(HTTP 503: non-JSON answer: Service Unavailable\); retrying in (0\.[5-9]|1\.0) s\./,
    )
    expect(result.visibleLog).toMatch(/after 3 attempts\./)
    expectOnTime(result, 3)
  })

  it('503 every time: gives up after max_retries with the attempt count', async () => {
    for (let i = 0; i < 5; i++)
      desk.overrides.push(json(503, { code: 1000, message: 'maintenance' }, { 'retry-after': '0' }))
    const result = await runStep({ inputs: inputs({ max_retries: '2' }) })
    expectFailedStep(
      result,
      /declined the request for now\. \(HTTP 503, code 1000: maintenance\) Tried 3 times\. No ticket was created\./,
    )
    expect(desk.creates()).toHaveLength(3)
  })
})

describe('never reached the server: retried', () => {
  it('connection refused: tried 1 + max_retries times, then fails saying nothing was sent', async () => {
    const port = await closedPort()
    const result = await runStep({ inputs: inputs({ base_url: `http://127.0.0.1:${port}`, max_retries: '2' }) })
    expectFailedStep(
      result,
      /LiveDesk could not be reached \(ECONNREFUSED\); nothing was sent\. Tried 3 times\. No ticket was created\./,
    )
    expect(result.visibleLog).toMatch(/Attempt 1 failed .*ECONNREFUSED.*; retrying in/)
    expect(result.visibleLog).toMatch(/Attempt 2 failed .*ECONNREFUSED.*; retrying in/)
    expectOnTime(result, 3)
  })

  it('connection refused for longer than timeout_seconds: stops on time', async () => {
    const port = await closedPort()
    const result = await runStep({
      inputs: inputs({ base_url: `http://127.0.0.1:${port}`, max_retries: '10', timeout_seconds: '2' }),
    })
    expectFailedStep(
      result,
      /could not be reached \(ECONNREFUSED\); nothing was sent\. No time was left for another attempt within timeout_seconds \(2 s\)\. Tried \d times\. No ticket was created\./,
    )
    expectOnTime(result, 2)
  })

  ;(hasPython ? it : it.skip)(
    'a connection that is never accepted (connect timeout): ends on time, nothing sent',
    async () => {
      const hole = await blackHolePort()
      try {
        const result = await runStep({
          inputs: inputs({ base_url: `http://127.0.0.1:${hole.port}`, timeout_seconds: '2' }),
        })
        expectFailedStep(
          result,
          /LiveDesk could not be reached within timeout_seconds \(2 s\); nothing was sent\. Tried once\. No ticket was created\./,
        )
        expect(desk.requests).toHaveLength(0)
        expect(result.durationMs).toBeGreaterThanOrEqual(2000)
        expectOnTime(result, 2)
      } finally {
        await hole.close()
      }
    },
  )

  it('TLS handshake failure (certificate not trusted): retried, no HTTP request ever reaches the server', async () => {
    const front = await startTlsFront(selfSignedCert(), Number(new URL(desk.url).port))
    try {
      const result = await runStep({ inputs: inputs({ base_url: front.url, max_retries: '1' }) })
      expectFailedStep(
        result,
        /could not be reached \(.*(SELF_SIGNED|self-signed).*\); nothing was sent\. Tried 2 times\. No ticket was created\./i,
      )
      // The connection opened ahead fails first; the request then connects as without it, once per attempt.
      expect(front.failedHandshakes).toBe(3)
      expect(desk.requests).toHaveLength(0)
      expectOnTime(result, 3)
    } finally {
      await front.close()
    }
  })
})

describe('outcome unknown: never POSTed twice; the user is told what to look for', () => {
  it('a server that never answers: the step ends at timeout_seconds, one POST', async () => {
    desk.overrides.push(() => undefined)
    const result = await runStep({ inputs: inputs({ timeout_seconds: '2' }) })
    expectEndedAtTimeout(result, /reached LiveDesk but no complete answer within timeout_seconds \(2 s\)/)
  })

  it('headers, then a stall: the step ends at timeout_seconds, one POST', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"code":0,')
    })
    const result = await runStep({ inputs: inputs({ timeout_seconds: '2' }) })
    expectEndedAtTimeout(result, /no complete answer within timeout_seconds \(2 s\)/)
  })

  it('a body cut short (Content-Length not reached, connection closed): one POST, fails at once', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '120' })
      res.write('{"code":0,"message":"Success","data":{"ticket_')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const result = await runStep({ inputs: inputs() })
    expectFailedStep(result, /reached LiveDesk but the answer was cut short/)
    expectOutcomeUnknown(result)
    expect(desk.creates()).toHaveLength(1)
    expect(result.durationMs).toBeLessThan(SLACK_MS)
  })

  it('the connection reset after the request was sent: one POST', async () => {
    desk.overrides.push((_req, res) => res.socket?.resetAndDestroy())
    const result = await runStep({ inputs: inputs() })
    expectFailedStep(result, /reached LiveDesk but .*ECONNRESET/)
    expectOutcomeUnknown(result)
    expect(desk.creates()).toHaveLength(1)
  })

  it('an HTML page with HTTP 200 (a portal, not LiveDesk): one POST, a short tag-free excerpt', async () => {
    desk.overrides.push(
      html(
        200,
        '<!DOCTYPE html><html><head><title>Sign in</title><script>var x = "<b>"</script></head><body><h1>Please sign in</h1></body></html>',
      ),
    )
    const result = await runStep({ inputs: inputs() })
    expectFailedStep(
      result,
      /answered HTTP 2xx without its \{code, message, data\} envelope; the request may have been carried out\. \(HTTP 200: non-JSON answer: Sign in Please sign in\)/,
    )
    expect(result.visibleLog).not.toMatch(/<\/?(html|h1|script|body)/)
    expectOutcomeUnknown(result)
    expect(desk.creates()).toHaveLength(1)
  })

  it.each([
    [500, json(500, { code: 1000, message: 'internal error' }), 'HTTP 500, code 1000: internal error'],
    [
      502,
      html(502, '<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>'),
      'HTTP 502: non-JSON answer: 502 Bad Gateway nginx',
    ],
    [504, html(504, '<html><body>Gateway Time-out</body></html>'), 'HTTP 504: non-JSON answer: Gateway Time-out'],
    [524, html(524, '<html><body>A timeout occurred</body></html>'), 'HTTP 524: non-JSON answer: A timeout occurred'],
  ])('HTTP %i: not repeated, one POST', async (_status, handler, statusLine) => {
    desk.overrides.push(handler, json(200, { code: 0, data: { ticket_id: 'tk_second' } }))
    const result = await runStep({ inputs: inputs() })
    expectFailedStep(result, /failed while handling the request; it may have been carried out\./)
    expect(result.visibleLog).toContain(statusLine)
    expectOutcomeUnknown(result)
    expect(desk.creates()).toHaveLength(1)
  })

  it('a ticket_id with a newline never becomes an output', async () => {
    desk.overrides.push(json(200, { code: 0, message: 'Success', data: { ticket_id: 'tk_1\n::set-output name=x::y' } }))
    const result = await runStep({ inputs: inputs() })
    expectFailedStep(
      result,
      /LiveDesk reported success but returned an unusable ticket id \("tk_1 ::set-output name=x::y"\); a ticket was probably created\./,
    )
    expectOutcomeUnknown(result)
    expect(result.outputs).toEqual({ status: 'failed' })
    expect(result.visibleLog).not.toMatch(/^::set-output/m)
    expect(desk.creates()).toHaveLength(1)
  })

  it.each([
    ['"::"', 'tk::stop-commands'],
    ['no id at all', undefined],
    ['an id longer than 128 characters', 'x'.repeat(129)],
  ])('a ticket_id with %s never becomes an output', async (_what, id) => {
    desk.overrides.push(json(200, { code: 0, message: 'Success', data: id === undefined ? {} : { ticket_id: id } }))
    const result = await runStep({ inputs: inputs() })
    expectFailedStep(result, /LiveDesk reported success but returned (an unusable ticket id|no ticket id)/)
    expect(result.outputs).toEqual({ status: 'failed' })
    expect(desk.creates()).toHaveLength(1)
  })

  it('with fail_on_error false the step passes, with a warning that carries the reason', async () => {
    desk.overrides.push(() => undefined)
    const result = await runStep({ inputs: inputs({ timeout_seconds: '1', fail_on_error: 'false' }) })
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({ status: 'failed' })
    expect(result.visibleLog).toMatch(
      /^::warning title=LiveDesk ticket not opened::.*no complete answer within timeout_seconds \(1 s\).*The outcome is unknown.*\(fail_on_error is false, so the step passes\.\)$/m,
    )
    expect(result.visibleLog).not.toMatch(/^::error/m)
    expectNothingLost(result)
    expect(desk.creates()).toHaveLength(1)
    expectOnTime(result, 1)
  })
})

describe('final answers: fail at once with status, code and message', () => {
  it.each([
    [400, { code: 3002, message: 'Invalid parameters: title' }, 'HTTP 400, code 3002: Invalid parameters: title'],
    [401, { code: 2001, message: 'Authentication failed' }, 'HTTP 401, code 2001: Authentication failed'],
    [
      403,
      { error: { code: 2004, message: 'Forbidden for this API key' } },
      'HTTP 403, code 2004: Forbidden for this API key',
    ],
    [404, { code: 4001, message: 'No such API' }, 'HTTP 404, code 4001: No such API'],
    [409, { code: 3003, message: 'Conflict' }, 'HTTP 409, code 3003: Conflict'],
    [
      422,
      { code: 3003, message: 'assignment_team does not exist' },
      'HTTP 422, code 3003: assignment_team does not exist',
    ],
    [
      200,
      { code: 3003, message: 'assignment_team "Platform On-Call" does not exist', data: null },
      'HTTP 200, code 3003: assignment_team "Platform On-Call" does not exist',
    ],
  ])('HTTP %i: one POST, not retried', async (status, body, statusLine) => {
    desk.overrides.push(json(status, body))
    const result = await runStep({ inputs: inputs() })
    expectFailedStep(result, /LiveDesk refused the request\./)
    // A create answered 404 points at base_url's path, before the count of tries.
    const hint =
      status === 404
        ? ' No ticket endpoint answered at base_url: check base_url, to which the action adds /api/v2/accounts/tickets (give the host, and any prefix before /api/v2).'
        : ''
    expect(result.visibleLog).toContain(`(${statusLine})${hint} Tried once. No ticket was created.`)
    if (status === 401 || status === 403) expect(result.visibleLog).toContain('Check api_key and api_secret')
    expect(desk.creates()).toHaveLength(1)
    expect(result.durationMs).toBeLessThan(SLACK_MS)
  })

  it('a redirect is refused: the second server receives nothing, credentials included', async () => {
    const elsewhere = await startRecorder()
    try {
      desk.overrides.push((_req, res) => {
        res.writeHead(307, { location: `${elsewhere.url}/api/v2/accounts/tickets` })
        res.end()
      })
      const result = await runStep({ inputs: inputs() })
      expectFailedStep(
        result,
        new RegExp(
          `LiveDesk answered HTTP 307, a redirect to ${elsewhere.url.replace(/\./g, '\\.')}\\. Redirects are never followed, so the credentials stay with base_url; check base_url\\.`,
        ),
      )
      expect(elsewhere.requests).toHaveLength(0)
      expect(desk.creates()).toHaveLength(1)
    } finally {
      await elsewhere.close()
    }
  })
})

describe('hostile input: refused, or cut with a warning, before any request', () => {
  it.each([
    [
      'a parse error on line 3',
      'service: checkout\nregion: eu\nteam: [unclosed',
      /^::error title=LiveDesk ticket%3A invalid input::The LiveDesk ticket was not opened: custom_fields: line 3: /m,
    ],
    [
      'a __proto__ key',
      'service: checkout\n__proto__:\n  admin: "true"',
      /custom_fields: line 2: the key "__proto__" is not allowed\./,
    ],
    [
      'an alias',
      'a: &x checkout\nb: *x',
      /custom_fields: line 2: aliases \(\*x\) are not allowed; write the value out\./,
    ],
    ['a duplicate key', 'service: a\nservice: b', /custom_fields: line 2: Map keys must be unique\./],
    ['deep nesting', `x: ${'['.repeat(5000)}`, /custom_fields: is nested deeper than 8 levels\./],
  ])('custom_fields with %s: a named error, no stack trace, nothing sent', async (_what, text, message) => {
    const result = await runStep({ inputs: inputs({ custom_fields: text }) })
    expect(result.code).toBe(1)
    expect(result.outputs.status).toBe('failed')
    expect(result.visibleLog).toMatch(message)
    expect(result.visibleLog).not.toMatch(/\n\s+at |YAMLParseError|TypeError|RangeError/)
    expect(desk.requests).toHaveLength(0)
  })

  it('a 3 MiB description_file is cut at 1 MiB, with a warning and a visible marker in the ticket', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
    writeFileSync(join(workspace, 'build.log'), 'é'.repeat(1.5 * 1024 * 1024)) // 2-byte characters: a cut may not split one
    const result = await runStep({ inputs: inputs({ description: '', description_file: 'build.log' }), workspace })
    expect(result.code).toBe(0)
    expect(result.visibleLog).toMatch(
      /^::warning title=LiveDesk ticket::The description is 3145728 bytes; it was cut at 1 MiB and ends with a visible note\.$/m,
    )
    const sent: string = desk.creates()[0].body.description
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(1024 * 1024)
    expect(sent).toMatch(
      /^é+\n\n---\n\*\*\[Description cut at 1 MiB by the LiveDesk ticket action; the rest was not sent\.\]\*\*$/,
    )
  })
})
