// The connection opened ahead to LiveDesk (deskConnection) behind a proxy that never answers CONNECT,
// when the run read GitHub for a while before its first LiveDesk request: the request waits for that
// tunnel until its own connect window or the deadline ends, and a failure worded as timeout_seconds
// running out is the call's last. Against a real proxy on 127.0.0.1 that accepts CONNECT and says nothing.
import { afterAll, afterEach, expect, it } from '@jest/globals'
import { startConnectProxy } from '../../__fixtures__/fault-servers.js'
import { rejection } from '../../__fixtures__/rejection.js'
import { deskConnection } from '../../src/livedesk/client-options.js'
import { createTicket } from '../../src/livedesk/client.js'
import { LiveDeskError } from '../../src/livedesk/errors.js'

const saved = process.env.HTTP_PROXY
afterEach(() => {
  if (saved === undefined) delete process.env.HTTP_PROXY
  else process.env.HTTP_PROXY = saved
})
const proxies: { close(): Promise<unknown> }[] = []
afterAll(async () => {
  for (const p of proxies) await p.close()
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

it('opened 0.8 s before a 2 s call: one CONNECT, no retry announced, the call ends on its deadline', async () => {
  const proxy = await startConnectProxy({ stall: true })
  proxies.push(proxy)
  process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`
  const baseUrl = new URL('http://127.0.0.1:9')
  const connection = deskConnection({ baseUrl, timeoutMs: 2000 })
  // The run reads GitHub meanwhile.
  await sleep(800)
  const retries: string[] = []
  const started = Date.now()
  const err = await rejection(
    createTicket(
      {
        baseUrl,
        apiKey: 'key',
        apiSecret: 'secret',
        timeoutMs: 2000,
        maxRetries: 3,
        connection,
        onRetry: (l) => retries.push(l),
      },
      { title: 't' },
    ),
    LiveDeskError,
  )
  connection.close()
  const took = Date.now() - started
  expect(err.message).toContain('could not be reached within timeout_seconds (2 s)')
  // "Retrying" after a line that says the time ran out would contradict it.
  expect(retries).toEqual([])
  expect(proxy.connects).toHaveLength(1)
  expect(took).toBeGreaterThanOrEqual(1900)
  expect(took).toBeLessThan(2600)
})
