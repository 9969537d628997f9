// One step, one ticket: inputs as the runner passes them, the request LiveDesk receives, the outputs,
// the summary and the log, against the LiveDesk stand-in on 127.0.0.1 (runStep(): in-process, or the
// bundle with RUN_BUNDLE=1).
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runStep, type RunOptions } from '../../__fixtures__/step.js'
import { schedulePayload, webhookPayload } from '../../__fixtures__/webhooks.js'
import { deskInputs, plainStep, useLiveDesk, BASIC, KEY, SECRET } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()

const base = (): Record<string, string> =>
  deskInputs(desk, { requester_euid: 'contact_12345', title: 'Build failed on main' })
const run = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}) => runStep({ inputs, ...extra })

describe('one step opens one ticket', () => {
  it('sends every documented field as given, with the Basic header and context fields', async () => {
    const result = await run({
      ...base(),
      description: 'The **build** job failed.\n\nSee the run.',
      priority: 'high',
      ticket_type: 'incident',
      assignment_team: 'Platform On-Call',
      custom_fields: 'service: checkout\nregion: eu-west\nbuild: 010\nrollback: no',
      requester: [
        'channel_contacts:',
        '  channel_id: inbox_100',
        '  contact_id: -1001234567890',
        '  sub_contact_id: "23232323"',
        '  followers:',
        '    - id: "7562646527"',
        '      name: Zhang San',
      ].join('\n'),
      submitter_id: 'u_12345',
      attachments: 'https://example.com/files/error.jpg\nhttps://example.com/files/build.log',
      ticket_url_template: 'https://desk.example/tickets/{ticket_id}',
    })
    expect(result.code).toBe(0)
    expect(desk.requests).toHaveLength(1)
    const [req] = desk.requests
    expect(req.method).toBe('POST')
    expect(req.path).toBe('/api/v2/accounts/tickets')
    expect(req.headers.authorization).toBe(`Basic ${BASIC}`)
    expect(req.headers['content-type']).toMatch(/^application\/json/)
    expect(req.body).toEqual({
      title: 'Build failed on main',
      description: 'The **build** job failed.\n\nSee the run.',
      priority: 'high',
      ticket_type: 'incident',
      assignment_team: 'Platform On-Call',
      requester: {
        euid: 'contact_12345',
        channel_contacts: {
          channel_id: 'inbox_100',
          contact_id: '-1001234567890',
          sub_contact_id: '23232323',
          followers: [{ id: '7562646527', name: 'Zhang San' }],
        },
      },
      submitter: { id: 'u_12345' },
      attachments: [
        { file_url: 'https://example.com/files/error.jpg' },
        { file_url: 'https://example.com/files/build.log' },
      ],
      custom_fields: {
        service: 'checkout',
        region: 'eu-west',
        build: '010',
        rollback: 'no',
        github_repository: 'octo-org/checkout-service',
        github_workflow: 'CI',
        github_job: 'build',
        github_run_id: '1658821493',
        github_run_attempt: '1',
        github_run_url: 'https://github.com/octo-org/checkout-service/actions/runs/1658821493/attempts/1',
        github_event: 'push',
        github_ref: 'refs/heads/main',
        github_ref_name: 'main',
        github_sha: 'ffac537e6cbbf934b08745a378932722df287a53',
        github_actor: 'octocat',
      },
    })
    const ticketId = [...desk.tickets.keys()][0]
    expect(result.outputs).toEqual({
      ticket_id: ticketId,
      ticket_url: `https://desk.example/tickets/${ticketId}`,
      status: 'created',
    })
    expect(result.visibleLog).toContain(`Opened LiveDesk ticket ${ticketId}`)
    expect(result.summary).toContain(`[\`${ticketId}\`](https://desk.example/tickets/${ticketId})`)
    expect(result.summary).toContain('Platform On-Call')
  })

  it("a base_url copied with LiveDesk's path (…/api/v2/accounts/tickets) reaches the endpoint once, not twice", async () => {
    const result = await run({ ...plainStep(desk), base_url: `${desk.url}/api/v2/accounts/tickets` })
    expect(result.code).toBe(0)
    expect(desk.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/accounts/tickets'])
  })

  it('fails on invalid input with one message naming each input and its allowed values, sending nothing', async () => {
    const result = await run({
      api_key: '',
      api_secret: '',
      base_url: desk.url,
      title: '',
      priority: 'urgent',
      ticket_type: 'bug',
    })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(result.outputs.status).toBe('failed')
    const log = result.visibleLog
    expect(log).toMatch(/^::error title=LiveDesk ticket%3A invalid input::/m)
    for (const expected of [
      'api_key: is required',
      'api_secret: is required',
      'title: is required',
      'priority: "urgent" is not allowed. Allowed values: high, medium, low',
      'ticket_type: "bug" is not allowed. Allowed values: problem, incident, question, task',
      'requester_euid: LiveDesk needs a requester',
    ]) {
      expect(log).toContain(expected)
    }
    expect(log).not.toMatch(/\n\s+at /) // no stack trace
  })
})

describe('input errors, one at a time', () => {
  it.each([
    ['title', { title: '' }, 'title: is required'],
    ['api_secret', { api_secret: '' }, 'api_secret: is required'],
    ['requester', { requester_euid: '' }, 'requester_euid: LiveDesk needs a requester'],
    ['priority', { priority: 'P1' }, 'Allowed values: high, medium, low'],
    ['ticket_type', { ticket_type: 'bug' }, 'Allowed values: problem, incident, question, task'],
    [
      'base_url over http',
      { base_url: 'http://livedesk.example.com' },
      'base_url: "http://livedesk.example.com" must use https://',
    ],
    [
      'base_url with credentials',
      { base_url: 'https://u:p@livedesk.example.com' },
      'base_url: must not contain a user name or password',
    ],
    [
      'attachment not https',
      { attachments: 'ftp://example.com/a.log' },
      'attachments: "ftp://example.com/a.log" is not an https:// URL',
    ],
    [
      'nested custom field',
      { custom_fields: 'service:\n  name: checkout' },
      'custom_fields: "service" has a nested value',
    ],
    [
      'both descriptions',
      { description: 'x', description_file: 'log.txt' },
      'description, description_file: give one of them, not both',
    ],
    ['fail_on_error', { fail_on_error: 'yes' }, 'fail_on_error: "yes" is not allowed. Allowed values: true, false'],
  ])('%s', async (_name, change, message) => {
    const result = await run({ ...base(), ...change })
    expect(result.code).toBe(1)
    expect(result.visibleLog).toContain(message)
    expect(desk.requests).toHaveLength(0)
  })
})

describe('LiveDesk errors', () => {
  it('fails with the API message when code is not 0', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 3003, message: 'assignment_team "Platform On-Call" does not exist' }))
    })
    const result = await run({ ...base(), assignment_team: 'Platform On-Call' })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(1)
    expect(result.outputs.status).toBe('failed')
    expect(result.visibleLog).toContain('HTTP 200, code 3003: assignment_team "Platform On-Call" does not exist')
    expect(result.summary).toContain('LiveDesk ticket NOT opened')
    expect(result.summary).toContain('Build failed on main')
  })

  it('does not retry a 401, and says which inputs to check', async () => {
    const result = await run({ ...base(), api_secret: 'wrong-secret' })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(1)
    expect(result.visibleLog).toContain('HTTP 401, code 2001: Authentication failed')
    expect(result.visibleLog).toContain('Check api_key and api_secret')
  })

  it('with fail_on_error false, warns and passes', async () => {
    const result = await run({ ...base(), api_secret: 'wrong-secret', fail_on_error: 'false' })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('failed')
    expect(result.visibleLog).toMatch(/^::warning title=LiveDesk ticket not opened::.*HTTP 401/m)
  })
})

