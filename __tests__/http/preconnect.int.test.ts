// Connections opened ahead of their request (http/preconnect.ts) and kept between reads
// (http/kept-connections.ts), against real servers on 127.0.0.1 behind a relay that records every
// connection. What is pinned: the request goes over the connection opened for it and nothing goes
// over it before; a connection that fails, closes, or speaks first costs the request nothing but is
// never used, so that a request is "sent" only over a connection that was open when it went; only
// reads share a kept connection.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { startRelay, type Relay, type RelayBehaviour } from '../../__fixtures__/connection-relay.js'
import { httpRequest } from '../../__fixtures__/http-request.js'
import { closedPort, selfSignedCert, startConnectProxy, startTlsFront } from '../../__fixtures__/fault-servers.js'
import { keptConnections } from '../../src/http/kept-connections.js'
import { preconnect } from '../../src/http/preconnect.js'
import { send, TransportError, type HttpRequest } from '../../src/http/transport.js'

const open: { close(): unknown }[] = []
afterAll(async () => {
  for (const s of open) await s.close()
})

const BASIC = `Basic ${Buffer.from('key:secret').toString('base64')}`

/** An HTTP server on 127.0.0.1 answering every request with its method, behind a relay. */
async function relayed(behaviours: RelayBehaviour[] = [], keepAliveTimeout = 5000): Promise<Relay> {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end(JSON.stringify({ method: req.method })))
  })
  server.keepAliveTimeout = keepAliveTimeout
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  open.push({ close: () => (server.closeAllConnections(), new Promise((r) => server.close(r))) })
  const relay = await startRelay((server.address() as AddressInfo).port, behaviours)
  open.push(relay)
  return relay
}

/** A ticket's POST to the desk at `url`, with its Basic header. */
const request = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest =>
  httpRequest(new URL('/api/v2/accounts/tickets', url), {
    headers: { authorization: BASIC, 'content-type': 'application/json' },
    ...extra,
  })

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Waits until the relay has accepted `count` connections. */
async function accepted(relay: Relay, count: number): Promise<void> {
  for (let i = 0; i < 200 && relay.connections.length < count; i++) await sleep(5)
}

