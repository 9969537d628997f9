// The transport as a reader sees it from outside: answers, deadlines, cut-offs and proxies (transport.unit.test.ts pins its stages).
// One HTTP exchange (src/http/transport.ts) against real servers on 127.0.0.1: the answer read whole or
// in part, the deadline over connect, headers and body, and whether the request had been sent when it
// failed (after that the server may have acted on it: a POST is not repeated). Behind a proxy: a refused
// CONNECT is the proxy's failure, and nothing went past it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { closedPort, selfSignedCert, startConnectProxy, startTlsFront } from '../../__fixtures__/fault-servers.js'
import { proxyFor } from '../../src/http/proxy.js'
import { RESPONSE_TOO_LARGE, send, TransportError, type HttpRequest } from '../../src/http/transport.js'
import { httpRequest } from '../../__fixtures__/http-request.js'
import { rejection } from '../../__fixtures__/rejection.js'

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void
const handlers: Handler[] = []
const received: { method: string; body: string }[] = []
let server: http.Server
let url: URL

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => {
      received.push({ method: req.method ?? '', body })
      const handler = handlers.shift() ?? ((_q, s) => s.end('{"ok":true}'))
      handler(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/accounts/tickets`)
})
afterEach(() => {
  handlers.length = 0
  received.length = 0
  server.closeAllConnections()
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const failure = (promise: Promise<unknown>): Promise<TransportError> => rejection(promise, TransportError)
/** 1 s to connect and answer, up to 1 KB back. */
const request = (extra: Partial<HttpRequest> = {}): HttpRequest =>
  httpRequest(url, {
    body: '{"title":"Build failed"}',
    deadline: Date.now() + 1000,
    connectTimeoutMs: 1000,
    maxResponseBytes: 1024,
    ...extra,
  })

describe('an answer', () => {
  it('is read whole: status, headers and body; the body was sent with its length', async () => {
    handlers.push((_q, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r1' })
      res.end('{"code":0}')
    })
    const res = await send(request())
    expect(res).toMatchObject({ status: 201, body: '{"code":0}', headers: { 'x-request-id': 'r1' } })
    expect(res.partial).toBeUndefined()
    expect(received).toEqual([{ method: 'POST', body: '{"title":"Build failed"}' }])
  })

  it('larger than maxResponseBytes: refused, unless only part of it is wanted', async () => {
    handlers.push((_q, res) => res.end('x'.repeat(4096)))
    expect(await failure(send(request()))).toMatchObject({ code: RESPONSE_TOO_LARGE, sent: true })
    handlers.push((_q, res) => res.end('x'.repeat(4096)))
    const part = await send(request({ keepPart: {} }))
    expect(part).toMatchObject({ status: 200, partial: true, body: 'x'.repeat(1024) })
  })

  it('read in part: ends at the chunk `enough` names, without waiting for the rest', async () => {
    handlers.push((_q, res) => {
      res.writeHead(200)
      res.write('line 1\n##[error]failed\n')
      // The rest would never come: the exchange must not wait for it.
    })
    const part = await send(request({ keepPart: { enough: (chunk) => chunk.includes('##[error]') } }))
    expect(part).toMatchObject({ partial: true, body: 'line 1\n##[error]failed\n' })
  })
})

describe('the deadline: over connect, headers and body', () => {
  it('no answer: timed out, and the request had been sent', async () => {
    handlers.push(() => undefined)
    const started = Date.now()
    const err = await failure(send(request({ deadline: Date.now() + 300 })))
    expect(err).toMatchObject({ code: 'ETIMEDOUT', timedOut: true, sent: true })
    expect(err.message).toBe('no complete answer before the deadline')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('headers, then a stalled body: timed out too', async () => {
    handlers.push((_q, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"code":')
    })
    expect(await failure(send(request({ deadline: Date.now() + 300 })))).toMatchObject({
      code: 'ETIMEDOUT',
      timedOut: true,
      sent: true,
    })
  })
})

describe('cut off: was the request sent?', () => {
  it('the connection reset after the server read the request: sent', async () => {
    handlers.push((_q, res) => res.socket?.resetAndDestroy())
    expect(await failure(send(request()))).toMatchObject({ code: 'ECONNRESET', sent: true, timedOut: false })
  })

  it('a body shorter than its Content-Length, the connection closed: cut short, sent', async () => {
    handlers.push((_q, res) => {
      res.writeHead(200, { 'content-length': '120' })
      res.write('{"code":0,')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    const err = await failure(send(request()))
    expect(err).toMatchObject({ code: 'ECONNRESET', sent: true })
    expect(err.message).toMatch(/cut short/)
  })

  it('the connection reset before the request was all written (16 MiB, never read): not sent', async () => {
    const resetting = net.createServer((socket) => socket.resetAndDestroy())
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve))
    try {
      const port = (resetting.address() as AddressInfo).port
      const err = await failure(
        send(request({ url: new URL(`http://127.0.0.1:${port}/`), body: 'x'.repeat(16 * 1024 * 1024) })),
      )
      expect(err).toMatchObject({ sent: false, timedOut: false })
      expect(err.code).toMatch(/^(ECONNRESET|EPIPE)$/)
    } finally {
      await new Promise<void>((resolve) => resetting.close(() => resolve()))
    }
  })

  it('nobody listening: not sent', async () => {
    const port = await closedPort()
    expect(await failure(send(request({ url: new URL(`http://127.0.0.1:${port}/`) })))).toMatchObject({
      code: 'ECONNREFUSED',
      sent: false,
    })
  })

  it('a TLS handshake that fails (a certificate not trusted): the bytes queued behind it never reached the server', async () => {
    const front = await startTlsFront(selfSignedCert(), Number(url.port))
    try {
      const err = await failure(send(request({ url: new URL(`${front.url}/api/v2/accounts/tickets`) })))
      expect(err.sent).toBe(false)
      expect(err.code).toMatch(/SELF_SIGNED|CERT/)
      expect(received).toEqual([])
    } finally {
      await front.close()
    }
  })
})

