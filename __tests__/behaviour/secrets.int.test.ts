// What the log shows, read the way the runner reads it: no secret, no command smuggled in by
// untrusted text, and the proxy path (HTTPS_PROXY with credentials) when it fails. The real runner
// (@actions/core) prints, in-process or as the bundle (RUN_BUNDLE=1).
import { beforeAll, describe, expect, it } from '@jest/globals'
import { type LiveDeskStandIn } from '../../__fixtures__/livedesk-stand-in.mjs'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { selfSignedCert, startConnectProxy, startTlsFront, type Certificate } from '../../__fixtures__/fault-servers.js'
import { useLiveDesk } from '../../__fixtures__/stand-ins.js'

const KEY = 'lk_live_secret_5d2e'
const SECRET = 'sk_live_secret_8a7b6c'
const BASIC = Buffer.from(`${KEY}:${SECRET}`).toString('base64')
const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'
const PROXY_USER = 'build-bot'
const PROXY_PASSWORD = 'pr0xy-p@ss/word'
const PROXY_AUTH = `${PROXY_USER}:${PROXY_PASSWORD}`
const SECRETS = [
  KEY,
  SECRET,
  BASIC,
  `Basic ${BASIC}`,
  TOKEN,
  PROXY_PASSWORD,
  encodeURIComponent(PROXY_PASSWORD),
  Buffer.from(PROXY_AUTH).toString('base64'),
]

const desk = useLiveDesk(KEY, SECRET)
let cert: Certificate
beforeAll(() => {
  cert = selfSignedCert()
})

const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({
  api_key: KEY,
  api_secret: SECRET,
  base_url: desk.url,
  requester_euid: 'contact_12345',
  title: 'Build failed',
  timeout_seconds: '2',
  ...extra,
})

function expectNoSecret(result: RunResult, extra: string[] = []): void {
  for (const secret of [...SECRETS, ...extra]) {
    expect(result.visibleLog).not.toContain(secret)
    expect(result.summary).not.toContain(secret)
    expect(Object.values(result.outputs).join('\n')).not.toContain(secret)
  }
}

interface Command {
  name: string
  data: string
}

/**
 * The workflow commands the runner would obey in this output: lines starting with "::" (after
 * blanks) and legacy "##[" lines, skipping whatever sits between ::stop-commands::T and ::T::.
 */
function obeyedCommands(stdout: string): Command[] {
  const commands: Command[] = []
  let stopToken: string | undefined
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim()
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      continue
    }
    const m = line.match(/^::([A-Za-z-]+)( [^:]*)?::(.*)$/)
    if (m) {
      commands.push({ name: m[1], data: m[3] })
      if (m[1] === 'stop-commands') stopToken = m[3]
    } else if (line.includes('##[')) {
      commands.push({ name: 'legacy', data: line })
    }
  }
  return commands
}

describe('RUNNER_DEBUG=1: no secret in stdout, stderr or the summary, whatever happens', () => {
  const scenarios: [string, (d: LiveDeskStandIn) => void, Record<string, string>, number][] = [
    [
      'a ticket opened after a 503',
      (d) =>
        d.overrides.push((_q, s) => {
          s.writeHead(503, { 'retry-after': '0' })
          s.end()
        }),
      {},
      0,
    ],
    ['LiveDesk rejects the credentials (401)', () => undefined, { api_secret: 'wrong-secret-value' }, 1],
    [
      'the outcome is unknown (500 echoing the request headers)',
      (d) =>
        d.overrides.push((req, s) => {
          s.writeHead(500, { 'content-type': 'application/json' })
          s.end(JSON.stringify({ code: 1000, message: `internal error; headers were ${JSON.stringify(req.headers)}` }))
        }),
      {},
      1,
    ],
    ['a dry run', () => undefined, { dry_run: 'true' }, 0],
    ['invalid input', () => undefined, { priority: 'P1' }, 1],
  ]
  it.each(scenarios)('%s', async (_name, arrange, extra, code) => {
    arrange(desk)
    const given = inputs(extra)
    const result = await runStep({
      inputs: {
        ...given,
        description: `key ${given.api_key}, secret ${given.api_secret}, token ${TOKEN}, proxy ${PROXY_PASSWORD}`,
      },
      githubToken: TOKEN,
      env: {
        RUNNER_DEBUG: '1',
        HTTPS_PROXY: `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:9`,
        NO_PROXY: '127.0.0.1',
      },
    })
    expect(result.code).toBe(code)
    if (extra.priority === undefined) expect(result.stdout).toContain('::debug::') // debug lines were printed
    expectNoSecret(result, [given.api_secret])
    // The masks are registered before any other line.
    const firstOther = result.stdout.split('\n').findIndex((l) => !l.startsWith('::add-mask::'))
    const masks = result.stdout.split('\n').slice(0, firstOther)
    const basic = Buffer.from(`${given.api_key}:${given.api_secret}`).toString('base64')
    for (const s of [given.api_key, given.api_secret, basic, TOKEN, PROXY_PASSWORD])
      expect(masks).toContain(`::add-mask::${s}`)
  })
})

