// The whole run in-process, with a fake runner (no child process): inputs in, the plan carried out
// against the stand-ins on 127.0.0.1, outputs, summary and log out. Orchestration bugs fail here in
// milliseconds; the bundle itself is tested as the runner runs it in __tests__/bundle/.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fakeRunner } from '../__fixtures__/fake-runner.js'
import { failedRunJobs } from '../__fixtures__/run-jobs.js'
import { BASIC, KEY, SECRET, useGitHub, useLiveDesk } from '../__fixtures__/stand-ins.js'
import { webhookPayload } from '../__fixtures__/webhooks.js'
import { run } from '../src/main.js'

const desk = useLiveDesk()
const github = useGitHub()

/** The environment the runner gives a step, with the event written where GITHUB_EVENT_PATH says. */
function runnerEnv(
  eventName: string,
  payload: Record<string, unknown>,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'livedesk-main-'))
  writeFileSync(join(dir, 'event.json'), JSON.stringify(payload))
  return {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'octo-org/checkout-service',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'build',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKSPACE: dir,
    ...extra,
  }
}

const base = (): Record<string, string> => ({
  api_key: KEY,
  api_secret: SECRET,
  base_url: desk.url,
  requester_euid: 'contact_12345',
})

describe('run() in-process', () => {
  it('a failed build: reads the jobs, opens one ticket that lists them, sets the outputs and the summary', async () => {
    github.state.jobs = failedRunJobs()
    const runner = fakeRunner(
      { ...base(), title: 'Build failed on main', ticket_url_template: 'https://desk.example/t/{ticket_id}' },
      github.token,
    )
    const code = await run(runner, runnerEnv('push', {}))
    expect(code).toBe(0)
    expect(runner.exitCode).toBeUndefined()
    expect(desk.creates()).toHaveLength(1)
    const { headers, body } = desk.creates()[0]
    expect(headers.authorization).toBe(`Basic ${BASIC}`)
    expect(body.description).toContain('### Failed jobs')
    expect(body.custom_fields.github_failed_jobs).toContain('linters: Run yarn run format-check')
    const ticketId = [...desk.tickets.keys()][0]
    expect(runner.outputs).toEqual({
      ticket_id: ticketId,
      ticket_url: `https://desk.example/t/${ticketId}`,
      status: 'created',
    })
    expect(runner.log).toContain(`Opened LiveDesk ticket ${ticketId} (https://desk.example/t/${ticketId}).`)
    expect(runner.summary.join('')).toContain('### LiveDesk ticket opened')
    // The key, the secret, their Basic header and the token were masked before anything was printed.
    expect(runner.secrets).toEqual(expect.arrayContaining([KEY, SECRET, BASIC, `Basic ${BASIC}`, github.token]))
  })

  it('an issue opened, then edited: one ticket, created then updated through the marker comment', async () => {
    const env = { GITHUB_REPOSITORY: 'Codertocat/Hello-World' }
    const opened = fakeRunner(base(), github.token)
    expect(await run(opened, runnerEnv('issues', webhookPayload('issues', 'opened'), env))).toBe(0)
    expect(opened.outputs.status).toBe('created')
    expect(github.state.comments.get(1)).toHaveLength(1)

    const edited = fakeRunner(base(), github.token)
    expect(await run(edited, runnerEnv('issues', webhookPayload('issues', 'edited'), env))).toBe(0)
    expect(edited.outputs).toEqual({ ticket_id: opened.outputs.ticket_id, status: 'updated' })
    expect(desk.creates()).toHaveLength(1)
    expect(desk.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
      `/api/v2/accounts/tickets/${opened.outputs.ticket_id}`,
    ])
    expect(edited.summary.join('')).toContain('from issue #1')
  })

  it('invalid inputs: every problem in one error line, exit code 1, nothing sent', async () => {
    const runner = fakeRunner({ ...base(), api_key: '', priority: 'urgent', dry_run: 'maybe' })
    expect(await run(runner, runnerEnv('push', {}))).toBe(1)
    expect(runner.exitCode).toBe(1)
    expect(desk.requests).toHaveLength(0)
    const errors = runner.log.filter((l) => l.startsWith('::error'))
    expect(errors).toHaveLength(1)
    for (const part of [
      'api_key: is required',
      'title: is required',
      'priority: "urgent" is not allowed',
      'dry_run: "maybe" is not allowed. Allowed values: true, false.',
    ]) {
      expect(errors[0]).toContain(part)
    }
    expect(runner.outputs).toEqual({ status: 'failed' })
  })

  it('a dry run prints the request in a log group and sends nothing', async () => {
    const runner = fakeRunner({ ...base(), title: 'Nightly', dry_run: 'True', failed_jobs: 'false' })
    expect(await run(runner, runnerEnv('schedule', {}))).toBe(0)
    expect(desk.requests).toHaveLength(0)
    expect(
      runner.log[runner.log.indexOf('::group::Dry run: nothing is sent. This request would be sent to LiveDesk:') + 1],
    ).toContain('"Authorization": "Basic ***"')
    expect(runner.outputs).toEqual({ status: 'dry_run' })
  })

  it('LiveDesk failing with 500 after the request was sent: one POST, status failed, the summary keeps the ticket', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('Internal Server Error')
    })
    const runner = fakeRunner({ ...base(), title: 'Build failed on main', failed_jobs: 'false' })
    expect(await run(runner, runnerEnv('push', {}))).toBe(1)
    expect(desk.creates()).toHaveLength(1)
    expect(runner.outputs).toEqual({ status: 'failed' })
    expect(runner.log.find((l) => l.startsWith('::error'))).toContain(
      'The outcome is unknown, so it was not sent again.',
    )
    expect(runner.summary.join('')).toContain('### LiveDesk ticket NOT opened')
  })
})
