// Small real servers on 127.0.0.1 for the fault tests: a recorder, a TLS front, a CONNECT proxy.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import http, { type IncomingHttpHeaders } from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'
import { selfSignedCert as certificateIn } from './self-signed-cert.mjs'

export interface Closable {
  close(): Promise<void>
}

function portOf(server: net.Server): number {
  return (server.address() as AddressInfo).port
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
}

function track(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>()
  server.on('connection', (s: net.Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  return sockets
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = portOf(server)
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

/** LiveDesk's success answer, from a server that should never have been asked. */
function answerStolen(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end('{"code":0,"message":"Success","data":{"ticket_id":"tk_stolen"}}')
}

/**
 * Any HTTP server that records what reaches it (e.g. the target of a redirect); `answer` writes its
 * reply (by default LiveDesk's success, with ticket tk_stolen).
 */
export async function startRecorder(
  answer: (res: http.ServerResponse) => void = answerStolen,
): Promise<Closable & { url: string; requests: { method: string; url: string; headers: IncomingHttpHeaders }[] }> {
  const requests: { method: string; url: string; headers: IncomingHttpHeaders }[] = []
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    req.resume()
    answer(res)
  })
  const sockets = track(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${portOf(server)}`, requests, close: closer(server, sockets) }
}

export interface Certificate {
  key: string
  cert: string
  certFile: string
}

/** A self-signed certificate for localhost and 127.0.0.1 (openssl, a few ms), in a folder of its own. */
export function selfSignedCert(): Certificate {
  return certificateIn(mkdtempSync(join(tmpdir(), 'livedesk-cert-')))
}

/**
 * TLS on 127.0.0.1 in front of a plain HTTP server (the LiveDesk stand-in), so the action can
 * use an https:// base_url. Counts handshakes that completed and that failed.
 */
export async function startTlsFront(
  cert: Certificate,
  targetPort: number,
): Promise<Closable & { url: string; port: number; handshakes: number; failedHandshakes: number }> {
  const server = tls.createServer({ key: cert.key, cert: cert.cert }, (client) => {
    state.handshakes += 1
    const upstream = net.connect(targetPort, '127.0.0.1')
    client.pipe(upstream).pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  server.on('tlsClientError', () => {
    state.failedHandshakes += 1
  })
  const sockets = track(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = portOf(server)
  const state = {
    url: `https://127.0.0.1:${port}`,
    port,
    handshakes: 0,
    failedHandshakes: 0,
    close: closer(server, sockets),
  }
  return state
}

export interface ProxyOptions {
  /** "user:password" the proxy requires; anything else gets 407. */
  auth?: string
  /** Accept the connection and never answer the CONNECT. */
  stall?: boolean
  /** Answer every CONNECT with this status (a proxy's 502 when it cannot reach the host, say). */
  refuseWith?: number
}

/** An HTTP CONNECT proxy on 127.0.0.1 that records every tunnel asked for. */
export async function startConnectProxy(options: ProxyOptions = {}): Promise<
  Closable & {
    url: string
    port: number
    connects: { target: string; headers: IncomingHttpHeaders }[]
    connections: number
  }
> {
  const server = http.createServer((_req, res) => {
    res.writeHead(405)
    res.end('CONNECT only')
  })
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    state.connects.push({ target: req.url ?? '', headers: req.headers })
    if (options.stall) return
    if (options.refuseWith) {
      client.end(`HTTP/1.1 ${options.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    const expected = options.auth ? `Basic ${Buffer.from(options.auth).toString('base64')}` : undefined
    if (expected && req.headers['proxy-authorization'] !== expected) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      )
      return
    }
    const [host, port] = (req.url ?? '').split(':')
    // Everything here listens on 127.0.0.1 only; "localhost" may resolve to ::1 first.
    const upstream = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length) upstream.write(head)
      client.pipe(upstream).pipe(client)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  const sockets = track(server)
  server.on('connection', () => {
    state.connections += 1
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = portOf(server)
  const state = {
    url: `http://127.0.0.1:${port}`,
    port,
    connects: [] as { target: string; headers: IncomingHttpHeaders }[],
    connections: 0,
    close: closer(server, sockets),
  }
  return state
}

/** python3, which can hold a listening socket that never accepts (Node always accepts). */
export const hasPython = spawnSync('python3', ['--version']).status === 0

/**
 * A port whose listen queue is full, so a new connection is never completed: a connect timeout,
 * as behind a firewall that drops packets.
 */
export async function blackHolePort(): Promise<Closable & { port: number }> {
  const script = [
    'import socket, sys, time',
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)",
    "f = socket.create_connection(('127.0.0.1', s.getsockname()[1]))",
    'print(s.getsockname()[1], flush=True)',
    'sys.stdin.read()',
  ].join('\n')
  const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())))
    child.once('error', reject)
  })
  // A second filler connection: with backlog 0 Linux still queues one.
  const filler = net.connect(port, '127.0.0.1')
  filler.on('error', () => undefined)
  await new Promise((r) => setTimeout(r, 100))
  return {
    port,
    close: async () => {
      filler.destroy()
      child.stdin.end()
      await new Promise((r) => child.once('close', r))
    },
  }
}