describe('a secret cut short by an excerpt is masked too (the runner would not match what is left)', () => {
  /** Every beginning (4 or more characters) of `secret` that stands against a cut mark, and every end. */
  const cutPieces = (text: string, secret: string): string[] => {
    const found: string[] = []
    for (let k = 4; k < secret.length; k++) {
      if (text.includes(`${secret.slice(0, k)}…`)) found.push(`${secret.slice(0, k)}…`)
      if (text.includes(`…${secret.slice(-k)}`)) found.push(`…${secret.slice(-k)}`)
    }
    return found
  }

  it.each([
    // The YAML error quotes the mistaken line, cut at 60 characters, the secret across the cut.
    ['a YAML error that quotes the line', `token: ${'a'.repeat(45)}${SECRET}\n team: platform`, 1],
    // The summary's custom fields table cuts a value at 300 characters.
    ['a long custom field in the summary', `note: ${'b'.repeat(290)}${SECRET}`, 0],
  ])('%s', async (_what, customFields, code) => {
    const result = await runStep({ inputs: inputs({ custom_fields: customFields }) })
    expect(result.code).toBe(code)
    expect(result.visibleLog + result.summary).toContain('…')
    expect(cutPieces(result.visibleLog, SECRET)).toEqual([])
    expect(cutPieces(result.summary, SECRET)).toEqual([])
    expectNoSecret(result)
  })
})

describe('untrusted text is never read as a workflow command', () => {
  const hostile = [
    'Deploy failed',
    '::add-mask::Deploy',
    '::error::forged error',
    '  ::stop-commands::pwned',
    '::set-output name=ticket_id::tk_forged',
    '##[error]legacy forged',
  ].join('\n')

  function expectOnlyOwnCommands(result: RunResult): void {
    for (const c of obeyedCommands(result.stdout)) {
      if (c.name === 'add-mask') expect(SECRETS.map((s) => s.replace(/%/g, '%25'))).toContain(c.data)
      else if (c.name === 'stop-commands') expect(c.data).toMatch(/^[0-9a-f]{32}$/)
      else expect(['debug', 'error', 'warning', 'group', 'endgroup']).toContain(c.name)
      expect(c.data).not.toMatch(/^forged error|^pwned$/)
    }
    expect(obeyedCommands(result.stdout).filter((c) => c.name === 'error').length).toBeLessThanOrEqual(1)
    expect(result.outputs.ticket_id).not.toBe('tk_forged')
  }

  it('in a dry run, which prints the whole request', async () => {
    const result = await runStep({
      inputs: inputs({
        title: hostile,
        description: hostile,
        custom_fields: `note: "${hostile.replace(/\n/g, '\\n')}"`,
        dry_run: 'true',
      }),
      env: { RUNNER_DEBUG: '1' },
    })
    expect(result.code).toBe(0)
    expect(result.visibleLog).toContain('::add-mask::Deploy') // shown as text...
    expectOnlyOwnCommands(result) // ...never obeyed
  })

  it('in a failure that repeats the title, and in a server message', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' })
      res.end(JSON.stringify({ code: 1000, message: `busy\n::error::forged error\n##[error]legacy forged` }))
    })
    desk.overrides.push(() => undefined)
    const result = await runStep({
      inputs: inputs({ title: hostile, timeout_seconds: '1' }),
      env: { RUNNER_DEBUG: '1' },
    })
    expect(result.code).toBe(1)
    expect(desk.creates()).toHaveLength(2)
    expectOnlyOwnCommands(result)
  })

  it('in an input error that repeats the value', async () => {
    const result = await runStep({ inputs: inputs({ priority: hostile, ticket_type: '::error::forged error' }) })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expectOnlyOwnCommands(result)
  })
})

