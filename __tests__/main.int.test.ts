// The whole run in-process: run() from src/main.ts with the real runner (__fixtures__/step.ts), inputs
// in, the plan carried out against the stand-ins on 127.0.0.1, outputs, summary and log out.
// Orchestration bugs fail here in milliseconds; RUN_BUNDLE=1 runs the same cases on dist/index.js, and
// __tests__/bundle/ runs the bundle as the runner does.
import { describe, expect, it } from '@jest/globals'
import { failedRunJobs } from '../__fixtures__/run-jobs.js'
import { BASIC, deskInputs, KEY, SECRET, useGitHub, useLiveDesk } from '../__fixtures__/stand-ins.js'
import { runStep, type RunOptions, type RunResult } from '../__fixtures__/step.js'
import { webhookPayload } from '../__fixtures__/webhooks.js'

const desk = useLiveDesk()
const github = useGitHub()

const base = (): Record<string, string> => deskInputs(desk, { requester_euid: 'contact_12345' })
const step = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> =>
  runStep({ inputs, githubToken: github.token, ...extra, env: { GITHUB_API_URL: github.url, ...extra.env } })
const errors = (r: RunResult): string[] => r.visibleLog.split('\n').filter((l) => l.startsWith('::error'))

describe('run() in-process', () => {
  it('a failed build: reads the jobs, opens one ticket that lists them, sets the outputs and the summary', async () => {
    github.state.jobs = failedRunJobs()
    const result = await step({
      ...base(),
      title: 'Build failed on main',
      ticket_url_template: 'https://desk.example/t/{ticket_id}',
    })
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(1)
    const { headers, body } = desk.creates()[0]
    expect(headers.authorization).toBe(`Basic ${BASIC}`)
    expect(body.description).toContain('### Failed jobs')
    expect(body.custom_fields.github_failed_jobs).toContain('linters: Run yarn run format-check')
    const ticketId = [...desk.tickets.keys()][0]
    expect(result.outputs).toEqual({
      ticket_id: ticketId,
      ticket_url: `https://desk.example/t/${ticketId}`,
      status: 'created',
    })
    expect(result.visibleLog).toContain(`Opened LiveDesk ticket ${ticketId} (https://desk.example/t/${ticketId}).`)
    expect(result.summary).toContain('### LiveDesk ticket opened')
    // The key, the secret, their Basic header and the token were masked before anything was printed.
    const masks = result.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))
    for (const secret of [KEY, SECRET, BASIC, `Basic ${BASIC}`, github.token])
      expect(masks).toContain(`::add-mask::${secret}`)
  })

  it('an issue opened, then edited: one ticket, created then updated through the marker comment', async () => {
    const env = { GITHUB_REPOSITORY: 'Codertocat/Hello-World' }
    const opened = await step(base(), { event: { name: 'issues', payload: webhookPayload('issues', 'opened') }, env })
    expect(opened.code).toBe(0)
    expect(opened.outputs.status).toBe('created')
    expect(github.state.comments.get(1)).toHaveLength(1)

    const edited = await step(base(), { event: { name: 'issues', payload: webhookPayload('issues', 'edited') }, env })
    expect(edited.code).toBe(0)
    expect(edited.outputs).toEqual({ ticket_id: opened.outputs.ticket_id, status: 'updated' })
    expect(desk.creates()).toHaveLength(1)
    expect(desk.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
      `/api/v2/accounts/tickets/${opened.outputs.ticket_id}`,
    ])
    expect(edited.summary).toContain('from issue #1')
  })

  it('invalid inputs: every problem in one error line, exit code 1, nothing sent', async () => {
    const result = await step({ ...base(), api_key: '', priority: 'urgent', dry_run: 'maybe' })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(errors(result)).toHaveLength(1)
    for (const part of [
      'api_key: is required',
      'title: is required',
      'priority: "urgent" is not allowed',
      'dry_run: "maybe" is not allowed. Allowed values: true, false.',
    ]) {
      expect(errors(result)[0]).toContain(part)
    }
    expect(result.outputs).toEqual({ status: 'failed' })
  })

  it('a dry run prints the request in a log group and sends nothing', async () => {
    const result = await step(
      { ...base(), title: 'Nightly', dry_run: 'True', failed_jobs: 'false' },
      { event: { name: 'schedule', payload: {} } },
    )
    expect(result.code).toBe(0)
    expect(desk.requests).toHaveLength(0)
    const group = /^::group::Dry run: nothing is sent\. This request would be sent to LiveDesk:\n([^]*?)^::endgroup::$/m
    expect(group.exec(result.stdout)?.[1]).toContain('"Authorization": "Basic ***"')
    expect(result.outputs).toEqual({ status: 'dry_run' })
  })

  it('LiveDesk failing with 500 after the request was sent: one POST, status failed, the summary keeps the ticket', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('Internal Server Error')
    })
    const result = await step({ ...base(), title: 'Build failed on main', failed_jobs: 'false' })
    expect(result.code).toBe(1)
    expect(desk.creates()).toHaveLength(1)
    expect(result.outputs).toEqual({ status: 'failed' })
    expect(errors(result)[0]).toContain('The outcome is unknown, so it was not sent again.')
    expect(result.summary).toContain('### LiveDesk ticket NOT opened')
  })
})
