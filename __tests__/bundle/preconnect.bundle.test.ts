// The connection to LiveDesk opened ahead, end to end: the bundle, run as the runner runs it, with
// LiveDesk behind a relay that records every connection and GitHub's jobs answering 400 ms late, as a
// far GitHub would. The run opens LiveDesk's connection as soon as its inputs are valid, reads GitHub
// meanwhile, and sends its request, credentials and all, over that connection only then. A run that
// will not ask LiveDesk anything opens none; a connection the desk closes or resets before the request
// costs the request nothing (one POST, one attempt, no unknown outcome); GitHub's reads share one
// connection to the API.
import { describe, expect, it } from '@jest/globals'
import { startRelay, type Relay, type RelayBehaviour } from '../../__fixtures__/connection-relay.js'
import { startConnectProxy } from '../../__fixtures__/fault-servers.js'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'
import { BASIC, KEY, plainStep, SECRET, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { webhookPayload } from '../../__fixtures__/webhooks.js'
import { runAction, type RunResult } from '../../__fixtures__/run-action.mjs'
import { NODE24, runtimes as allRuntimes } from '../../scripts/ensure-node24.mjs'

const runtimes = allRuntimes()
if (runtimes.length === 1) console.warn(`No Node 24 at ${NODE24}: these tests run on Node 20 only.`)

const desk = useLiveDesk(KEY, SECRET)
const github = useGitHub()
const GITHUB_LATE_MS = 400

/** The README's failure step with LiveDesk behind a relay (and GitHub, when asked, behind another). */
async function failureStep(
  node: string,
  {
    desk: behaviours = [],
    inputs = {},
    relayGitHub = false,
  }: {
    desk?: RelayBehaviour[]
    inputs?: Record<string, string>
    relayGitHub?: boolean
  } = {},
): Promise<{ result: RunResult; relay: Relay; api?: Relay }> {
  github.state.jobs = failedRunJobs()
  github.state.faults.set('jobs', { status: 'slow', delayMs: GITHUB_LATE_MS })
  const relay = await startRelay(Number(new URL(desk.url).port), behaviours)
  const api = relayGitHub ? await startRelay(Number(new URL(github.url).port)) : undefined
  try {
    const result = await runAction({
      node,
      inputs: {
        api_key: KEY,
        api_secret: SECRET,
        base_url: relay.url,
        requester_euid: 'contact_1',
        title: 'Build failed on main',
        ...inputs,
      },
      env: { GITHUB_API_URL: api?.url ?? github.url },
      githubToken: github.token,
      event: { name: 'push', payload: webhookPayload('push') },
    })
    return { result, relay, api }
  } finally {
    await relay.close()
    await api?.close()
  }
}

/** The only request on the connection: the POST, with the credentials. */
function expectOnlyThePost(bytes: Buffer): void {
  const text = bytes.toString()
  expect(text).toMatch(/^POST \/api\/v2\/accounts\/tickets HTTP\/1\.1\r\n/)
  expect(text.split('POST ')).toHaveLength(2)
  expect(text).toContain(`authorization: Basic ${BASIC}`)
}

describe.each(runtimes)('LiveDesk’s connection opened ahead, on %s', (_label, node) => {
  it('opens while GitHub is read; the request, credentials and all, goes over it only after', async () => {
    const { result, relay } = await failureStep(node)
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(desk.creates()).toHaveLength(1)
    expect(relay.connections).toHaveLength(1)
    const [only] = relay.connections
    // Open before GitHub's late answer came; its first byte after it (the ticket holds the jobs read).
    expect((only.firstByteAt ?? 0) - only.acceptedAt).toBeGreaterThanOrEqual(GITHUB_LATE_MS - 100)
    expect(desk.creates()[0].body.description).toContain('### Failed jobs')
    expectOnlyThePost(only.bytes)
  })

  it('closed by LiveDesk before the request: the request connects afresh; one POST, one attempt, a ticket', async () => {
    const { result, relay } = await failureStep(node, { desk: [{ closeAfterMs: 100 }] })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(result.visibleLog).toMatch(/Opened LiveDesk ticket tk_\w+\./)
    expect(result.visibleLog).not.toMatch(/Attempt 1 failed|after \d attempts|unknown/)
    expect(desk.creates()).toHaveLength(1)
    expect(relay.connections).toHaveLength(2)
    expect(relay.connections[0].bytes.length).toBe(0)
    expectOnlyThePost(relay.connections[1].bytes)
  })

  it('reset as it opens: never a failure by itself; the request connects as it would have, one attempt', async () => {
    const { result, relay } = await failureStep(node, { desk: ['reset'] })
    expect(result.code).toBe(0)
    expect(result.visibleLog).not.toMatch(/Attempt 1 failed|after \d attempts|warning/)
    expect(desk.creates()).toHaveLength(1)
    expect(relay.connections).toHaveLength(2)
  })

  it('a dry run opens no connection to LiveDesk', async () => {
    const { result, relay } = await failureStep(node, { inputs: { dry_run: 'true' } })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('dry_run')
    expect(relay.connections).toHaveLength(0)
  })

  it('invalid inputs found first: no connection to LiveDesk', async () => {
    const { result, relay } = await failureStep(node, { inputs: { priority: 'urgent' } })
    expect(result.code).toBe(1)
    expect(relay.connections).toHaveLength(0)
  })

  it('GitHub’s reads (the jobs, the log) share one connection to the API', async () => {
    const { result, api } = await failureStep(node, { relayGitHub: true })
    expect(result.code).toBe(0)
    // The jobs, the log's address (a redirect), the log from storage: three reads, one connection.
    expect(github.requests.length).toBeGreaterThanOrEqual(3)
    expect(api?.connections).toHaveLength(1)
  })

  it('behind a proxy that refuses its credentials (407): the tunnel opened ahead is the one asked, one CONNECT', async () => {
    const proxy = await startConnectProxy({ auth: 'user:pass' })
    try {
      const result = await runAction({
        node,
        inputs: { ...plainStep(desk), base_url: 'https://127.0.0.1:9' },
        env: { HTTPS_PROXY: `http://someone:else@127.0.0.1:${proxy.port}` },
      })
      expect(result.code).toBe(1)
      expect(result.visibleLog).toMatch(/^::error .*proxy .*HTTP 407 Proxy Authentication Required.*/m)
      expect(proxy.connects).toHaveLength(1)
    } finally {
      await proxy.close()
    }
  })
})