describe('a connection opened ahead of its request', () => {
  it('carries the request, and nothing before it: credentials go only with the request', async () => {
    const relay = await relayed()
    const connection = preconnect(new URL(relay.url), { connectTimeoutMs: 2000 })
    await accepted(relay, 1)
    await sleep(100)
    expect(relay.connections[0].bytes.length).toBe(0)
    const sentAt = Date.now()
    const res = await send(request(relay.url, { connection }))
    expect(res.status).toBe(200)
    expect(relay.connections).toHaveLength(1)
    const [only] = relay.connections
    expect(only.acceptedAt).toBeLessThan(sentAt)
    expect(only.firstByteAt).toBeGreaterThanOrEqual(sentAt)
    expect(only.bytes.toString()).toMatch(/^POST \/api\/v2\/accounts\/tickets HTTP\/1\.1\r\n/)
    expect(only.bytes.toString()).toContain(`authorization: ${BASIC}`)
  })

  it('still opening when the request is ready: the request waits for it (a tunnel the proxy opens late)', async () => {
    const target = await relayed()
    const proxy = await startConnectProxy()
    open.push(proxy)
    // The proxy's answer to CONNECT comes 300 ms late.
    const slow = await startRelay(proxy.port, [{ delayAnswerMs: 300 }])
    open.push(slow)
    const saved = process.env.HTTP_PROXY
    process.env.HTTP_PROXY = slow.url
    try {
      const connection = preconnect(new URL(target.url), { connectTimeoutMs: 2000 })
      const res = await send(request(target.url, { connection }))
      expect(res.status).toBe(200)
      expect(proxy.connects).toHaveLength(1)
      expect(slow.connections).toHaveLength(1)
      expect(target.connections).toHaveLength(1)
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY
      else process.env.HTTP_PROXY = saved
    }
  })

  it('closed by the server before the request: the request connects afresh and is answered', async () => {
    const relay = await relayed([{ closeAfterMs: 50 }])
    const connection = preconnect(new URL(relay.url), { connectTimeoutMs: 2000 })
    await accepted(relay, 1)
    await sleep(200)
    const res = await send(request(relay.url, { connection }))
    expect(JSON.parse(res.body)).toEqual({ method: 'POST' })
    expect(relay.connections).toHaveLength(2)
    expect(relay.connections[0].bytes.length).toBe(0)
  })

  it('failing as it opens: the request connects as it would have without it', async () => {
    const relay = await relayed(['reset'])
    const connection = preconnect(new URL(relay.url), { connectTimeoutMs: 2000 })
    const res = await send(request(relay.url, { connection }))
    expect(res.status).toBe(200)
    expect(relay.connections).toHaveLength(2)
    expect(relay.connections[0].bytes.length).toBe(0)
  })

  it('to a port nothing listens on: the request fails as it would have, not sent', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`
    const connection = preconnect(new URL(url), { connectTimeoutMs: 2000 })
    await sleep(50)
    const err = await send(request(url, { connection })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TransportError)
    expect([(err as TransportError).sent, (err as TransportError).code]).toEqual([false, 'ECONNREFUSED'])
  })

  it('a server that speaks first (an HTTP 408 before any request): never taken for the answer', async () => {
    const relay = await relayed([{ say: 'HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n\r\n' }])
    const connection = preconnect(new URL(relay.url), { connectTimeoutMs: 2000 })
    await accepted(relay, 1)
    await sleep(100)
    const res = await send(request(relay.url, { connection }))
    expect([res.status, JSON.parse(res.body)]).toEqual([200, { method: 'POST' }])
    expect(relay.connections).toHaveLength(2)
    expect(relay.connections[0].bytes.length).toBe(0)
  })

  it('is taken once: a second request (another attempt) opens its own', async () => {
    const relay = await relayed()
    const connection = preconnect(new URL(relay.url), { connectTimeoutMs: 2000 })
    await send(request(relay.url, { connection }))
    await send(request(relay.url, { connection }))
    expect(relay.connections).toHaveLength(2)
  })

  it('closed unused: the connection ends without a byte sent on it', async () => {
    const relay = await relayed()
    const connection = preconnect(new URL(relay.url), { connectTimeoutMs: 2000 })
    await accepted(relay, 1)
    await sleep(50)
    connection.close()
    await sleep(100)
    expect(relay.connections[0].closedAt).toBeDefined()
    expect(relay.connections[0].bytes.length).toBe(0)
  })

  it('over TLS with a certificate the runner does not trust: fails as the request would, nothing reaches the server', async () => {
    const relay = await relayed()
    const front = await startTlsFront(selfSignedCert(), relay.port)
    open.push(front)
    const connection = preconnect(new URL(front.url), { connectTimeoutMs: 2000 })
    const err = await send(request(front.url, { connection })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TransportError)
    expect((err as TransportError).sent).toBe(false)
    expect((err as TransportError).code).toMatch(/SELF_SIGNED/)
    // Its own handshake and the request's (the server may see the last one after the client): no HTTP byte behind.
    await sleep(100)
    expect(front.failedHandshakes).toBe(2)
    expect(relay.connections).toHaveLength(0)
  })
})

describe('behind the runner’s proxy', () => {
  const saved = process.env.HTTP_PROXY
  afterEach(() => {
    if (saved === undefined) delete process.env.HTTP_PROXY
    else process.env.HTTP_PROXY = saved
  })

  /** A proxy that wants user:pass, HTTP_PROXY naming it with `credentials`, and the connection opened ahead through it. */
  async function throughProxy(credentials: string) {
    const relay = await relayed()
    const proxy = await startConnectProxy({ auth: 'user:pass' })
    open.push(proxy)
    process.env.HTTP_PROXY = `http://${credentials}@127.0.0.1:${proxy.port}`
    return { relay, proxy, connection: preconnect(new URL(relay.url), { connectTimeoutMs: 2000 }) }
  }

  it('the tunnel opened ahead carries the request: one CONNECT, the proxy’s credentials in it only', async () => {
    const { relay, proxy, connection } = await throughProxy('user:pass')
    const res = await send(request(relay.url, { connection }))
    expect(res.status).toBe(200)
    expect(proxy.connects).toHaveLength(1)
    expect(proxy.connects[0].headers.authorization).toBeUndefined()
    expect(relay.connections).toHaveLength(1)
    expect(relay.connections[0].bytes.toString()).not.toContain('proxy-authorization')
  })

  it("a tunnel refused (407): the refusal is the request's answer, the proxy asked once and named", async () => {
    const { relay, proxy, connection } = await throughProxy('someone:else')
    const err = (await send(request(relay.url, { connection })).catch((e: unknown) => e)) as TransportError
    expect([err.message, err.sent, err.code, err.proxyStatus, err.proxy]).toEqual([
      'the proxy answered CONNECT with HTTP 407 Proxy Authentication Required',
      false,
      'EPROXY',
      407,
      `http://127.0.0.1:${proxy.port} (HTTP_PROXY)`,
    ])
    // A proxy that locks an account after failed logins counts one.
    expect(proxy.connects).toHaveLength(1)
    expect(relay.connections).toHaveLength(0)
    // The next attempt asks for its own tunnel: one CONNECT per attempt.
    const again = (await send(request(relay.url, { connection })).catch((e: unknown) => e)) as TransportError
    expect([again.code, again.proxyStatus]).toEqual(['EPROXY', 407])
    expect(proxy.connects).toHaveLength(2)
  })

  it('a tunnel refused before the request is ready: still one CONNECT, the refusal kept for the request', async () => {
    const relay = await relayed()
    const proxy = await startConnectProxy({ refuseWith: 502 })
    open.push(proxy)
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`
    const connection = preconnect(new URL(relay.url), { connectTimeoutMs: 2000 })
    for (let i = 0; i < 200 && proxy.connects.length === 0; i++) await sleep(5)
    await sleep(50)
    const err = (await send(request(relay.url, { connection })).catch((e: unknown) => e)) as TransportError
    expect([err.code, err.proxyStatus]).toEqual(['EPROXY', 502])
    expect(proxy.connects).toHaveLength(1)
  })

  it('a proxy that refuses later than the request may wait: the attempt fails then, the proxy asked once', async () => {
    const target = await relayed()
    const proxy = await startConnectProxy({ auth: 'user:pass' })
    open.push(proxy)
    // The proxy's 407 comes 400 ms late; the request waits 150 ms for its connection.
    const slow = await startRelay(proxy.port, [{ delayAnswerMs: 400 }])
    open.push(slow)
    process.env.HTTP_PROXY = `http://someone:else@127.0.0.1:${slow.port}`
    const connection = preconnect(new URL(target.url), { connectTimeoutMs: 2000 })
    const err = (await send(request(target.url, { connection, connectTimeoutMs: 150 })).catch(
      (e: unknown) => e,
    )) as TransportError
    expect([err.message, err.sent, err.code, err.proxy]).toEqual([
      'could not connect within 150 ms',
      false,
      'ECONNECTTIMEOUT',
      `http://127.0.0.1:${slow.port} (HTTP_PROXY)`,
    ])
    await sleep(500)
    expect(proxy.connects).toHaveLength(1)
    expect(target.connections).toHaveLength(0)
  })

  it('a proxy nothing listens on: the attempt fails with what the tunnel met, the proxy named', async () => {
    const port = await closedPort()
    process.env.HTTP_PROXY = `http://127.0.0.1:${port}`
    const connection = preconnect(new URL('http://127.0.0.1:9'), { connectTimeoutMs: 2000 })
    await sleep(100)
    const err = (await send(request('http://127.0.0.1:9', { connection })).catch((e: unknown) => e)) as TransportError
    expect([err.sent, err.code, err.proxy]).toEqual([false, 'ECONNREFUSED', `http://127.0.0.1:${port} (HTTP_PROXY)`])
  })

  it('a tunnel opened to a certificate the runner does not trust: the request fails as it would have, one CONNECT', async () => {
    const relay = await relayed()
    const front = await startTlsFront(selfSignedCert(), Number(new URL(relay.url).port))
    open.push(front)
    const proxy = await startConnectProxy()
    open.push(proxy)
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`
    try {
      const url = `https://localhost:${front.port}`
      const connection = preconnect(new URL(url), { connectTimeoutMs: 2000 })
      const err = (await send(request(url, { connection })).catch((e: unknown) => e)) as TransportError
      expect(err).toBeInstanceOf(TransportError)
      expect([err.sent, err.proxy, err.proxyStatus]).toEqual([false, undefined, undefined])
      expect(err.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/)
      expect(proxy.connects).toHaveLength(1)
      expect(relay.connections).toHaveLength(0)
    } finally {
      delete process.env.HTTPS_PROXY
    }
  })
})

describe('kept connections', () => {
  it('reads share one connection; a write opens its own', async () => {
    const relay = await relayed()
    const kept = keptConnections()
    const read = (): Promise<unknown> => send(request(relay.url, { method: 'GET', body: undefined, kept }))
    await read()
    await read()
    expect(relay.connections).toHaveLength(1)
    await send(request(relay.url, { kept }))
    expect(relay.connections).toHaveLength(2)
    expect(relay.connections[1].bytes.toString()).toMatch(/^POST /)
  })

  it('a kept connection the server has closed is not used again', async () => {
    const relay = await relayed([], 100)
    const kept = keptConnections()
    const read = (): Promise<{ status: number }> => send(request(relay.url, { method: 'GET', body: undefined, kept }))
    await read()
    await sleep(300)
    expect((await read()).status).toBe(200)
    expect(relay.connections).toHaveLength(2)
  })
})
