// The fetch Octokit is given (src/http/fetch.ts): the token goes to the API's origin only, never after
// a redirect or a Link elsewhere; only text bodies; and the answer as @octokit/request reads it. Against
// a real server on 127.0.0.1 that records what reaches it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import { startRecorder } from '../../__fixtures__/fault-servers.js'
import { transportFetch } from '../../src/http/fetch.js'
import { TransportError } from '../../src/http/transport.js'
import { parseRetryAfter } from '../../src/http/retry-after.js'
import { rejection } from '../../__fixtures__/rejection.js'

let answer: (res: ServerResponse) => void
let api: Awaited<ReturnType<typeof startRecorder>>
beforeAll(async () => {
  api = await startRecorder((res) => answer(res))
})
afterAll(() => api.close())
afterEach(() => {
  api.requests.length = 0
})

const fetchOf = () =>
  transportFetch({ deadline: Date.now() + 2000, connectTimeoutMs: 1000, maxResponseBytes: 1024, origin: api.url })
const refusal = (promise: Promise<unknown>): Promise<TransportError> => rejection(promise, TransportError)

describe('transportFetch', () => {
  it("refuses any other origin before sending anything: the token stays with the API's", async () => {
    const other = await startRecorder()
    try {
      const err = await refusal(
        fetchOf()(`${other.url}/repos/o/r/issues?page=2`, { headers: { authorization: 'token t' } }),
      )
      expect(err).toMatchObject({ code: 'EORIGIN', sent: false })
      expect(err.message).toBe(`refused to send the token to ${other.url}, which is not ${api.url}`)
      expect(other.requests).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('sends only text bodies', async () => {
    const err = await refusal(fetchOf()(`${api.url}/x`, { method: 'POST', body: new Uint8Array([1, 2]) }))
    expect(err).toMatchObject({ code: 'EBODY', sent: false })
    expect(api.requests).toEqual([])
  })

  it('a redirect is an error (the request was sent), unless the caller reads redirects itself; 304 is an answer', async () => {
    answer = (res) => {
      res.writeHead(302, { location: 'https://elsewhere.example.invalid/' })
      res.end()
    }
    expect(await refusal(fetchOf()(`${api.url}/logs`))).toMatchObject({ code: 'EREDIRECT', sent: true })
    const manual = await fetchOf()(`${api.url}/logs`, { redirect: 'manual' })
    expect(manual.status).toBe(302)
    expect(manual.headers.get('Location')).toBe('https://elsewhere.example.invalid/')
    answer = (res) => {
      res.writeHead(304)
      res.end()
    }
    expect((await fetchOf()(`${api.url}/etag`)).status).toBe(304)
  })

  it('the answer as @octokit/request reads it: status, ok, headers (a repeated one joined), text, JSON, bytes', async () => {
    answer = (res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2'])
      res.writeHead(200, { 'content-type': 'application/json', link: '<x>; rel="next"' })
      res.end('{"id":1}')
    }
    const res = await fetchOf()(`${api.url}/repos/o/r`, { method: 'get', headers: { accept: 'application/json' } })
    expect(api.requests[0]).toMatchObject({ method: 'GET', headers: { accept: 'application/json' } })
    expect(res).toMatchObject({ status: 200, ok: true, url: `${api.url}/repos/o/r` })
    expect(res.headers.get('Link')).toBe('<x>; rel="next"')
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2')
    expect(res.headers.get('x-missing')).toBeNull()
    expect([...res.headers].find(([name]) => name === 'content-type')).toEqual(['content-type', 'application/json'])
    expect(await res.text()).toBe('{"id":1}')
    expect(await res.json()).toEqual({ id: 1 })
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('{"id":1}')
  })
})

describe("parseRetryAfter (GitHub's retry-after: seconds, or an HTTP date)", () => {
  const now = Date.parse('2026-11-22T10:00:00Z')
  it.each([
    ['60', 60_000],
    [' 0 ', 0],
    ['Sun, 22 Nov 2026 10:00:05 GMT', 5000],
    ['Sun, 22 Nov 2026 09:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
  ])('%j → %s', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms)
  })
  it('a header given twice: the first', () => {
    expect(parseRetryAfter(['2', '30'], now)).toBe(2000)
  })
})
