// One InputError lists every problem, family by family in the order a reader fixes them: credentials,
// what the step is, the ticket's content, the service, what the run does.
import { describe, expect, it } from '@jest/globals'
import { InputError, InputProblem, Problems } from '../../src/inputs/problems.js'
import { buildSettings } from '../../src/inputs/settings.js'

describe('a problem in every family', () => {
  it('is listed once, in this order, in one error', async () => {
    const err = await buildSettings(
      {
        dedupe_key: 'a\nb',
        dedupe: 'always',
        failed_jobs: 'no',
        dry_run: 'si',
        fail_on_error: 'nope',
        context_fields: 'yes',
        log_lines: '500',
        max_retries: 'many',
        timeout_seconds: '0',
        ticket_url_template: 'https://desk.example/t',
        base_url: 'ftp://desk.example',
        attachments: 'ftp://files.example/a.log',
        description: 'inline',
        description_file: 'notes.md',
        requester: 'just text',
        custom_fields: '- a',
        submitter_id: ['agent'],
        assignment_team: { team: 'SRE' },
        ticket_type: 'bug',
        priority: 'urgent',
        title: 't'.repeat(1001),
        sync_replies: true,
        mode: 'later',
        api_key: 'a:b',
      },
      '/nonexistent',
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).problems).toEqual([
      'api_secret: is required. Pass it from a secret: api_secret: ${{ secrets.LIVEDESK_API_SECRET }}.',
      'api_key: must not contain ":" (LiveDesk joins key and secret with ":").',
      'mode: "later" is not allowed. Allowed values: ticket, recovery.',
      'sync_replies: applies only to the scheduled sync; set sync: issues in that step, or remove sync_replies.',
      'title: is 1001 characters long; at most 1000 are allowed.',
      `priority: "urgent" is not allowed. Allowed values: high, medium, low, in any case (or leave it empty for LiveDesk's default, medium).`,
      `ticket_type: "bug" is not allowed. Allowed values: problem, incident, question, task, in any case (or leave it empty for no type).`,
      'assignment_team: expected text, got a mapping.',
      'submitter_id: expected text, got a list.',
      'custom_fields: expected a mapping of keys to values, such as "service: checkout".',
      'requester: expected a mapping with euid and/or channel_contacts: {channel_id, contact_id, sub_contact_id, followers}.',
      'description, description_file: give one of them, not both.',
      'attachments: "ftp://files.example/a.log" is not an https:// URL. Each attachment is the URL of a file LiveDesk can fetch.',
      'base_url: "ftp://desk.example" must use https:// (plain http:// is allowed only to 127.0.0.1, ::1 or localhost).',
      'ticket_url_template: must contain {ticket_id}, e.g. https://your-console.example/tickets/{ticket_id}.',
      'timeout_seconds: "0" is not allowed. Expected a number from 1 to 3600.',
      'max_retries: "many" is not allowed. Expected a whole number from 0 to 10.',
      'log_lines: "500" is not allowed. Expected a whole number from 0 to 100.',
      'context_fields: "yes" is not allowed. Allowed values: true, false.',
      'fail_on_error: "nope" is not allowed. Allowed values: true, false.',
      'dry_run: "si" is not allowed. Allowed values: true, false.',
      'failed_jobs: "no" is not allowed. Allowed values: auto, false.',
      'dedupe: "always" is not allowed. Allowed values: run, branch, off.',
      'dedupe_key: must be one line of at most 200 characters, such as nightly-main.',
    ])
  })
})

describe("the error's message", () => {
  it.each<[string, string[], string]>([
    ['one problem: the problem itself', ['a: is wrong.'], 'a: is wrong.'],
    [
      'more: how many, then one a line',
      ['a: is wrong.', 'b: is wrong.'],
      '2 inputs are invalid:\n- a: is wrong.\n- b: is wrong.',
    ],
  ])('%s', (_what, problems, message) => {
    const err = new InputError(problems)
    expect([err.name, err.message, err.problems]).toEqual(['InputError', message, problems])
  })

  it('as buildSettings throws it', async () => {
    const err = await buildSettings({ title: 'Disk full', requester_euid: 'c1', api_secret: 's' }, '').catch(
      (e: unknown) => e,
    )
    expect(String(err)).toBe(
      'InputError: api_key: is required. Pass it from a secret: api_key: ${{ secrets.LIVEDESK_API_KEY }}.',
    )
  })
})

describe('a fault that is no input problem', () => {
  it('is not listed as one: it reaches the caller', async () => {
    const problems = new Problems()
    const fault = new TypeError('a bug')
    expect(() =>
      problems.check(() => {
        throw fault
      }, 0),
    ).toThrow(fault)
    await expect(problems.checkAsync(() => Promise.reject(fault), 0)).rejects.toBe(fault)
    expect(
      problems.check(() => {
        throw new InputProblem('a: is wrong.')
      }, 0),
    ).toBe(0)
    expect(problems.list()).toEqual(['a: is wrong.'])
  })
})
