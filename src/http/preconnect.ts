// A connection opened before its request is ready: the handshakes (TCP, TLS, a proxy's tunnel) run while
// the run does other work, and the first request takes the connection. Nothing goes over it but the
// handshakes until then: the request, credentials and all, only with the request. A connection that
// fails, closes, says anything or waits too long is dropped, and the request connects as without one.
// Behind a proxy, a tunnel the proxy answered is the exception: its refusal, or the TLS handshake
// through it failing, is the request's answer, so the proxy is asked once per attempt (a proxy that
// locks an account after failed logins must not see two).
import { EventEmitter } from 'node:events'
import type { ClientRequest } from 'node:http'
import net, { type Socket } from 'node:net'
import tls from 'node:tls'
import { proxyFor, proxyRefused, TransportError, type Preconnected, type Proxy } from './transport.js'

/**
 * The longest an open connection waits for its request before it is dropped. Far below what servers
 * give a new connection to send its request (nginx, Node: 60 s), so that a request never goes over a
 * connection the server is closing (which would make it look sent).
 */
const IDLE_MS = 5_000

export interface Preconnection extends Preconnected {
  /** Drops the connection unless a request took it. */
  close(): void
}

export interface PreconnectLimits {
  /** Bounds the opening, tunnel and handshakes included. */
  connectTimeoutMs: number
}

/** Starts opening a connection to `url`'s origin, through the runner's proxy when one applies. */
export function preconnect(url: URL, limits: PreconnectLimits): Preconnection {
  return new Preconnect(url, limits)
}

class Preconnect implements Preconnection {
  private readonly abort = new AbortController()
  private readonly opening: Promise<Socket | undefined>
  /** The open connection, idle, until a request takes it or it is dropped. */
  private idle: Socket | undefined
  private idleTimer: NodeJS.Timeout | undefined
  private readonly drop = (): void => this.dropIdle()
  /** How the tunnel the proxy answered failed, given to the request in place of a connection. */
  private refused: TransportError | undefined
  private asked = false
  private given = false

  constructor(url: URL, { connectTimeoutMs }: PreconnectLimits) {
    const timer = setTimeout(() => this.abort.abort(), connectTimeoutMs).unref()
    this.opening = open(url, this.abort.signal).then(
      (socket) => this.hold(socket),
      (err: unknown) => {
        if (err instanceof TransportError) this.refused = err
        return undefined
      },
    )
    void this.opening.finally(() => clearTimeout(timer))
  }

  async take(waitMs: number): Promise<Socket | undefined> {
    if (this.asked) return undefined
    this.asked = true
    const socket = await within(this.opening, waitMs)
    if (this.refused) throw this.refused
    if (!socket || socket !== this.idle) {
      this.close()
      return undefined
    }
    socket.removeListener('data', this.drop).removeListener('end', this.drop).removeListener('close', this.drop)
    clearTimeout(this.idleTimer)
    this.idle = undefined
    this.given = true
    // From here the socket is the request's, and holds the step open until its answer.
    socket.ref()
    return socket
  }

  close(): void {
    if (this.given) return
    this.asked = true
    this.abort.abort()
    this.dropIdle()
  }

  /** Keeps an open connection idle (and unable to hold the step open) until a request takes it. */
  private hold(socket: Socket): Socket | undefined {
    if (this.abort.signal.aborted) {
      socket.destroy()
      return undefined
    }
    // An HTTP server says nothing before a request: whatever it says (a 408, say) is not an answer to ours.
    socket.on('data', this.drop).on('end', this.drop).on('close', this.drop)
    socket.unref()
    this.idleTimer = setTimeout(this.drop, IDLE_MS).unref()
    this.idle = socket
    return socket
  }

  private dropIdle(): void {
    clearTimeout(this.idleTimer)
    this.idle?.destroy()
    this.idle = undefined
  }
}

/** The connection, open (TLS handshake done), or a rejection. */
async function open(url: URL, signal: AbortSignal): Promise<Socket> {
  const secure = url.protocol === 'https:'
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(url.port) || (secure ? 443 : 80)
  const proxy = proxyFor(url)
  if (proxy) return tunnel(proxy, { host, port, secure }, signal)
  // As https.request connects: SNI with a host name (never an IP), the default certificate checks.
  const socket = secure
    ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
    : net.connect({ host, port })
  return opened(socket, secure, signal)
}

/** A tunnel through the proxy, as the transport's requests open it (https-proxy-agent), then TLS through it. */
async function tunnel(
  proxy: Proxy,
  target: { host: string; port: number; secure: boolean },
  signal: AbortSignal,
): Promise<Socket> {
  const { HttpsProxyAgent } = await import('https-proxy-agent')
  const agent = new HttpsProxyAgent(proxy.href, { signal } as ConstructorParameters<typeof HttpsProxyAgent>[1])
  let answer: { statusCode: number; statusText?: string } = { statusCode: 0 }
  // What the agent tells the request it works for: the proxy's answer to CONNECT.
  const request = new EventEmitter()
    .on('proxyConnect', (connect: typeof answer) => {
      answer = connect
    })
    // The socket to the proxy, under the tunnel: its late errors must not go unhandled either.
    .on('proxy', ({ socket }: { socket: Socket }) => socket.on('error', () => undefined))
  const socket = await agent.connect(request as unknown as ClientRequest, {
    host: target.host,
    port: target.port,
    secureEndpoint: target.secure,
  })
  if (answer.statusCode !== 200) {
    socket.destroy()
    // An answer from the proxy (0: none came) is final for this attempt.
    if (answer.statusCode) throw proxyRefused(answer.statusCode, answer.statusText, proxy)
    throw new Error('the proxy gave no answer to CONNECT')
  }
  if (!target.secure) return socket
  return opened(socket, true, signal).catch((err: unknown) => {
    if (signal.aborted) throw err
    // As the request would have failed over its own tunnel: not sent, the proxy no longer in question.
    const { message, code } = err as NodeJS.ErrnoException
    throw new TransportError(message, false, code, false)
  })
}

/** Resolves once `socket` is connected (and its TLS handshake done); rejects when it fails or `signal` aborts. */
function opened(socket: Socket, secure: boolean, signal: AbortSignal): Promise<Socket> {
  // A late error (after the request took it, or once dropped) must never go unhandled: the request listens too.
  socket.on('error', () => undefined)
  socket.setNoDelay(true)
  let error: Error | undefined
  socket.once('error', (err) => (error = err))
  return new Promise((resolve, reject) => {
    const fail = (): void => {
      socket.destroy()
      reject(error ?? new Error('the connection did not open'))
    }
    if (signal.aborted) return fail()
    signal.addEventListener('abort', fail, { once: true })
    socket.once('close', fail)
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      signal.removeEventListener('abort', fail)
      socket.removeListener('close', fail)
      resolve(socket)
    })
  })
}

/** What `promise` gives within `ms`, or undefined. */
function within<T>(promise: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms))
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
