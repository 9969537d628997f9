// A fetch for Octokit built on the project's own transport: the same deadline, proxy rules and
// no-redirect rule as every other call, and no undici (Node's global fetch loads it: ~40 ms).
// It answers with a small Response-like object: only what @octokit/request reads.
import { send, TransportError, type HttpResponse, type KeptConnections } from './transport.js'

export interface FetchOptions {
  /** Epoch ms by which every request made through this fetch must be over. */
  deadline: number
  connectTimeoutMs: number
  maxResponseBytes: number
  /** The only origin this fetch talks to: a token must never follow a `Link` or redirect elsewhere. */
  origin: string
  /** The run's kept connections, for its reads. */
  kept?: KeptConnections
}

export interface FetchInit {
  method?: string
  headers?: Record<string, string>
  body?: unknown
  redirect?: string
}

export type TransportFetch = (input: string | URL, init?: FetchInit) => Promise<TransportResponse>

/** The headers of an answer, as `Headers` offers them: get() and iteration over [name, value]. */
class ResponseHeaders {
  constructor(private readonly raw: HttpResponse['headers']) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()]
    if (value === undefined) return null
    return Array.isArray(value) ? value.join(', ') : value
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name)
      if (value !== null) yield [name, value]
    }
  }
}

export class TransportResponse {
  readonly status: number
  readonly statusText = ''
  readonly headers: ResponseHeaders
  readonly ok: boolean
  private readonly body: string

  constructor(
    readonly url: string,
    res: HttpResponse,
  ) {
    this.status = res.status
    this.ok = res.status >= 200 && res.status < 300
    this.headers = new ResponseHeaders(res.headers)
    this.body = res.body
  }

  async text(): Promise<string> {
    return this.body
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body)
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body)
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }
}

export function transportFetch(options: FetchOptions): TransportFetch {
  return async (input, init = {}) => {
    const url = new URL(String(input))
    if (url.origin !== options.origin) {
      throw new TransportError(
        `refused to send the token to ${url.origin}, which is not ${options.origin}`,
        false,
        'EORIGIN',
        false,
      )
    }
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new TransportError('only text request bodies are sent', false, 'EBODY', false)
    }
    const res = await send({
      method: (init.method ?? 'GET').toUpperCase(),
      url,
      headers: { ...init.headers },
      body: (init.body ?? undefined) as string | undefined,
      deadline: options.deadline,
      connectTimeoutMs: options.connectTimeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      kept: options.kept,
    })
    if (res.status >= 300 && res.status < 400 && res.status !== 304 && init.redirect !== 'manual') {
      throw new TransportError(
        `answered HTTP ${res.status}, a redirect, which is not followed (the token stays with ${options.origin})`,
        true,
        'EREDIRECT',
        false,
      )
    }
    return new TransportResponse(url.href, res)
  }
}
