// log_lines: the failed job's log, read through GitHub's redirect to its log storage, puts the lines
// up to the first error into the ticket. runStep() (in-process, or the bundle with RUN_BUNDLE=1); the storage hosts
// are real http.Servers on 127.0.0.1 (the fault tests' recorder) (endless, stalled, hostile).
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from '@jest/globals'
import { runStep, type RunOptions } from '../../__fixtures__/step.js'
import { startRecorder, type Closable } from '../../__fixtures__/fault-servers.js'
import { failedRunJobs } from '../../__fixtures__/run-jobs.js'
import { failureStep } from '../../__fixtures__/readme-steps.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { logExcerpt } from '../../src/recipes/build-failure.js'

const desk = useLiveDesk()
const github = useGitHub()

const step = (inputs: Record<string, string> = {}, options: Omit<RunOptions, 'inputs'> = {}) =>
  runStep(failureStep({ desk, github }, { timeout_seconds: '5', ...inputs }, options))

/** The finished failed job of failedRunJobs(): the one whose log is read. */
const failedJobId = (): number => failedRunJobs()[1].id as number

const servers: Closable[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

/** A log storage host on 127.0.0.1 whose answer `serve` writes; `requests` holds what it saw. */
async function storage(
  serve: (res: ServerResponse) => void,
): Promise<Closable & { url: string; requests: { headers: IncomingHttpHeaders }[] }> {
  const recorder = await startRecorder(serve)
  servers.push(recorder)
  return { ...recorder, url: `${recorder.url}/logs/${failedJobId()}?sig=abc` }
}

describe('log_lines (default 30)', () => {
  it('asks GitHub with the token, follows its redirect without it, and shows the lines up to the first error', async () => {
    github.state.jobs = failedRunJobs()
    const result = await step()
    expect(result.code).toBe(0)
    const logCall = github.requests.find((r) => r.path.endsWith(`/actions/jobs/${failedJobId()}/logs`))
    expect(logCall?.headers.authorization).toBe(`token ${github.token}`)
    expect(github.state.logRequests).toEqual([{ job: failedJobId(), authorization: undefined }])
    expect(desk.creates()[0].body.description).toContain(
      '\n  ```text\n  Run npm test\n  npm test failed\n  Error: Process completed with exit code 1.\n  ```\n',
    )
    // The running job (this step's own) has no log yet: it is not asked for.
    expect(github.requests.filter((r) => r.path.endsWith('/logs'))).toHaveLength(1)
  })

  it('log_lines: 0 reads no log', async () => {
    github.state.jobs = failedRunJobs()
    const result = await step({ log_lines: '0' })
    expect(result.code).toBe(0)
    expect(github.requests.some((r) => r.path.includes('/logs'))).toBe(false)
    expect(desk.creates()[0].body.description).not.toContain('```text')
  })

  it.each(['-1', '101', 'lots', '1.5'])(
    'log_lines: %s stops before any request, naming the input and its range',
    async (value) => {
      github.state.jobs = failedRunJobs()
      const result = await step({ log_lines: value })
      expect(result.code).toBe(1)
      expect(result.visibleLog).toMatch(/log_lines.*0.*100/)
      expect(desk.requests).toHaveLength(0)
      expect(github.requests).toHaveLength(0)
    },
  )

  it('keeps only the last N lines before the error', async () => {
    github.state.jobs = failedRunJobs()
    const store = await storage((res) =>
      res.end(`${Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n')}\n##[error]boom\nafter the error\n`),
    )
    github.state.logs.set(failedJobId(), store.url)
    await step({ log_lines: '3' })
    expect(desk.creates()[0].body.description).toContain('  ```text\n  line 49\n  line 50\n  Error: boom\n  ```')
    expect(desk.creates()[0].body.description).not.toContain('after the error')
  })

  // GitHub answers 410 for a log past its retention (rust-lang/triagebot#2241: "status":"410" from
  // download-job-logs) and 404 for one not stored yet or gone (Geocodio/yak#30); 403 without actions: read.
  it.each([
    [403, 'Resource not accessible by integration)', true],
    [404, 'so the log is gone or not there yet)', false],
    [410, 'so the log is gone or not there yet)', false],
    [500, 'Server Error)', false],
  ])(
    'GitHub answering %s for the log: the ticket opens without the lines, with one warning and its reason',
    async (status, reason, permissionHint) => {
      github.state.jobs = failedRunJobs()
      github.state.faults.set('job-logs', status)
      const result = await step()
      expect(result.code).toBe(0)
      expect(result.outputs.status).toBe('created')
      expect(desk.creates()[0].body.description).toContain('[linters]')
      expect(desk.creates()[0].body.description).not.toContain('```text')
      const warning = result.stdout
        .split('\n')
        .filter((l) => l.startsWith('::warning title=LiveDesk ticket%3A log lines not read::'))
      expect(warning).toHaveLength(1)
      expect(warning[0]).toContain(`The failing log lines of "linters" (GitHub answered HTTP ${status}`)
      expect(warning[0]).toContain(reason)
      // The permission hint only when GitHub refused for want of it: no permission brings back a log that is gone.
      expect(warning[0].includes('permissions: actions: read')).toBe(permissionHint)
    },
  )

  it('each log is tried on its own: one that is gone or failing does not stop the others, and each is named with its reason', async () => {
    const jobs = failedRunJobs()
    const failed = jobs[1]
    github.state.jobs = [...jobs, { ...failed, id: 7001, name: 'lint 2' }, { ...failed, id: 7002, name: 'lint 3' }]
    // Log storage answers 404 (BlobNotFound) for a log not written yet (Digital-Process-Tools/claude-supertool#741).
    const gone = await storage((res) =>
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>BlobNotFound</Code></Error>'),
    )
    const broken = await storage((res) => res.writeHead(500).end())
    github.state.logs.set(failedJobId(), gone.url)
    github.state.logs.set(7002, broken.url)
    // 7001 is redirected to the stand-in's own storage, which answers a log.
    const result = await step()
    expect(result.code).toBe(0)
    expect(github.state.logRequests).toEqual([{ job: 7001, authorization: undefined }])
    expect(desk.creates()[0].body.description).toContain(
      '- [lint 2](https://github.com/octo-org/checkout-service/actions/runs/1658821493/job/101) — failed steps: `Run yarn run format-check`\n\n  ```text\n  Run npm test\n',
    )
    const warnings = result.stdout.split('\n').filter((l) => l.startsWith('::warning'))
    expect(warnings).toEqual([
      `::warning title=LiveDesk ticket%3A log lines not read::The failing log lines of "linters" (the log storage answered HTTP 404 for the log of job ${failedJobId()}, so the log is gone or not there yet); "lint 3" (the log storage answered HTTP 500 for the log of job 7002) could not be read, so the ticket lists those jobs without them.`,
    ])
  })

  it('the log storage answering 403 (an expired signed address) is no missing permission: no hint', async () => {
    github.state.jobs = failedRunJobs()
    // Azure Blob Storage refuses a signed address past its expiry with 403 AuthenticationFailed.
    const expired = await storage((res) =>
      res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>AuthenticationFailed</Code></Error>'),
    )
    github.state.logs.set(failedJobId(), expired.url)
    const result = await step()
    const warning = result.stdout
      .split('\n')
      .filter((l) => l.startsWith('::warning'))
      .join('\n')
    expect(warning).toContain('(the log storage answered HTTP 403 for the log of job')
    expect(warning).not.toContain('permissions')
  })

  it('a 403 for a rate limit is no missing permission: the warning gives its reason and no permission hint', async () => {
    // GitHub's REST rate limits (docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
    // over the primary limit, "a 403 or 429 response" with x-ratelimit-remaining: 0 and a message that says so.
    const rateLimited = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json; charset=utf-8')
      if (/\/attempts\/1\/jobs/.test(req.url ?? ''))
        return res.end(JSON.stringify({ total_count: 4, jobs: failedRunJobs() }))
      res.writeHead(403, {
        'x-ratelimit-limit': '1000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1800),
      })
      res.end(
        JSON.stringify({
          message: 'API rate limit exceeded for installation ID 4242.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        }),
      )
    })
    await new Promise<void>((resolve) => rateLimited.listen(0, '127.0.0.1', resolve))
    servers.push({ close: () => new Promise<void>((resolve) => rateLimited.close(() => resolve())) })
    const result = await step(
      {},
      { env: { GITHUB_API_URL: `http://127.0.0.1:${(rateLimited.address() as AddressInfo).port}` } },
    )
    expect(result.code).toBe(0)
    expect(desk.creates()[0].body.description).toContain('[linters]')
    expect(result.stdout).toMatch(
      /^::warning title=LiveDesk ticket%3A log lines not read::The failing log lines of "linters" \(GitHub's rate limit for this token is used up \(HTTP 403; it resets at \d\d:\d\d UTC, in 3[01] min; [^)]*\)\) could not be read, so the ticket lists that job without them\.$/m,
    )
  })

  it('GitHub answering the log itself (200, no redirect): its text is read, not refused as an unexpected shape', async () => {
    github.state.jobs = failedRunJobs()
    github.state.bodies.set(
      'job-logs',
      '2024-05-01T12:00:00.0000000Z linking\n2024-05-01T12:00:01.0000000Z ##[error]ld: symbol not found\n',
    )
    const result = await step({ log_lines: '5' })
    expect(result.code).toBe(0)
    expect(result.visibleLog).not.toContain('log lines not read')
    expect(desk.creates()[0].body.description).toContain('  ```text\n  linking\n  Error: ld: symbol not found\n  ```')
  })

  it('a redirect to plain http off loopback is not followed', async () => {
    github.state.jobs = failedRunJobs()
    github.state.logs.set(failedJobId(), 'http://logs.example.com/job.txt')
    const result = await step()
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('which is not https; it was not followed')
    expect(desk.creates()).toHaveLength(1)
  })

  it('an endless log without an error: at most 4 MiB is read, well within the deadline, and the ticket opens', async () => {
    github.state.jobs = failedRunJobs()
    let written = 0
    const store = await storage((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      const line = Buffer.from(`${'x'.repeat(99)}\n`)
      const chunk = Buffer.concat(Array.from({ length: 640 }, () => line))
      const pump = (): void => {
        while (written < 200 * 1024 * 1024 && res.write(chunk)) written += chunk.length
        if (written >= 200 * 1024 * 1024) res.end()
        else res.once('drain', pump)
      }
      pump()
    })
    github.state.logs.set(failedJobId(), store.url)
    const started = Date.now()
    const result = await step({ log_lines: '2' })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.code).toBe(0)
    expect(written).toBeLessThan(64 * 1024 * 1024)
    expect(desk.creates()[0].body.description).toContain(
      `  \`\`\`text\n  ${'x'.repeat(99)}\n  ${'x'.repeat(99)}\n  \`\`\``,
    )
  })

  it('a ##[error] marker split between two chunks still ends the read there, in a log that trickles on', async () => {
    github.state.jobs = failedRunJobs()
    const timers: NodeJS.Timeout[] = []
    const store = await storage((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      // The marker arrives in two writes, far enough apart to be two chunks; then a line every 20 ms,
      // for ever: a reader that missed the marker waits for the deadline (or the 4 MiB cap).
      res.write('2024-05-01T12:00:00.0000000Z compiling\n2024-05-01T12:00:01.0000000Z ##[er')
      timers.push(
        setTimeout(() => {
          res.write('ror]Process completed with exit code 2.\n')
          timers.push(setInterval(() => res.destroyed || res.write(`${'y'.repeat(99)}\n`), 20))
        }, 50),
      )
    })
    github.state.logs.set(failedJobId(), store.url)
    const started = Date.now()
    const result = await step({ log_lines: '5', timeout_seconds: '4' })
    timers.forEach((t) => clearInterval(t))
    expect(result.code).toBe(0)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(result.visibleLog).not.toContain('log lines not read')
    expect(desk.creates()[0].body.description).toContain(
      '  ```text\n  compiling\n  Error: Process completed with exit code 2.\n  ```',
    )
  })

  it('a log that stops mid-answer: the deadline ends the read, the ticket opens without the lines', async () => {
    github.state.jobs = failedRunJobs()
    const store = await storage((res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100000' })
      res.write('the start of a log\n') // and nothing more
    })
    github.state.logs.set(failedJobId(), store.url)
    const result = await step({ timeout_seconds: '2' })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(result.stdout).toContain('could not be read')
    // The storage address's signature is its permission: it is never printed, debug lines included.
    expect(result.stdout).not.toContain('sig=abc')
    expect(store.requests[0].headers.authorization).toBeUndefined()
  })

  it('three stalled logs share one deadline: the run waits one timeout, not three', async () => {
    const jobs = failedRunJobs()
    const failed = jobs[1]
    github.state.jobs = [...jobs, { ...failed, id: 7001, name: 'lint 2' }, { ...failed, id: 7002, name: 'lint 3' }]
    const store = await storage((res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100000' })
      res.write('the start of a log\n')
    })
    for (const id of [failedJobId(), 7001, 7002]) github.state.logs.set(id, store.url)
    const started = Date.now()
    const result = await step({ timeout_seconds: '2' })
    expect(Date.now() - started).toBeLessThan(4000)
    expect(result.outputs.status).toBe('created')
    expect(result.stdout).toMatch(/"lint 3" \(/)
  })

  it('hostile log text stays inside its fence and never reaches the runner log', async () => {
    github.state.jobs = failedRunJobs()
    const hostile = [
      '2024-05-01T12:00:00.0000000Z \u001b[31m::error::not a command\u001b[0m',
      '2024-05-01T12:00:00.1000000Z ```\n# Heading outside?',
      '2024-05-01T12:00:00.2000000Z ::add-mask::x\r::set-output name=status::owned',
      '2024-05-01T12:00:00.3000000Z token ***',
      '2024-05-01T12:00:00.4000000Z ##[error]exit 1',
    ].join('\n')
    const store = await storage((res) => res.end(hostile))
    github.state.logs.set(failedJobId(), store.url)
    const result = await step()
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    const description: string = desk.creates()[0].body.description
    const block = description.slice(description.indexOf('  ````'))
    expect(block).toMatch(/^ {2}````+text\n/)
    expect(description).toContain('::error::not a command')
    expect(description).not.toContain('\u001b')
    expect(description).toContain('token ***')
    expect(result.stdout).not.toContain('not a command')
    expect(result.stdout).not.toContain('owned')
  })
})

describe('logExcerpt', () => {
  it('drops timestamps, colours and group markers; ends at the first error; keeps the last lines', () => {
    const text = [
      '2024-05-01T12:00:00Z ##[group]Run make',
      '2024-05-01T12:00:01.5Z \u001b[1mmake: *** [all] Error 2\u001b[0m',
      '##[endgroup]',
      '##[error]Process completed with exit code 2.',
      '##[error]second',
    ].join('\r\n')
    expect(logExcerpt(text, 30)).toEqual([
      'Run make',
      'make: *** [all] Error 2',
      'Error: Process completed with exit code 2.',
    ])
    expect(logExcerpt(text, 1)).toEqual(['Error: Process completed with exit code 2.'])
  })

  it('without an error: the last lines read; long lines are cut', () => {
    expect(logExcerpt(`a\nb\n${'y'.repeat(600)}\n\n`, 2)).toEqual(['b', `${'y'.repeat(500)}…`])
  })
})
