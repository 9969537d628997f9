// A connection to LiveDesk opened before its request is ready: connecting (TCP, TLS, a proxy's tunnel)
// takes place while the run reads GitHub, and the first request takes the connection. Nothing is sent
// over it before the request, so the credentials go only with the request. A connection that
// fails, closes, says anything or waits too long is dropped, and the request connects as without one.
// Behind a proxy it is the first attempt's tunnel: however it fails (the proxy refuses it, does not
// answer in time, or the TLS handshake through it fails), that is the attempt's failure, so the proxy
// is asked once per attempt (a proxy that locks an account after failed logins must not see two). Only
// a tunnel that opened and was dropped unused (closed, idle too long) is asked for again.
import http from 'node:http'
import https from 'node:https'
import net, { type Socket } from 'node:net'
import tls from 'node:tls'
import { proxyFor, type Proxy } from './proxy.js'
import { proxyRefused, refuseUnusable, TransportError, type Preconnected } from './transport.js'

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
  /** Behind a proxy: how the tunnel failed, given to the request in place of a connection. */
  private failed: TransportError | undefined
  /** The runner's proxy for the URL, if one applies. */
  private readonly proxy: Proxy | undefined
  /** The proxy answered CONNECT with 200: a failure from here on is no longer the proxy's. */
  private tunnelOpen = false
  private settled = false
  private asked = false
  private given = false
  /** Ends the opening after the connect timeout, until a request takes it over (take). */
  private readonly timer: NodeJS.Timeout

  constructor(url: URL, { connectTimeoutMs }: PreconnectLimits) {
    this.timer = setTimeout(() => this.abort.abort(), connectTimeoutMs).unref()
    this.proxy = proxyFor(url)
    const opening = this.proxy
      ? tunnel(this.proxy, target(url), this.abort.signal, () => (this.tunnelOpen = true))
      : open(url, this.abort.signal)
    this.opening = opening.then(
      (socket) => this.hold(socket),
      (err: unknown) => {
        if (this.proxy && !this.asked) this.failed = this.tunnelFailure(err, `${connectTimeoutMs} ms`)
        return undefined
      },
    )
    void this.opening.finally(() => {
      this.settled = true
      clearTimeout(this.timer)
    })
  }

  async take(waitMs: number): Promise<Socket | undefined> {
    if (this.asked) return undefined
    // From here the request's own connect window (waitMs) bounds the opening, as it would bound the
    // request's own connection: a run that read GitHub for a while gives the tunnel no less time.
    if (!this.settled) clearTimeout(this.timer)
    const socket = await within(this.opening, waitMs)
    this.asked = true
    if (this.failed) throw this.failed
    // Behind a proxy, a tunnel still opening when the request may wait no longer is the attempt's.
    if (this.proxy && !this.settled) {
      const failure = this.tunnelFailure(undefined, `${waitMs} ms`)
      this.close()
      throw failure
    }
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

  /**
   * The request's failure for a tunnel that failed with `err` (undefined, or the abort of the connect
   * timeout: it did not open within `waited`), as the transport words its own: not sent, and the
   * proxy named while it had not opened the tunnel.
   */
  private tunnelFailure(err: unknown, waited: string): TransportError {
    if (err instanceof TransportError) return err
    const proxy = this.tunnelOpen ? undefined : this.proxy?.shown
    const timedOut = err === undefined || this.abort.signal.aborted
    if (timedOut)
      return new TransportError(`could not connect within ${waited}`, false, 'ECONNECTTIMEOUT', false, undefined, proxy)
    const { message, code } = err as NodeJS.ErrnoException
    return new TransportError(message, false, code, false, undefined, proxy)
  }
}

/** Where a URL's connection goes: its host (an IPv6 address without brackets), port and whether TLS. */
function target(url: URL): { host: string; port: number; secure: boolean } {
  const secure = url.protocol === 'https:'
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (secure ? 443 : 80), secure }
}

/** The connection without a proxy, open (TLS handshake done), or a rejection. */
async function open(url: URL, signal: AbortSignal): Promise<Socket> {
  const { host, port, secure } = target(url)
  // As https.request connects: SNI with a host name (never an IP), the default certificate checks.
  const socket = secure
    ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
    : net.connect({ host, port })
  return opened(socket, secure, signal)
}

/**
 * A tunnel through the proxy, asked for as the transport's requests ask (https-proxy-agent: the
 * target's host:port, the proxy's user and password as Basic), with Node's own CONNECT request; then
 * TLS to the target through it.
 */
async function tunnel(
  proxy: Proxy,
  target: { host: string; port: number; secure: boolean },
  signal: AbortSignal,
  onOpen: () => void,
): Promise<Socket> {
  refuseUnusable(proxy)
  const via = new URL(proxy.href)
  const authority = `${net.isIPv6(target.host) ? `[${target.host}]` : target.host}:${target.port}`
  const headers: Record<string, string> = { host: authority }
  if (via.username || via.password) {
    const user = `${decodeURIComponent(via.username)}:${decodeURIComponent(via.password)}`
    headers['proxy-authorization'] = `Basic ${Buffer.from(user).toString('base64')}`
  }
  const socket = await new Promise<Socket>((resolve, reject) => {
    const request = (via.protocol === 'https:' ? https : http).request({
      host: via.hostname.replace(/^\[|\]$/g, ''),
      port: via.port || (via.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
      signal,
    })
    // Node gives every answer to a CONNECT here, 200 or not, with the socket to the proxy.
    request.once('connect', (answer: http.IncomingMessage, tunnelled: Socket) => {
      // The socket to the proxy: its late errors must not go unhandled.
      tunnelled.on('error', () => undefined)
      if (answer.statusCode === 200) return resolve(tunnelled)
      tunnelled.destroy()
      reject(proxyRefused(answer.statusCode ?? 0, answer.statusMessage, proxy))
    })
    request.once('error', reject)
    request.end()
  })
  onOpen()
  if (!target.secure) return socket
  // As https.request connects: SNI with a host name (never an IP), the default certificate checks.
  const servername = net.isIP(target.host) ? undefined : target.host
  return opened(tls.connect({ socket, servername }), true, signal)
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