describe('behind a proxy (HTTPS_PROXY)', () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name]
    Object.assign(process.env, saved)
  })

  it('a CONNECT refused (407): the proxy named with its answer, nothing sent, no password shown', async () => {
    const proxy = await startConnectProxy({ auth: 'bot:right' })
    try {
      process.env.HTTPS_PROXY = `http://bot:wrong-password@127.0.0.1:${proxy.port}`
      const err = await failure(send(request({ url: new URL('https://livedesk.example.invalid/api') })))
      expect(err).toMatchObject({ code: 'EPROXY', proxyStatus: 407, sent: false })
      expect(err.message).toBe('the proxy answered CONNECT with HTTP 407 Proxy Authentication Required')
      expect(err.proxy).toBe(`http://127.0.0.1:${proxy.port} (HTTPS_PROXY)`)
      expect(JSON.stringify(err)).not.toContain('wrong-password')
    } finally {
      await proxy.close()
    }
  })

  it("a proxy that never answers CONNECT: the deadline ends it, and the failure is the proxy's", async () => {
    const proxy = await startConnectProxy({ stall: true })
    try {
      process.env.HTTPS_PROXY = `127.0.0.1:${proxy.port}`
      const err = await failure(
        send(request({ url: new URL('https://livedesk.example.invalid/api'), deadline: Date.now() + 300 })),
      )
      expect(err).toMatchObject({ timedOut: true, sent: false, proxy: `http://127.0.0.1:${proxy.port} (HTTPS_PROXY)` })
    } finally {
      await proxy.close()
    }
  })

  it('proxyFor: a proxy without a scheme is http:// (as curl reads it); NO_PROXY is honoured; no password in its name', () => {
    const target = new URL('https://livedesk-api.engagelab.com/api')
    process.env.HTTPS_PROXY = 'bot:secret@proxy.corp:3128'
    expect(proxyFor(target, process.env)).toEqual({
      href: 'http://bot:secret@proxy.corp:3128',
      shown: 'http://proxy.corp:3128 (HTTPS_PROXY)',
    })
    process.env.NO_PROXY = '.engagelab.com'
    expect(proxyFor(target, process.env)).toBeUndefined()
  })
})
