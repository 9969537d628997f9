// http/ owns one HTTP exchange: deadline, proxies, no redirects, whether a request was sent; it must not know LiveDesk or GitHub.
// One HTTP exchange with a hard deadline over connect, headers and body, through the runner's proxy.
// Knows nothing of LiveDesk or GitHub. Redirects are never followed: node:http does not, and nothing here does.
import http, { type IncomingHttpHeaders } from 'node:http'
import https from 'node:https'
import type { Socket } from 'node:net'
import { proxyFor, type Proxy } from './proxy.js'

export interface HttpRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: string
  /** Epoch ms by which everything, body included, must be over. */
  deadline: number
  connectTimeoutMs: number
  maxResponseBytes: number
  /**
   * Read only part of the answer: past maxResponseBytes, or once `enough` says so of a chunk, the
   * exchange ends with what was read (`partial`) instead of failing. For logs, where the first error
   * is all that is wanted of hundreds of megabytes.
   */
  keepPart?: { enough?: (chunk: Buffer) => boolean }
  /** A connection opened ahead of this request (http/preconnect.ts): used if it is open, else one is opened as usual. */
  connection?: Preconnected
  /** Kept-alive connections of one run (http/kept-connections.ts): a read goes over one when it may. */
  kept?: KeptConnections
}

/** A connection opened ahead of its request: `take` gives it to the request, or undefined. */
export interface Preconnected {
  /**
   * The open connection, now the caller's; undefined when there is none. Waits at most `waitMs` for
   * one still opening. Rejects with the proxy's refusal when the proxy refused its tunnel: that answer
   * is the request's too, and asking the proxy again would count twice against the account.
   */
  take(waitMs: number): Promise<Socket | undefined>
}

/** The proxy answered CONNECT with `status`: nothing went past the proxy. */
export function proxyRefused(status: number, statusText: string | undefined, proxy: Proxy): TransportError {
  const text = statusText ? ` ${statusText}` : ''
  return new TransportError(
    `the proxy answered CONNECT with HTTP ${status}${text}`,
    false,
    'EPROXY',
    false,
    status,
    proxy.shown,
  )
}

/** TransportError's code for a proxy setting that cannot be used (Proxy['unusable']): nothing was sent. */
export const PROXY_UNUSABLE = 'EPROXYSETTING'

/** A proxy setting that cannot be used fails the request before connecting, saying why. */
export function refuseUnusable(proxy: Proxy): void {
  if (proxy.unusable) throw new TransportError(proxy.unusable, false, PROXY_UNUSABLE, false, undefined, proxy.shown)
}

/** Connections kept open between the requests of one run, by origin. */
export interface KeptConnections {
  agent(url: URL): http.Agent
}

/** TransportError's code for an answer over maxResponseBytes (without keepPart). */
export const RESPONSE_TOO_LARGE = 'ERESPONSETOOLARGE'

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** Only the start of the body was read (keepPart). */
  partial?: boolean
}

/**
 * The exchange failed. `sent` says whether the whole request had been handed to the network:
 * after that, the server may have acted on it.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly sent: boolean,
    readonly code: string | undefined,
    readonly timedOut: boolean,
    /** The proxy's answer to CONNECT when it was not 200: nothing went past the proxy. */
    readonly proxyStatus?: number,
    /** The proxy, as "http://host:port (HTTPS_PROXY)", when the failure came before its tunnel was open. */
    readonly proxy?: string,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

/**
 * How the request connects. Over the connection opened for it, when it is open. Behind a proxy: a
 * tunnel whose socket to the proxy ends with `signal`, so a proxy that never answers cannot keep the
 * step alive. Else a read (GET, HEAD) over a kept-alive connection when the caller keeps them: were
 * the server to close it as the read goes, the read is tried again. Anything else: `false`, a fresh
 * connection per attempt (a kept-alive socket the server has just closed would fail after "sending"
 * and look like an unknown outcome, which a write must never be for that reason).
 */
async function connectionFor(
  req: HttpRequest,
  proxy: Proxy | undefined,
  signal: AbortSignal,
  socket: Socket | undefined,
): Promise<Connection> {
  if (socket) return { socket }
  if (!proxy) return { agent: req.kept && isRead(req.method) ? req.kept.agent(req.url) : false }
  refuseUnusable(proxy)
  // Loaded only behind a proxy: most runs never parse it.
  const { HttpsProxyAgent } = await import('https-proxy-agent')
  return {
    agent: new HttpsProxyAgent(proxy.href, { signal } as ConstructorParameters<
      typeof HttpsProxyAgent
    >[1]) as unknown as http.Agent,
  }
}

