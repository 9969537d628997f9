// http/ owns one HTTP exchange: deadline, proxies, no redirects, whether a request was sent; it must not know LiveDesk or GitHub.
// One HTTP exchange with a hard deadline over connect, headers and body, through the runner's proxy.
// Knows nothing of LiveDesk or GitHub. Redirects are never followed: node:http does not, and nothing here does.
import http, { type IncomingHttpHeaders } from 'node:http'
import https from 'node:https'
import { getProxyForUrl } from 'proxy-from-env'

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

export interface Proxy {
  href: string
  /** For messages: "http://host:port (HTTPS_PROXY)", never the user name or password. */
  shown: string
}

/**
 * The proxy for a URL as runners set it (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY), or undefined.
 * A proxy given without a scheme ("proxy:3128") is http://, as curl reads it: proxy-from-env would
 * give it the target's scheme and shake hands with TLS with a plain proxy.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): Proxy | undefined {
  if (!getProxyForUrl(url.href)) return undefined
  const scheme = url.protocol.replace(/:$/, '')
  const variable = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'].find(
    (name) => env[name],
  )
  const raw = variable ? (env[variable] ?? '') : ''
  const href = raw.includes('://') ? raw : `http://${raw}`
  let shown = variable ?? 'a proxy'
  try {
    const parsed = new URL(href)
    shown = `${parsed.protocol}//${parsed.host} (${variable})`
  } catch {
    /* not a URL: named by its variable only */
  }
  return { href, shown }
}

/**
 * No proxy: `false`, a fresh connection per attempt (a kept-alive socket the server has just closed
 * would fail after "sending" and look like an unknown outcome). Behind a proxy: a tunnel whose
 * socket to the proxy ends with `signal`, so a proxy that never answers cannot keep the step alive.
 */
async function agentFor(proxy: Proxy | undefined, signal: AbortSignal): Promise<http.Agent | false> {
  if (!proxy) return false
  // Loaded only behind a proxy: most runs never parse it.
  const { HttpsProxyAgent } = await import('https-proxy-agent')
  return new HttpsProxyAgent(proxy.href, { signal } as ConstructorParameters<
    typeof HttpsProxyAgent
  >[1]) as unknown as http.Agent
}

export async function send(req: HttpRequest): Promise<HttpResponse> {
  const abort = new AbortController()
  const proxy = proxyFor(req.url)
  const agent = await agentFor(proxy, abort.signal)
  // Until the proxy answers CONNECT with 200, a failure is the proxy's, not the server's.
  let tunnel = false
  const lib = req.url.protocol === 'https:' ? https : http
  return new Promise<HttpResponse>((resolvePromise, rejectPromise) => {
    let sent = false
    let settled = false
    let timedOut = false
    let connectTimer: NodeJS.Timeout | undefined
    const finish = (err: TransportError | undefined, res?: HttpResponse): void => {
      if (settled) return
      settled = true
      clearTimeout(deadlineTimer)
      clearTimeout(connectTimer)
      if (err) {
        request.destroy()
        abort.abort()
        rejectPromise(err)
      } else resolvePromise(res as HttpResponse)
    }
    const fail = (message: string, code?: string, proxyStatus?: number): void =>
      finish(new TransportError(message, sent, code, timedOut, proxyStatus, proxy && !tunnel ? proxy.shown : undefined))

    const remaining = Math.max(0, req.deadline - Date.now())
    const deadlineTimer = setTimeout(() => {
      timedOut = true
      fail(
        sent ? 'no complete answer before the deadline' : 'could not connect and send before the deadline',
        'ETIMEDOUT',
      )
    }, remaining)

    const headers: Record<string, string> = { ...req.headers }
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body))
    const request = lib.request(req.url, { method: req.method, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      const part = (): void => {
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          partial: true,
        })
        request.destroy()
      }
      res.on('data', (chunk: Buffer) => {
        if (settled) return
        size += chunk.length
        if (size > req.maxResponseBytes) {
          if (!req.keepPart) return fail(`the answer is larger than ${req.maxResponseBytes} bytes`, RESPONSE_TOO_LARGE)
          chunks.push(chunk.subarray(0, chunk.length - (size - req.maxResponseBytes)))
          return part()
        }
        chunks.push(chunk)
        if (req.keepPart?.enough?.(chunk)) part()
      })
      res.on('error', (err: NodeJS.ErrnoException) =>
        fail(`the answer was cut short (${err.message})`, err.code ?? 'ECONNRESET'),
      )
      res.on('aborted', () => fail('the answer was cut short', 'ECONNRESET'))
      res.on('end', () => {
        const expected = Number(res.headers['content-length'])
        if (res.headers['content-length'] !== undefined && size < expected) {
          fail(`the answer was cut short (${size} of ${expected} bytes)`, 'ECONNRESET')
          return
        }
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        })
      })
    })
    // Sent means written out over an open connection; bytes queued behind a TLS handshake that
    // then fails never reached the server.
    let written = false
    let open = false
    request.on('finish', () => {
      written = true
      sent = open
    })
    request.on('socket', (socket) => {
      if (!socket.connecting) {
        open = true
        return
      }
      connectTimer = setTimeout(
        () => fail(`could not connect within ${req.connectTimeoutMs} ms`, 'ECONNECTTIMEOUT'),
        Math.min(req.connectTimeoutMs, remaining),
      )
      socket.once(lib === https ? 'secureConnect' : 'connect', () => {
        clearTimeout(connectTimer)
        open = true
        sent = written
      })
    })
    // https-proxy-agent hands a refused CONNECT's answer to the request as if the target had sent it.
    request.on('proxyConnect', (connect: { statusCode: number; statusText?: string }) => {
      if (connect.statusCode === 200) tunnel = true
      else {
        sent = false
        fail(
          `the proxy answered CONNECT with HTTP ${connect.statusCode}${connect.statusText ? ` ${connect.statusText}` : ''}`,
          'EPROXY',
          connect.statusCode,
        )
      }
    })
    request.on('error', (err: NodeJS.ErrnoException) => fail(err.message, err.code))
    request.end(req.body)
  })
}
