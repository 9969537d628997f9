// The step's process ends on time, on Node 20 and 24: what a run leaves behind (a socket to a server
// that never answers, a tunnel a proxy never opens, a DNS lookup Node cannot cancel) must not keep the
// runner's step alive. Only a process of its own shows that: in-process tests see run() return, not
// the process end (src/index.ts's unref'd exit timer is the guard for what Node cannot cancel).
import { describe, expect, it } from '@jest/globals'
import { runAction, type RunOptions, type RunResult } from '../../__fixtures__/run-action.mjs'
import { runtimes } from '../../scripts/ensure-node24.mjs'
import { startConnectProxy } from '../../__fixtures__/fault-servers.js'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'
import { plainStep, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()
/** Node start-up, the bundle and a busy 2-core machine: what "on time" may add to timeout_seconds. */
const SLACK_MS = 1500
const RESOLVER = new URL('../../__fixtures__/resolver.mjs', import.meta.url).href

describe.each(runtimes())('the step ends on time, on %s', (_label, node) => {
  const run = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> =>
    runAction({ inputs: { ...plainStep(desk), timeout_seconds: '1', ...inputs }, node, timeoutMs: 10_000, ...extra })

  it('LiveDesk takes the request and never answers: the process ends at timeout_seconds, one POST', async () => {
    desk.overrides.push(() => undefined)
    const result = await run({})
    expect(result.code).toBe(1)
    expect(result.visibleLog).toContain('no complete answer within timeout_seconds (1 s)')
    expect(desk.creates()).toHaveLength(1)
    expect(result.durationMs).toBeLessThan(1000 + SLACK_MS)
  })

  it('the GitHub API never answers the jobs read: the ticket opens and the process ends on time', async () => {
    github.state.jobs = failedRunJobs()
    github.state.faults.set('jobs', 'hang')
    const result = await run(
      { failed_jobs: 'auto' },
      { env: { GITHUB_API_URL: github.url }, githubToken: github.token },
    )
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(1)
    expect(result.durationMs).toBeLessThan(1000 + SLACK_MS)
  })

  it('a proxy that never answers CONNECT: the process ends on time, nothing reached LiveDesk', async () => {
    const proxy = await startConnectProxy({ stall: true })
    try {
      const result = await run(
        { base_url: 'https://127.0.0.1:9' },
        { env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` } },
      )
      expect(result.code).toBe(1)
      expect(result.visibleLog).toContain('could not be reached within timeout_seconds (1 s); nothing was sent.')
      // The connection opened early to LiveDesk (src/http/preconnect.ts) is the first attempt's: its
      // CONNECT is the only one asked, and no attempt outlives the deadline.
      expect(proxy.connects.length).toBe(1)
      expect(result.durationMs).toBeLessThan(1000 + SLACK_MS)
    } finally {
      await proxy.close()
    }
  })

  it("a DNS lookup that outlives the deadline: the step fails on time and its process ends a second later (src/index.ts's guard)", async () => {
    const result = await run(
      { base_url: 'https://livedesk.hang.test', max_retries: '0' },
      { env: { NODE_OPTIONS: `--import=${RESOLVER}` } },
    )
    expect(result.code).toBe(1)
    expect(result.visibleLog).toContain('could not be reached within timeout_seconds (1 s); nothing was sent.')
    expect(result.durationMs).toBeLessThan(1000 + 1000 + SLACK_MS)
  })

  it('a host that does not exist (a typo in base_url): asked once, the error names the host and base_url', async () => {
    const result = await run(
      { base_url: 'https://livedesk-api.engagelab.nxdomain.test', timeout_seconds: '5' },
      { env: { NODE_OPTIONS: `--import=${RESOLVER}` } },
    )
    expect(result.code).toBe(1)
    expect(result.visibleLog).toContain(
      "LiveDesk could not be reached: the host livedesk-api.engagelab.nxdomain.test of base_url (https://livedesk-api.engagelab.nxdomain.test) was not found (ENOTFOUND); nothing was sent. Check base_url: LiveDesk's API is https://livedesk-api.engagelab.com.",
    )
    expect(result.visibleLog).not.toMatch(/Tried \d times/)
    expect(result.durationMs).toBeLessThan(1000 + SLACK_MS)
  })
})