/** A connection opened for the request, or the agent that opens one (false: a fresh one). */
type Connection = { socket: Socket } | { agent: http.Agent | false }

function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD'
}

/**
 * Where one exchange stands. Sent means written over an open connection, and only that: after it,
 * the server may have acted on the request; bytes written while the connection is still opening
 * (queued behind a TLS handshake that then fails) never reached it.
 *
 *   tunnelling ─(proxy answers CONNECT with 200)─→ connecting      (behind a proxy only)
 *   connecting ─(written)─→ queued ─(connected)─→ sent
 *   connecting ─(connected)─→ sending ─(written)─→ sent
 *   any of these ─→ answered | failed, once
 *
 * Until the tunnel is open, a failure is the proxy's. A proxy's socket comes after its answer to
 * CONNECT (agent-base hands it over only then), so nothing is written or connected while tunnelling.
 * Node 20 and 24 have been seen to emit 'finish' only once the connection is open (TLS handshake
 * included); `queued` keeps the rule should it ever come first.
 */
type Stage = 'tunnelling' | 'connecting' | 'queued' | 'sending' | 'sent' | 'answered' | 'failed'

type StageEvent = 'tunnel open' | 'connected' | 'written'

/** The stage after an event; an event that does not move this stage leaves it as it is. */
function nextStage(stage: Stage, event: StageEvent): Stage {
  if (event === 'tunnel open') return stage === 'tunnelling' ? 'connecting' : stage
  if (event === 'connected') return stage === 'connecting' ? 'sending' : stage === 'queued' ? 'sent' : stage
  return stage === 'connecting' ? 'queued' : stage === 'sending' ? 'sent' : stage
}

export async function send(req: HttpRequest): Promise<HttpResponse> {
  const started = Date.now()
  const socket = await takeConnection(req, started)
  const abort = new AbortController()
  // Over a connection opened ahead, the tunnel (if any) is open: nothing left that could be the proxy's.
  const proxy = socket ? undefined : proxyFor(req.url)
  const connection = await connectionFor(req, proxy, abort.signal, socket)
  return new Promise<HttpResponse>((resolve, reject) => {
    new Exchange(req, proxy, abort, { resolve, reject }, Date.now() - started).start(connection)
  })
}

/**
 * The connection opened ahead, waited for as long as the request's own connecting could take; its
 * failure is the request's (behind a proxy). A connect timeout that leaves no time for another
 * connection before the deadline is the deadline's failure, as the request's own would have been.
 */
async function takeConnection(req: HttpRequest, started: number): Promise<Socket | undefined> {
  try {
    return await req.connection?.take(Math.min(req.connectTimeoutMs, req.deadline - started))
  } catch (err) {
    const noTimeLeft = req.deadline - Date.now() < req.connectTimeoutMs
    if (!(err instanceof TransportError) || err.code !== 'ECONNECTTIMEOUT' || !noTimeLeft) throw err
    throw new TransportError(
      'could not connect and send before the deadline',
      false,
      'ETIMEDOUT',
      true,
      undefined,
      err.proxy,
    )
  }
}

interface Settle {
  resolve: (res: HttpResponse) => void
  reject: (err: TransportError) => void
}

