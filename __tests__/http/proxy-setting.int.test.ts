// A proxy setting the action cannot use (HTTPS_PROXY that is no URL, or a user or password with a
// % that starts no %XX escape): the call fails at once, says which variable and why, never quotes
// the password, and sends nothing. It used to end in "Unexpected error: TypeError: Invalid URL"
// after a second, pointless attempt, and the GitHub API's reads called it "an unexpected shape".
import { afterEach, describe, expect, it } from '@jest/globals'
import { toGitHubApiError } from '../../src/github/errors.js'
import { transportFetch } from '../../src/http/fetch.js'
import { deskConnection } from '../../src/livedesk/client-options.js'
import { createTicket } from '../../src/livedesk/client.js'
import { LiveDeskError } from '../../src/livedesk/errors.js'
import { rejection } from '../../__fixtures__/rejection.js'

const PASSWORD = 'hunter2-Xq9'
const saved = process.env.HTTPS_PROXY
afterEach(() => {
  if (saved === undefined) delete process.env.HTTPS_PROXY
  else process.env.HTTPS_PROXY = saved
})

const baseUrl = new URL('https://livedesk.example')

describe.each([
  [
    'not a URL (a port out of range)',
    `http://bot:${PASSWORD}@127.0.0.1:99999`,
    'HTTPS_PROXY is not a URL the action can use, such as http://user:password@proxy.example:3128',
  ],
  [
    'a % in its password that starts no escape',
    `http://bot:${PASSWORD}%zz@127.0.0.1:9`,
    'the user name or password in HTTPS_PROXY holds a % that starts no %XX escape (write a % as %25)',
  ],
])('HTTPS_PROXY %s', (_what, proxy, why) => {
  it('a LiveDesk call fails once, finally, naming the variable; the connection opened ahead too', async () => {
    process.env.HTTPS_PROXY = proxy
    const connection = deskConnection({ baseUrl, timeoutMs: 3000 })
    const retries: string[] = []
    try {
      const err = await rejection(
        createTicket(
          {
            baseUrl,
            apiKey: 'key',
            apiSecret: 'secret',
            timeoutMs: 3000,
            maxRetries: 3,
            connection,
            onRetry: (line) => retries.push(line),
          },
          {},
        ),
        LiveDeskError,
      )
      expect([err.outcome, err.attempts, retries]).toEqual(['final', 1, []])
      expect(err.message).toBe(`${why}; nothing was sent to LiveDesk.`)
      expect(err.message).not.toContain(PASSWORD)
    } finally {
      connection.close()
    }
  })

  it('without a connection opened ahead (the sync), the same', async () => {
    process.env.HTTPS_PROXY = proxy
    const err = await rejection(
      createTicket({ baseUrl, apiKey: 'key', apiSecret: 'secret', timeoutMs: 3000, maxRetries: 3 }, {}),
      LiveDeskError,
    )
    expect([err.outcome, err.attempts, err.message]).toEqual(['final', 1, `${why}; nothing was sent to LiveDesk.`])
  })

  it("a GitHub API read says why, not that GitHub's answer had an unexpected shape", async () => {
    process.env.HTTPS_PROXY = proxy
    const fetch = transportFetch({
      deadline: Date.now() + 3000,
      connectTimeoutMs: 3000,
      maxResponseBytes: 1024,
      origin: 'https://api.github.example',
    })
    const err = await fetch('https://api.github.example/repos/o/r').catch((e: unknown) => e)
    const words = toGitHubApiError(err, 3000, 'the run', 'https://api.github.example').message
    expect(words).toBe(`the GitHub API at https://api.github.example could not be reached: ${why}`)
    expect(words).not.toContain(PASSWORD)
  })
})
