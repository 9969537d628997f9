// GitHub's rule of what is tried again, on the shared policy: a read after a 5xx or a lost
// connection, a write only when nothing reached GitHub, three tries from 300 ms; a rate limit whose
// wait GitHub names is waited out once. GitHub's "Best practices for using the REST API"
// (docs.github.com/rest/guides/best-practices-for-using-the-rest-api): "If the retry-after response
// header is present, you should not retry your request until after that many seconds has elapsed."
import { describe, expect, it } from '@jest/globals'
import { retryWait } from '../../src/github/retry.js'
import { TransportError } from '../../src/http/transport.js'

/** An error as Octokit throws it for an answer. */
const answered = (status: number, headers: Record<string, string> = {}, message = ''): object => ({
  status,
  response: { headers, data: { message } },
})
/** A lost connection, as Octokit wraps the fetch's error. */
const lost = (sent: boolean, code = 'ECONNRESET', timedOut = false): object => ({
  status: 500,
  cause: new TransportError('lost', sent, code, timedOut),
})
const at = (method: string, attempt = 1, extra: { waitedForLimit?: boolean; leftMs?: number } = {}) => ({
  method,
  attempt,
  waitedForLimit: extra.waitedForLimit ?? false,
  leftMs: extra.leftMs ?? 10_000,
})

describe('retryWait', () => {
  it.each([
    ['a read after a 502', answered(502), at('GET'), { waitMs: 300, forLimit: false, why: 'HTTP 502' }],
    [
      'its second try waits twice as long',
      answered(503),
      at('GET', 2),
      { waitMs: 600, forLimit: false, why: 'HTTP 503' },
    ],
    ['its third is its last', answered(500), at('GET', 3), undefined],
    ['a read after a 501: no', answered(501), at('GET'), undefined],
    ['a write after a 502: no (it may have been done)', answered(502), at('POST'), undefined],
    ['a read after a lost connection', lost(true), at('GET'), { waitMs: 300, forLimit: false, why: 'ECONNRESET' }],
    [
      'a write that never reached GitHub',
      lost(false, 'ECONNREFUSED'),
      at('POST'),
      { waitMs: 300, forLimit: false, why: 'ECONNREFUSED' },
    ],
    ['a write that did: no', lost(true), at('PATCH'), undefined],
    ['a timed-out request: no (the deadline is spent)', lost(false, 'ETIMEDOUT', true), at('GET'), undefined],
    ['a proxy that refused the tunnel: no', lost(false, 'EPROXY'), at('GET'), undefined],
    ['a wait that would leave less than 500 ms: no', answered(502), at('GET', 1, { leftMs: 800 }), undefined],
    [
      'a secondary limit with retry-after: waited, with a quarter second more',
      answered(403, { 'retry-after': '2' }, 'You have exceeded a secondary rate limit'),
      at('POST', 3),
      { waitMs: 2250, forLimit: true, why: 'HTTP 403, a secondary rate limit' },
    ],
    ['only once per request', answered(429, { 'retry-after': '1' }), at('GET', 2, { waitedForLimit: true }), undefined],
    ['a limit that names no wait: no', answered(403, {}, 'API rate limit exceeded'), at('GET'), undefined],
    [
      'a limit whose wait would end past the deadline: no',
      answered(429, { 'retry-after': '10' }),
      at('GET', 1, { leftMs: 10_000 }),
      undefined,
    ],
  ])('%s', (_what, err, when, expected) => {
    expect(retryWait(err, when)).toEqual(expected)
  })
})
