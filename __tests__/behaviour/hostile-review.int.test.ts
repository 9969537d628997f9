// Families found by an attacker's review after the eleven of the hostile-input issue (runStep():
// in-process, or the bundle with RUN_BUNDLE=1).
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runStep, type RunOptions, type RunResult } from '../../__fixtures__/step.js'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'
import { BASIC, KEY, SECRET, useGitHub, useLiveDesk, plainStep } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()

const base = (): Record<string, string> => plainStep(desk)
const run = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> =>
  runStep({ inputs: { ...base(), ...inputs }, ...extra })
/** Anything of the key and secret that a reader could use: 12 characters of it, or of their base64. */
function expectNothingOfTheCredentials(text: string): void {
  for (const secret of [KEY, SECRET, BASIC])
    for (let i = 0; i + 12 <= secret.length; i += 4) expect(text).not.toContain(secret.slice(i, i + 12))
}

describe('credentials a server sends back', () => {
  it('an echoed Authorization header, cut by the excerpt: no piece of it is shown', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 1000, message: `bad header ${'x'.repeat(150)} Basic ${BASIC}` }))
    })
    const result = await run({})
    expect(result.code).toBe(1)
    expectNothingOfTheCredentials(result.visibleLog + result.summary)
  })

  it('the key in a 401 message: masked in the summary too, where cells escape Markdown', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 2001, message: `Authentication failed for API key ${KEY} | ${SECRET}` }))
    })
    const result = await run({})
    expect(result.code).toBe(1)
    expectNothingOfTheCredentials(result.visibleLog + result.summary)
  })

  it('a password in GITHUB_API_URL is masked, and never printed', async () => {
    github.state.jobs = failedRunJobs()
    const url = new URL(github.url)
    const result = await runStep({
      inputs: { ...base(), failed_jobs: 'auto' },
      env: { GITHUB_API_URL: `http://u:apiurlpass_9Z@${url.host}`, RUNNER_DEBUG: '1' },
      githubToken: github.token,
    })
    expect(result.stdout).toContain('::add-mask::apiurlpass_9Z')
    expect(result.visibleLog).not.toContain('apiurlpass_9Z')
  })
})

describe('limits that held only for well-formed text', () => {
  it('a description_file of 1 MiB of invalid UTF-8 is cut to 1 MiB as sent, with the warning', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
    writeFileSync(join(workspace, 'bytes.log'), Buffer.alloc(1024 * 1024, 0xff))
    const result = await run({ description_file: 'bytes.log' }, { workspace })
    expect(result.code).toBe(0)
    expect(Buffer.byteLength(desk.creates()[0].body.description)).toBeLessThanOrEqual(1024 * 1024)
    expect(result.visibleLog).toContain('it was cut at 1 MiB')
  })

  it('job names of 80 KB: the failed-jobs section stays small', async () => {
    github.state.jobs = Array.from({ length: 50 }, (_, i) => ({
      ...failedRunJobs()[1],
      id: i,
      name: `job ${i} ${'n'.repeat(80_000)}`,
    }))
    const result = await runStep({
      inputs: { ...base(), failed_jobs: 'auto' },
      env: { GITHUB_API_URL: github.url },
      githubToken: github.token,
    })
    expect(result.code).toBe(0)
    expect(Buffer.byteLength(desk.creates()[0].body.description)).toBeLessThan(100 * 1024)
  })

  it('a template cannot multiply a large environment variable into gigabytes', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
    writeFileSync(join(workspace, 't.md'), `---\ntitle: x\n---\n${'{{ env.BIG }}'.repeat(8900)}`)
    const result = await run({ template: 't.md' }, { workspace, env: { BIG: 'é'.repeat(60_000) }, cpu: true })
    expect(result.cpuMs).toBeLessThan(1000)
    expect(result.code).toBe(0)
  })
})

describe('what a template may read', () => {
  it.each(['GH_TOKEN', 'NPM_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'HTTPS_PROXY', 'SSH_PRIVATE_KEY'])(
    '%s, named like a credential, renders as empty',
    async (name) => {
      const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
      writeFileSync(join(workspace, 't.md'), `---\ntitle: "[{{ env.${name} }}] [{{ env.PATCH_WINDOW }}]"\n---\nbody\n`)
      const result = await run(
        { title: '', template: 't.md' },
        { workspace, env: { [name]: 'leak-me-42', PATCH_WINDOW: 'Mon 10:00' } },
      )
      expect(desk.creates()[0].body.title).toBe('[] [Mon 10:00]')
      expect(result.visibleLog + result.summary).not.toContain('leak-me-42')
    },
  )
})

// A FIFO as GITHUB_EVENT_PATH is on the bundle (__tests__/bundle/process-inputs.bundle.test.ts): a read
// that waited on it would hold this process, not a child.
