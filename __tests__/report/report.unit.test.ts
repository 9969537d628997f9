// How a ticket run ends in words: the outputs, the summary and the one line of a ticket, a dry run,
// or a failure (worded from what was known when it failed).
import { describe, expect, it } from '@jest/globals'
import { fakeRunner } from '../../__fixtures__/fake-runner.js'
import type { GitHubContext } from '../../src/github/context.js'
import { InputError } from '../../src/inputs/problems.js'
import type { Settings } from '../../src/inputs/settings.js'
import { LiveDeskError } from '../../src/livedesk/errors.js'
import { NO_MEMORY } from '../../src/memory/memory.js'
import { TicketReadError, type TicketPlan } from '../../src/plan/plan.js'
import { reportFailure, reportTicket } from '../../src/report/report.js'

const request = { title: 'Build failed', requester: { euid: 'c1' }, description: 'The build failed.' }
const settings = {
  baseUrl: new URL('https://livedesk-api.engagelab.com'),
  failOnError: true,
  dryRun: false,
  descriptionBytes: 17,
} as Settings
const plan = (over: Partial<TicketPlan> = {}): TicketPlan => ({
  subject: { kind: 'step' },
  ctx: { reported: { runUrl: 'https://github.com/o/r/actions/runs/1/attempts/1' } } as GitHubContext,
  settings,
  request,
  action: { kind: 'create' },
  memory: NO_MEMORY,
  ...over,
})

describe('reportTicket', () => {
  it('a ticket opened: its outputs and summary, exit 0', async () => {
    const runner = fakeRunner({})
    expect(
      await reportTicket(runner, plan(), {
        id: 'tk_1',
        url: 'https://desk.example/t/tk_1',
        verb: 'opened',
        attempts: 1,
      }),
    ).toBe(0)
    expect(runner.outputs).toEqual({ ticket_id: 'tk_1', ticket_url: 'https://desk.example/t/tk_1', status: 'created' })
    expect(runner.summary.join('')).toContain('### LiveDesk ticket opened')
  })

  it('a dry run: the exact request, credentials as ***, status dry_run', async () => {
    const runner = fakeRunner({})
    await reportTicket(runner, plan({ settings: { ...settings, dryRun: true } }), undefined)
    expect(runner.outputs).toEqual({ status: 'dry_run' })
    expect(runner.log.join('\n')).toContain('"Authorization": "Basic ***"')
    expect(runner.summary.join('')).toContain('### LiveDesk ticket: dry run, nothing sent')
  })
})

describe('reportFailure', () => {
  it('invalid inputs: every problem in the summary, one error line, exit 1; fail_on_error: false makes it a warning', async () => {
    const runner = fakeRunner({})
    const err = new InputError(['priority: "urgent" is not allowed.', 'title: is required.'])
    expect(await reportFailure(runner, err, { explicit: {} })).toBe(1)
    expect(runner.outputs).toEqual({ status: 'failed' })
    expect(runner.summary.join('')).toContain('- priority: "urgent" is not allowed.\n- title: is required.')
    expect(runner.log.at(-1)).toMatch(
      /^::error title=LiveDesk ticket: invalid input::The LiveDesk ticket was not opened: 2 inputs are invalid/,
    )
    const lenient = fakeRunner({})
    expect(await reportFailure(lenient, err, { explicit: { fail_on_error: false } })).toBe(0)
    expect(lenient.log.at(-1)).toMatch(
      /^::warning title=LiveDesk ticket: invalid input::[^]*\(fail_on_error is false, so the step passes\.\)$/,
    )
  })

  it('the ticket a failure already has could not be read: named, nothing opened, the request kept to file by hand', async () => {
    const runner = fakeRunner({})
    const err = new TicketReadError(
      'tk_9',
      new LiveDeskError('LiveDesk failed while handling the request.', { outcome: 'unknown', status: 500 }),
    )
    expect(await reportFailure(runner, err, { explicit: {}, settings, request })).toBe(1)
    expect(runner.log.at(-1)).toBe(
      '::error title=LiveDesk ticket not opened::LiveDesk ticket tk_9, which this failure already has, could not be read: LiveDesk failed while handling the request. (HTTP 500) Tried once. Nothing was opened or changed, so there is no second ticket; re-run the job when LiveDesk answers.',
    )
    expect(runner.summary.join('')).toContain('Everything needed to file it by hand')
  })

  it('a create whose outcome is unknown: not sent again, and where to look', async () => {
    const runner = fakeRunner({})
    const err = new LiveDeskError(
      'The request reached LiveDesk but no complete answer within timeout_seconds (30 s).',
      { outcome: 'unknown' },
    )
    await reportFailure(runner, err, { explicit: {}, settings, request, plan: plan() })
    expect(runner.log.at(-1)).toContain(
      'Before re-running, look in LiveDesk for a ticket titled "Build failed" with github_run_url https://github.com/o/r/actions/runs/1/attempts/1.',
    )
  })

  it('trouble after the ticket exists: a warning, the ticket reported, exit 0', async () => {
    const runner = fakeRunner({})
    const code = await reportFailure(runner, new Error('disk full'), {
      explicit: {},
      settings,
      request,
      plan: plan(),
      ticket: { id: 'tk_5', verb: 'opened', attempts: 1 },
    })
    expect(code).toBe(0)
    expect(runner.log[0]).toBe(
      '::warning title=LiveDesk ticket: trouble after the ticket::LiveDesk ticket tk_5 was opened, but then: Unexpected error: disk full',
    )
    expect(runner.outputs).toMatchObject({ ticket_id: 'tk_5', status: 'created' })
  })
})