describe('secrets', () => {
  it('never prints the key, the secret or the Basic header, debug mode included', async () => {
    const result = await run(
      { ...base(), title: `Deploy ${KEY} failed`, description: `secret was ${SECRET}`, dry_run: 'false' },
      { env: { RUNNER_DEBUG: '1' } },
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('::debug::POST') // debug lines were printed
    for (const secret of [KEY, SECRET, BASIC]) {
      expect(result.visibleLog).not.toContain(secret)
      expect(result.summary).not.toContain(secret)
    }
    // The masks are registered before anything else is printed.
    const firstLines = result.stdout.split('\n').slice(0, 4)
    expect(firstLines).toEqual([
      `::add-mask::${KEY}`,
      `::add-mask::${SECRET}`,
      `::add-mask::${BASIC}`,
      `::add-mask::Basic ${BASIC}`,
    ])
  })
})

describe('custom and context fields', () => {
  it('a key the user sets wins over a context key', async () => {
    await run({ ...base(), custom_fields: '{"github_repository": "mirror/elsewhere", "tier": 1}' })
    expect(desk.requests[0].body.custom_fields.github_repository).toBe('mirror/elsewhere')
    expect(desk.requests[0].body.custom_fields.tier).toBe('1')
    expect(desk.requests[0].body.custom_fields.github_sha).toBe('ffac537e6cbbf934b08745a378932722df287a53')
  })

  it("context_fields false sends only the user's fields", async () => {
    await run({ ...base(), custom_fields: 'service: checkout', context_fields: 'false' })
    expect(desk.requests[0].body.custom_fields).toEqual({ service: 'checkout' })
  })

  it('builds the run URL from GITHUB_SERVER_URL (GitHub Enterprise Server)', async () => {
    await run(base(), { env: { GITHUB_SERVER_URL: 'https://ghe.example.com/' } })
    expect(desk.requests[0].body.custom_fields.github_run_url).toBe(
      'https://ghe.example.com/octo-org/checkout-service/actions/runs/1658821493/attempts/1',
    )
  })

  it.each([
    ['push', () => webhookPayload('push')],
    ['workflow_dispatch', () => webhookPayload('workflow_dispatch')],
    ['schedule', () => schedulePayload()],
    ['issues', () => webhookPayload('issues', 'opened')],
  ])('records the %s event', async (name, payload) => {
    const result = await run(base(), {
      event: { name, payload: payload() },
      env: { GITHUB_API_URL: 'http://127.0.0.1:9' },
    })
    expect(result.code).toBe(0)
    expect(desk.creates()).toHaveLength(1)
    expect(desk.creates()[0].body.custom_fields.github_event).toBe(name)
  })
})

describe('description_file', () => {
  it('sends 1 MiB of text whole', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
    const text = 'x'.repeat(1024 * 1024 - 6) + '\nend.\n'
    writeFileSync(join(workspace, 'build.log'), text)
    const result = await run({ ...base(), description_file: 'build.log' }, { workspace })
    expect(result.code).toBe(0)
    expect(desk.requests[0].body.description).toBe(text)
  })

  it('names the file it cannot read', async () => {
    const result = await run({ ...base(), description_file: 'missing.log' })
    expect(result.code).toBe(1)
    expect(result.visibleLog).toContain('description_file: cannot read "missing.log" (no such file)')
    expect(desk.requests).toHaveLength(0)
  })
})