describe('behind a proxy', () => {
  const proxyUrl = (port: number): string =>
    `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${port}`

  // HTTPS_PROXY with credentials through to a trusted https LiveDesk, and NO_PROXY: on the bundle
  // (__tests__/bundle/process-inputs.bundle.test.ts), as Node reads NODE_EXTRA_CA_CERTS only at start-up.

  it('a certificate the runner does not trust, seen through the proxy: nothing sent, retried, then a clear failure', async () => {
    const front = await startTlsFront(cert, Number(new URL(desk.url).port))
    const proxy = await startConnectProxy({ auth: PROXY_AUTH })
    try {
      const result = await runStep({
        inputs: inputs({ base_url: `https://localhost:${front.port}`, max_retries: '1', timeout_seconds: '3' }),
        env: { HTTPS_PROXY: proxyUrl(proxy.port) },
      })
      expect(result.code).toBe(1)
      expect(result.visibleLog).toMatch(
        /^::error .*LiveDesk could not be reached \(.*SELF_SIGNED.*\); nothing was sent\. Tried 2 times\. No ticket was created\./im,
      )
      expect(result.visibleLog).not.toContain('outcome is unknown')
      // One tunnel per attempt: the one opened ahead is the first attempt's.
      expect(proxy.connects).toHaveLength(2)
      expect(desk.requests).toHaveLength(0)
      expectNoSecret(result)
    } finally {
      await Promise.all([proxy.close(), front.close()])
    }
  })

  it('a proxy that never answers CONNECT: the step ends on time, nothing reached LiveDesk', async () => {
    const proxy = await startConnectProxy({ stall: true })
    try {
      const result = await runStep({
        inputs: inputs({ base_url: 'https://127.0.0.1:9', timeout_seconds: '2' }),
        env: { HTTPS_PROXY: proxyUrl(proxy.port) },
      })
      expect(result.code).toBe(1)
      expect(result.outputs.status).toBe('failed')
      expect(result.visibleLog).toContain('could not be reached within timeout_seconds (2 s); nothing was sent.')
      expect(result.durationMs).toBeLessThan(2000 + 1500)
      expectNoSecret(result)
    } finally {
      await proxy.close()
    }
  })

  it('a proxy that refuses the credentials (407): a clear failure naming the proxy, not LiveDesk, at once', async () => {
    const proxy = await startConnectProxy({ auth: 'someone:else' })
    try {
      const result = await runStep({
        inputs: inputs({ base_url: 'https://127.0.0.1:9' }),
        env: { HTTPS_PROXY: proxyUrl(proxy.port) },
      })
      expect(result.code).toBe(1)
      expect(result.visibleLog).toMatch(/^::error .*proxy .*HTTP 407.*No ticket was created\./m)
      expect(result.visibleLog).not.toContain('LiveDesk refused')
      // The tunnel asked for ahead is the request's: asked once, never tried again (a proxy that locks
      // an account after failed logins counts one).
      expect(proxy.connects).toHaveLength(1)
      expectNoSecret(result)
    } finally {
      await proxy.close()
    }
  })

  it('a proxy that cannot reach LiveDesk (502 to CONNECT): tried again, one CONNECT per attempt', async () => {
    const proxy = await startConnectProxy({ refuseWith: 502 })
    try {
      const result = await runStep({
        inputs: inputs({ base_url: 'https://127.0.0.1:9', max_retries: '2', timeout_seconds: '3' }),
        env: { HTTPS_PROXY: proxyUrl(proxy.port) },
      })
      expect(result.code).toBe(1)
      expect(result.visibleLog).toMatch(/^::error .*did not open a tunnel to LiveDesk.*HTTP 502.*Tried 3 times\./m)
      expect(proxy.connects).toHaveLength(3)
      expectNoSecret(result)
    } finally {
      await proxy.close()
    }
  })
})
