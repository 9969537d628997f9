// Credentials in places they should not be (runStep(): in-process, or the bundle with RUN_BUNDLE=1): no message quotes a password from
// any input, whatever its form; a proxy given without a scheme is http:// (as curl reads it), and a
// proxy that fails is named, without its password.
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunOptions, type RunResult } from '../../__fixtures__/step.js'
import { closedPort } from '../../__fixtures__/fault-servers.js'
import { useGitHub, useLiveDesk, plainStep } from '../../__fixtures__/stand-ins.js'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'

const desk = useLiveDesk()
const github = useGitHub()
const PASSWORD = 'hunter2-Xq9'

const base = (): Record<string, string> => ({ ...plainStep(desk), timeout_seconds: '3' })
const run = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> =>
  runStep({ inputs: { ...base(), ...inputs }, ...extra })
const errorLine = (r: RunResult): string => r.visibleLog.split('\n').find((l) => l.startsWith('::error')) ?? ''

/** Nowhere the runner shows (its add-mask lines are consumed, never shown). */
function expectNoPassword(result: RunResult): void {
  expect(result.visibleLog).not.toContain(PASSWORD)
  expect(result.summary).not.toContain(PASSWORD)
}

describe('a password in a URL input is never quoted back', () => {
  const forms = [
    `svc:${PASSWORD}@127.0.0.1:18080`,
    `svc:${PASSWORD}@livedesk.example/api`,
    `${PASSWORD}@livedesk.example`,
    `//svc:${PASSWORD}@livedesk.example`,
    `https://svc:${PASSWORD}@livedesk.example`,
    `http://svc:${PASSWORD}@127.0.0.1:1`,
    `ftp://svc:${PASSWORD}@livedesk.example`,
    `https://svc:${PASSWORD}@`,
    `https://svc:${PASSWORD}@[::1`,
  ]
  it.each(forms)('base_url %s', async (value) => {
    const result = await run({ base_url: value })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(errorLine(result)).toContain('base_url: must not contain a user name or password')
    expectNoPassword(result)
  })

  it.each(forms)('ticket_url_template %s', async (value) => {
    const result = await run({ ticket_url_template: `${value}/{ticket_id}` })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('ticket_url_template: must not contain a user name or password')
    expectNoPassword(result)
  })

  it.each(forms)('attachments %s', async (value) => {
    const result = await run({ attachments: `https://files.example/ok.log\n${value}/build.log` })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain('must not contain a user name or password')
    expectNoPassword(result)
  })
})

describe('proxies as runners set them', () => {
  // A proxy without a scheme, through to a trusted https LiveDesk: on the bundle
  // (__tests__/bundle/process-inputs.bundle.test.ts), as Node reads NODE_EXTRA_CA_CERTS only at start-up.

  it.each([
    ['without a scheme', (port: number) => `127.0.0.1:${port}`],
    ['with http://', (port: number) => `http://127.0.0.1:${port}`],
    ['with credentials', (port: number) => `http://bot:${PASSWORD}@127.0.0.1:${port}`],
    ['with credentials, without a scheme', (port: number) => `bot:${PASSWORD}@127.0.0.1:${port}`],
  ])('a proxy that cannot be reached, %s, is named without its password; nothing was sent', async (_what, proxyUrl) => {
    const port = await closedPort()
    const result = await run(
      { base_url: 'https://livedesk.example', max_retries: '1' },
      { env: { HTTPS_PROXY: proxyUrl(port) } },
    )
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      `LiveDesk could not be reached (ECONNREFUSED); nothing was sent. The request went to the proxy http://127.0.0.1:${port} (HTTPS_PROXY), which opened no tunnel to LiveDesk.`,
    )
    expect(errorLine(result)).toContain('Tried 2 times.')
    expectNoPassword(result)
  })

  it('the GitHub API through a proxy that cannot be reached: a warning names the proxy, and the ticket opens', async () => {
    github.state.jobs = failedRunJobs()
    const port = await closedPort()
    const result = await runStep({
      inputs: { ...base(), failed_jobs: 'auto' },
      env: {
        GITHUB_API_URL: github.url,
        HTTP_PROXY: `bot:${PASSWORD}@127.0.0.1:${port}`,
        NO_PROXY: `127.0.0.1:${new URL(desk.url).port}`,
      },
      githubToken: github.token,
    })
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(1)
    expect(result.visibleLog).toContain(
      `The failed jobs could not be read (the GitHub API at ${github.url} could not be reached through the proxy http://127.0.0.1:${port} (HTTP_PROXY) (ECONNREFUSED))`,
    )
    expectNoPassword(result)
  })
})