describe('dry_run', () => {
  it('shows the exact request, credentials redacted, and sends nothing', async () => {
    const result = await run({ ...base(), dry_run: 'true', priority: 'low' })
    expect(result.code).toBe(0)
    expect(desk.requests).toHaveLength(0)
    expect(result.outputs).toEqual({ status: 'dry_run' })
    expect(result.visibleLog).toContain('"Authorization": "Basic ***"')
    expect(result.visibleLog).toContain(`"url": "${desk.url}/api/v2/accounts/tickets"`)
    expect(result.summary).toContain('"priority": "low"')
    expect(result.visibleLog + result.summary).not.toContain(BASIC)
  })
})

describe('large text in the job summary', () => {
  it('a dry run keeps the summary under the 1 MiB a step may write; the log has the whole request', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
    writeFileSync(join(workspace, 'build.log'), 'y'.repeat(1024 * 1024))
    const result = await run({ ...base(), dry_run: 'true', description_file: 'build.log' }, { workspace })
    expect(result.code).toBe(0)
    expect(Buffer.byteLength(result.summary)).toBeLessThan(300 * 1024)
    expect(result.summary).toContain("the step's log has the whole request")
    expect(result.stdout).toContain('y'.repeat(1024 * 1024))
  })
})

describe('fail_on_error: false', () => {
  it("turns invalid inputs into a warning too (say, the empty secrets of a fork's pull request)", async () => {
    const result = await run({ ...base(), api_key: '', api_secret: '', fail_on_error: 'false' })
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('failed')
    expect(desk.requests).toHaveLength(0)
    expect(result.visibleLog).toMatch(
      /^::warning title=LiveDesk ticket%3A invalid input::The LiveDesk ticket was not opened: 2 inputs are invalid:.*api_key: is required.*\(fail_on_error is false, so the step passes\.\)$/m,
    )
    expect(result.summary).toContain('Invalid input; nothing was sent.')
  })

  it('an invalid fail_on_error itself fails the step', async () => {
    const result = await run({ ...base(), api_key: '', fail_on_error: 'nope' })
    expect(result.code).toBe(1)
    expect(result.visibleLog).toContain('fail_on_error: "nope" is not allowed. Allowed values: true, false.')
  })
})
