// One HTTP exchange as src/http/transport.ts takes it, for the tests of the transport.
import type { HttpRequest } from '../src/http/transport.js'

/** A POST of a small JSON body to `url`, 5 s to connect and answer, up to 1 MiB back; `extra` on top. */
export function httpRequest(url: string | URL, extra: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: 'POST',
    url: new URL(url),
    headers: { 'content-type': 'application/json' },
    body: '{"title":"t"}',
    deadline: Date.now() + 5000,
    connectTimeoutMs: 5000,
    maxResponseBytes: 1024 * 1024,
    ...extra,
  }
}
