// What only a process of its own is given, so these cases run the bundle (__fixtures__/run-action.mjs) and
// not run() in this process (__fixtures__/step.ts):
// - trust Node reads once, at start-up: NODE_EXTRA_CA_CERTS, for an https LiveDesk behind a proxy;
// - the step's own stdin (/dev/stdin), which in this process would be jest's;
// - files an open or read could wait on for ever (a named pipe): in a child that is a test killed on
//   time, in this process it would be a thread of jest's held.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, type RunOptions, type RunResult } from '../../__fixtures__/run-action.mjs'
import { selfSignedCert, startConnectProxy, startTlsFront, type Certificate } from '../../__fixtures__/fault-servers.js'
import { BASIC, plainStep, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { itRefusesNotRegularFiles } from '../../__fixtures__/special-files.js'

const desk = useLiveDesk()
const PASSWORD = 'pr0xy-p@ss/word'
/** A password that can stand in a proxy given without a scheme (user:password@host:port). */
const PLAIN_PASSWORD = 'hunter2-Xq9'

const run = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> =>
  runAction({ inputs: { ...plainStep(desk), ...inputs }, ...extra })

describe('an https LiveDesk behind a proxy, trusted through NODE_EXTRA_CA_CERTS', () => {
  let cert: Certificate
  beforeAll(() => {
    cert = selfSignedCert()
  })

  // The real LiveDesk is https: the TLS front stands for it, the proxy tunnels to it.
  async function throughProxy(
    env: Record<string, string>,
    auth?: string,
    inputs: Record<string, string> = {},
  ): Promise<{ result: RunResult; proxy: Awaited<ReturnType<typeof startConnectProxy>>; target: string }> {
    const front = await startTlsFront(cert, Number(new URL(desk.url).port))
    const proxy = await startConnectProxy({ auth })
    try {
      const resolved = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, v.replace('PROXY_PORT', String(proxy.port))]),
      )
      const result = await run(
        // A host name, as LiveDesk has: https-proxy-agent checks an IP target's certificate against "localhost".
        { base_url: `https://localhost:${front.port}`, ...inputs },
        { env: { ...resolved, NODE_EXTRA_CA_CERTS: cert.certFile } },
      )
      return { result, proxy, target: `localhost:${front.port}` }
    } finally {
      await Promise.all([proxy.close(), front.close()])
    }
  }

  it('HTTPS_PROXY with credentials: the request tunnels through it, the password never shows', async () => {
    const auth = `build-bot:${PASSWORD}`
    const { result, proxy, target } = await throughProxy(
      { HTTPS_PROXY: `http://build-bot:${encodeURIComponent(PASSWORD)}@127.0.0.1:PROXY_PORT`, RUNNER_DEBUG: '1' },
      auth,
    )
    expect(result.code).toBe(0)
    expect(proxy.connects.map((c) => c.target)).toEqual([target])
    expect(proxy.connects[0].headers['proxy-authorization']).toBe(`Basic ${Buffer.from(auth).toString('base64')}`)
    expect(desk.creates()).toHaveLength(1)
    expect(desk.creates()[0].headers.authorization).toBe(`Basic ${BASIC}`)
    expect(result.outputs.status).toBe('created')
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(auth).toString('base64'), BASIC]) {
      expect(result.visibleLog + result.summary).not.toContain(secret)
    }
  })

  it('NO_PROXY=127.0.0.1 bypasses it', async () => {
    const front = await startTlsFront(cert, Number(new URL(desk.url).port))
    const proxy = await startConnectProxy({ auth: `build-bot:${PASSWORD}` })
    try {
      const result = await run(
        { base_url: front.url },
        {
          env: {
            HTTPS_PROXY: `http://build-bot:${encodeURIComponent(PASSWORD)}@127.0.0.1:${proxy.port}`,
            NO_PROXY: '127.0.0.1',
            NODE_EXTRA_CA_CERTS: cert.certFile,
          },
        },
      )
      expect(result.code).toBe(0)
      expect(proxy.connections).toBe(0)
      expect(desk.creates()).toHaveLength(1)
    } finally {
      await Promise.all([proxy.close(), front.close()])
    }
  })

  it.each([
    ['HTTPS_PROXY', { HTTPS_PROXY: '127.0.0.1:PROXY_PORT' }],
    ['https_proxy', { https_proxy: '127.0.0.1:PROXY_PORT' }],
    ['ALL_PROXY', { ALL_PROXY: '127.0.0.1:PROXY_PORT' }],
  ])('%s without a scheme is http://: the tunnel opens and the ticket with it', async (_name, env) => {
    const { result, proxy } = await throughProxy(env)
    expect(result.code).toBe(0)
    expect(proxy.connects).toHaveLength(1)
    expect(desk.creates()).toHaveLength(1)
  })

  it('with credentials and without a scheme: the password is masked and sent to the proxy only', async () => {
    const { result, proxy } = await throughProxy(
      { HTTPS_PROXY: `bot:${PLAIN_PASSWORD}@127.0.0.1:PROXY_PORT` },
      `bot:${PLAIN_PASSWORD}`,
    )
    expect(result.code).toBe(0)
    expect(proxy.connects).toHaveLength(1)
    expect(result.stdout).toContain(`::add-mask::${PLAIN_PASSWORD}`)
    expect(result.visibleLog).not.toContain(PLAIN_PASSWORD)
  })
})

describe('description_file and template that are not regular files are refused by name, at once', () => {
  itRefusesNotRegularFiles('own process', { desk, run })
})

describe("the runner's event file", () => {
  it('a FIFO as GITHUB_EVENT_PATH is not waited on: the ticket opens at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'livedesk-ev-'))
    execFileSync('mkfifo', [join(dir, 'event.fifo')])
    const result = await run({}, { env: { GITHUB_EVENT_PATH: join(dir, 'event.fifo') }, timeoutMs: 15_000 })
    expect(result.code).toBe(0)
    expect(result.durationMs).toBeLessThan(5_000)
  })
})
