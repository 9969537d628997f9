// One exchange against real servers on 127.0.0.1: whether a failed request counts as sent decides
// whether LiveDesk is asked again, so each way of failing is pinned at the transport's edge. Sent
// means written over an open connection: the bundle's fault tests see the same through the action.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { closedPort, selfSignedCert, startConnectProxy, startTlsFront } from '../../__fixtures__/fault-servers.js'
import { send, TransportError } from '../../src/http/transport.js'
import { httpRequest } from '../../__fixtures__/http-request.js'
import { rejection } from '../../__fixtures__/rejection.js'

const servers: { close(): unknown }[] = []
afterAll(() => {
  for (const s of servers) s.close()
})

/** An HTTP server on 127.0.0.1 that reads each request whole, then does what `then` says. */
async function server(then: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<string> {
  const s = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => then(req, res))
  })
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  servers.push({ close: () => (s.closeAllConnections(), s.close()) })
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

/** A server that accepts the connection and never reads a byte of it. */
async function neverReads(): Promise<string> {
  const sockets: net.Socket[] = []
  const s = net.createServer((socket) => {
    socket.pause()
    sockets.push(socket)
  })
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  servers.push({ close: () => (sockets.forEach((k) => k.destroy()), s.close()) })
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

const failure = (p: Promise<unknown>): Promise<TransportError> => rejection(p, TransportError)

/** What a caller decides on: whether it was sent, timed out, its code, and the proxy it blames. */
const facts = (err: TransportError): object => ({
  sent: err.sent,
  timedOut: err.timedOut,
  code: err.code,
  proxy: err.proxy,
  proxyStatus: err.proxyStatus,
})

describe('sent: written over an open connection, and only that', () => {
  it('an answer is read whole', async () => {
    const url = await server((_req, res) => res.end('{"code":0}'))
    const res = await send(httpRequest(url))
    expect([res.status, res.body, res.partial]).toEqual([200, '{"code":0}', undefined])
  })

  it('connection refused: not sent', async () => {
    const err = await failure(send(httpRequest(`http://127.0.0.1:${await closedPort()}`)))
    expect(facts(err)).toEqual({ sent: false, timedOut: false, code: 'ECONNREFUSED' })
  })

  it('a server that reads the request and never answers: sent, then the deadline', async () => {
    const url = await server(() => undefined)
    const err = await failure(send(httpRequest(url, { deadline: Date.now() + 500 })))
    expect(facts(err)).toEqual({ sent: true, timedOut: true, code: 'ETIMEDOUT' })
    expect(err.message).toBe('no complete answer before the deadline')
  })

  it('a connection reset after the request was read: sent', async () => {
    const url = await server((req) => req.socket.resetAndDestroy())
    const err = await failure(send(httpRequest(url)))
    expect(facts(err)).toEqual({ sent: true, timedOut: false, code: 'ECONNRESET' })
  })

  it('a body the server never reads (connected, the request not all written): not sent', async () => {
    // Larger than what the kernel buffers on loopback, so the request can never be written out.
    const body = 'x'.repeat(64 * 1024 * 1024)
    const err = await failure(send(httpRequest(await neverReads(), { body, deadline: Date.now() + 1000 })))
    expect(facts(err)).toEqual({ sent: false, timedOut: true, code: 'ETIMEDOUT' })
    expect(err.message).toBe('could not connect and send before the deadline')
  })

  it('a TLS handshake that fails: not sent, and nothing reaches the server behind it', async () => {
    let reached = 0
    const backend = await server((_req, res) => (reached++, res.end('{}')))
    const front = await startTlsFront(selfSignedCert(), Number(new URL(backend).port))
    servers.push(front)
    const err = await failure(send(httpRequest(front.url)))
    expect(err.sent).toBe(false)
    expect(err.code).toMatch(/SELF_SIGNED/)
    expect(reached).toBe(0)
  })
})

describe('behind a proxy: until it opens the tunnel, a failure is the proxy’s', () => {
  const saved = process.env.HTTP_PROXY
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>
  beforeAll(async () => {
    proxy = await startConnectProxy({ auth: 'user:pass' })
    servers.push(proxy)
  })
  afterEach(() => {
    if (saved === undefined) delete process.env.HTTP_PROXY
    else process.env.HTTP_PROXY = saved
  })

  it('a CONNECT refused (407): not sent, the proxy named with its answer', async () => {
    process.env.HTTP_PROXY = `http://someone:else@127.0.0.1:${proxy.port}`
    const url = await server((_req, res) => res.end('{}'))
    const err = await failure(send(httpRequest(url)))
    expect(facts(err)).toEqual({
      sent: false,
      timedOut: false,
      code: 'EPROXY',
      proxy: `http://127.0.0.1:${proxy.port} (HTTP_PROXY)`,
      proxyStatus: 407,
    })
  })

  it('a proxy that cannot be reached: not sent, the proxy named', async () => {
    const port = await closedPort()
    process.env.HTTP_PROXY = `http://127.0.0.1:${port}`
    const err = await failure(send(httpRequest('http://127.0.0.1:9/')))
    expect(facts(err)).toEqual({
      sent: false,
      timedOut: false,
      code: 'ECONNREFUSED',
      proxy: `http://127.0.0.1:${port} (HTTP_PROXY)`,
    })
  })

  it('through an open tunnel, a reset after the request was read is the server’s: sent, no proxy named', async () => {
    process.env.HTTP_PROXY = `http://user:pass@127.0.0.1:${proxy.port}`
    const url = await server((req) => req.socket.resetAndDestroy())
    const err = await failure(send(httpRequest(url)))
    expect(err.sent).toBe(true)
    expect(err.proxy).toBeUndefined()
  })
})

it('a header Node refuses to send: refused at once, and nothing goes off at the deadline after', async () => {
  const url = await server((_req, res) => res.end('{}'))
  const deadline = Date.now() + 200
  await expect(send(httpRequest(url, { headers: { authorization: 'token a\nb' }, deadline }))).rejects.toThrow(
    /Invalid character in header content/,
  )
  // Before, the deadline's timer went on and threw in the test's process when it fired.
  await new Promise((r) => setTimeout(r, 400))
})