/** One request and its answer: its stage, its two timers, and the promise it settles once. */
class Exchange {
  private stage: Stage
  private request!: http.ClientRequest
  private readonly tls: boolean
  /** Ms to the deadline when the exchange began: the connect timeout never outlasts it. */
  private readonly remainingMs: number
  /** What is left of the connect timeout: the time spent waiting for a connection opened ahead counts. */
  private readonly connectMs: number
  private readonly deadlineTimer: NodeJS.Timeout
  private connectTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly req: HttpRequest,
    private readonly proxy: Proxy | undefined,
    private readonly abort: AbortController,
    private readonly settle: Settle,
    waitedMs = 0,
  ) {
    this.stage = proxy ? 'tunnelling' : 'connecting'
    this.tls = req.url.protocol === 'https:'
    this.remainingMs = Math.max(0, req.deadline - Date.now())
    this.connectMs = Math.min(Math.max(0, req.connectTimeoutMs - waitedMs), this.remainingMs)
    this.deadlineTimer = setTimeout(() => this.timeOut(), this.remainingMs)
  }

  start(connection: Connection): void {
    const headers: Record<string, string> = { ...this.req.headers }
    if (this.req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(this.req.body))
    const lib = this.tls ? https : http
    // A socket given is used as it is: no agent, so none opens another.
    const how = 'socket' in connection ? { createConnection: () => connection.socket } : connection
    let request: http.ClientRequest
    try {
      request = lib.request(this.req.url, { method: this.req.method, headers, ...how }, (res) => this.read(res))
    } catch (err) {
      // Node refuses a header it cannot send (a newline in a token, say): no deadline left to go off.
      this.end('failed')
      throw err
    }
    this.request = request
    // 'finish': the whole request has been handed to the socket (which may still be opening).
    request.on('finish', () => this.move('written'))
    request.on('socket', (socket) => this.watchConnect(socket))
    request.on('proxyConnect', (connect: { statusCode: number; statusText?: string }) => this.tunnelAnswer(connect))
    request.on('error', (err: NodeJS.ErrnoException) => this.fail(err.message, err.code))
    request.end(this.req.body)
  }

  private get over(): boolean {
    return this.stage === 'answered' || this.stage === 'failed'
  }

  private move(event: StageEvent): void {
    this.stage = nextStage(this.stage, event)
  }

  /** Open means connected, and for TLS the handshake done: the connect timeout covers both. */
  private watchConnect(socket: Socket): void {
    if (this.over) return
    if (!socket.connecting) return this.move('connected')
    this.connectTimer = setTimeout(
      () => this.fail(`could not connect within ${this.req.connectTimeoutMs} ms`, 'ECONNECTTIMEOUT'),
      this.connectMs,
    )
    socket.once(this.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(this.connectTimer)
      this.move('connected')
    })
  }

  /** https-proxy-agent hands a refused CONNECT's answer to the request as if the target had sent it. */
  private tunnelAnswer(connect: { statusCode: number; statusText?: string }): void {
    if (connect.statusCode === 200) return this.move('tunnel open')
    if (this.over || !this.proxy) return
    this.failWith(proxyRefused(connect.statusCode, connect.statusText, this.proxy))
  }

  private timeOut(): void {
    const message =
      this.stage === 'sent'
        ? 'no complete answer before the deadline'
        : 'could not connect and send before the deadline'
    this.fail(message, 'ETIMEDOUT', { timedOut: true })
  }

  /** Reads the answer, up to maxResponseBytes or as much as keepPart wants of it. */
  private read(res: http.IncomingMessage): void {
    const { maxResponseBytes, keepPart } = this.req
    const chunks: Buffer[] = []
    let size = 0
    const answer = (partial: boolean): void =>
      this.answer({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        ...(partial ? { partial: true } : {}),
      })
    const part = (): void => {
      answer(true)
      this.request.destroy()
    }
    res.on('data', (chunk: Buffer) => {
      if (this.over) return
      size += chunk.length
      if (size > maxResponseBytes) {
        if (!keepPart) return this.fail(`the answer is larger than ${maxResponseBytes} bytes`, RESPONSE_TOO_LARGE)
        chunks.push(chunk.subarray(0, chunk.length - (size - maxResponseBytes)))
        return part()
      }
      chunks.push(chunk)
      if (keepPart?.enough?.(chunk)) part()
    })
    res.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(`the answer was cut short (${err.message})`, err.code ?? 'ECONNRESET'),
    )
    res.on('aborted', () => this.fail('the answer was cut short', 'ECONNRESET'))
    res.on('end', () => {
      const expected = Number(res.headers['content-length'])
      if (res.headers['content-length'] !== undefined && size < expected)
        return this.fail(`the answer was cut short (${size} of ${expected} bytes)`, 'ECONNRESET')
      answer(false)
    })
  }

  private answer(res: HttpResponse): void {
    if (this.over) return
    this.end('answered')
    this.settle.resolve(res)
  }

  private fail(message: string, code?: string, more: { timedOut?: boolean } = {}): void {
    if (this.over) return
    const sent = this.stage === 'sent'
    const proxy = this.stage === 'tunnelling' ? this.proxy?.shown : undefined
    this.failWith(new TransportError(message, sent, code, more.timedOut ?? false, undefined, proxy))
  }

  private failWith(err: TransportError): void {
    this.end('failed')
    this.request.destroy()
    this.abort.abort()
    this.settle.reject(err)
  }

  private end(stage: 'answered' | 'failed'): void {
    this.stage = stage
    clearTimeout(this.deadlineTimer)
    clearTimeout(this.connectTimer)
  }
}
