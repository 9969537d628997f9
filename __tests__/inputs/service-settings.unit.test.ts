// The service family: where LiveDesk is (base_url), how a ticket's link is made, how long a call may
// take and how often it is tried again.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/inputs/problems.js'
import type { InputValues } from '../../src/inputs/read-inputs.js'
import { buildSettings, readAccess } from '../../src/inputs/settings.js'

const minimal: InputValues = { api_key: 'k', api_secret: 's', title: 'Disk full', requester_euid: 'c1' }

async function problemsOf(values: InputValues): Promise<string[]> {
  const err = await buildSettings({ ...minimal, ...values }, '').catch((e: unknown) => e)
  if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${String(err)}`)
  return err.problems
}

describe('values', () => {
  it('defaults: the public API, no ticket link, 30 s a call, 3 retries', async () => {
    const settings = await buildSettings(minimal, '')
    expect(settings.baseUrl.href).toBe('https://livedesk-api.engagelab.com/')
    expect(settings).toMatchObject({ ticketUrlTemplate: undefined, timeoutMs: 30_000, maxRetries: 3 })
  })

  it.each<[InputValues, Record<string, unknown>]>([
    [{ timeout_seconds: '2.5' }, { timeoutMs: 2500 }],
    [{ timeout_seconds: ' 3600 ' }, { timeoutMs: 3_600_000 }],
    [{ timeout_seconds: '1' }, { timeoutMs: 1000 }],
    [{ max_retries: '0' }, { maxRetries: 0 }],
    [{ max_retries: '10' }, { maxRetries: 10 }],
    [
      { ticket_url_template: ' https://desk.example/t/{ticket_id} ' },
      { ticketUrlTemplate: 'https://desk.example/t/{ticket_id}' },
    ],
  ])('%j', async (values, expected) => {
    expect(await buildSettings({ ...minimal, ...values }, '')).toMatchObject(expected)
  })

  it('base_url is trimmed', async () => {
    expect((await buildSettings({ ...minimal, base_url: ' https://desk.example/api ' }, '')).baseUrl.href).toBe(
      'https://desk.example/api',
    )
  })

  // LiveDesk's API page gives the endpoint as https://livedesk-api.engagelab.com/api/v2/accounts/tickets
  // (its "Request URL"): a user who copies it, whole or in part, gets the host.
  it.each([
    ['https://livedesk-api.engagelab.com/api/v2', 'https://livedesk-api.engagelab.com/'],
    ['https://livedesk-api.engagelab.com/api/v2/', 'https://livedesk-api.engagelab.com/'],
    ['https://livedesk-api.engagelab.com/api/v2/accounts/tickets', 'https://livedesk-api.engagelab.com/'],
    ['https://proxy.example/livedesk/api/v2/accounts', 'https://proxy.example/livedesk'],
    ['https://proxy.example/api/v2x', 'https://proxy.example/api/v2x'],
    ['https://proxy.example/gw/api/v2/tickets', 'https://proxy.example/gw'],
    ['https://livedesk-api.engagelab.com/API/V2', 'https://livedesk-api.engagelab.com/'],
    ['https://livedesk-api.engagelab.com/api/v2/accounts/tickets/tk_1', 'https://livedesk-api.engagelab.com/'],
  ])('base_url %s is used as %s: the action adds /api/v2 itself', async (given, used) => {
    expect((await buildSettings({ ...minimal, base_url: given }, '')).baseUrl.href).toBe(used)
  })
})

describe('problems, in input order', () => {
  it.each<[InputValues, string[]]>([
    [{ timeout_seconds: '3601' }, ['timeout_seconds: "3601" is not allowed. Expected a number from 1 to 3600.']],
    [{ timeout_seconds: '1e3' }, ['timeout_seconds: "1e3" is not allowed. Expected a number from 1 to 3600.']],
    [{ timeout_seconds: '-1' }, ['timeout_seconds: "-1" is not allowed. Expected a number from 1 to 3600.']],
    [{ max_retries: '11' }, ['max_retries: "11" is not allowed. Expected a whole number from 0 to 10.']],
    [{ max_retries: '1.0' }, ['max_retries: "1.0" is not allowed. Expected a whole number from 0 to 10.']],
    [
      { ticket_url_template: 'https://desk.example/tickets' },
      ['ticket_url_template: must contain {ticket_id}, e.g. https://your-console.example/tickets/{ticket_id}.'],
    ],
    [{ ticket_url_template: 'http://desk.example/t/{ticket_id}' }, ['ticket_url_template: must be an https:// URL.']],
    [
      {
        max_retries: '-1',
        timeout_seconds: 'soon',
        ticket_url_template: 'https://desk.example/t',
        base_url: 'https://desk.example/?x=1',
      },
      [
        'base_url: must not contain a query (?…) or fragment (#…).',
        'ticket_url_template: must contain {ticket_id}, e.g. https://your-console.example/tickets/{ticket_id}.',
        'timeout_seconds: "soon" is not allowed. Expected a number from 1 to 3600.',
        'max_retries: "-1" is not allowed. Expected a whole number from 0 to 10.',
      ],
    ],
  ])('%j', async (values, problems) => {
    expect(await problemsOf(values)).toEqual(problems)
  })
})

describe('readAccess: the credentials and timeouts the run calls GitHub with before its subject is known', () => {
  it.each<[InputValues, number]>([
    [{}, 30_000],
    [{ timeout_seconds: ' 2.5 ' }, 2500],
    [{ timeout_seconds: '0' }, 30_000],
    [{ timeout_seconds: 'soon' }, 30_000],
    [{ timeout_seconds: true }, 30_000],
  ])('%j → %d ms (an invalid value: the default, and its problem listed by buildSettings)', (values, ms) => {
    expect(readAccess({ ...minimal, ...values }).access.timeoutMs).toBe(ms)
  })

  it('its problems are listed with the others, the credentials first and the service after the content', async () => {
    const values: InputValues = { ...minimal, api_key: '', timeout_seconds: 'soon', title: '' }
    const access = readAccess(values)
    expect(access.problems).toEqual({
      credentials: [expect.stringMatching(/^api_key: is required/)],
      service: ['timeout_seconds: "soon" is not allowed. Expected a number from 1 to 3600.'],
    })
    const err = await buildSettings(values, '', { access }).catch((e: unknown) => e)
    expect((err as InputError).problems).toEqual([
      expect.stringMatching(/^api_key: is required/),
      expect.stringMatching(/^title: is required/),
      'timeout_seconds: "soon" is not allowed. Expected a number from 1 to 3600.',
    ])
  })
})

describe('no user name or password in a URL, in any form the URL parser reads', () => {
  const BASE_URL_CREDENTIALS =
    'base_url: must not contain a user name or password; the credentials go in api_key and api_secret.'
  const TEMPLATE_CREDENTIALS = 'ticket_url_template: must not contain a user name or password.'

  it.each([
    ['a user name', 'https://desk-user@desk.example'],
    ['a user name without a scheme', 'desk-user@desk.example'],
    ['a password before a host without a scheme, which the URL parser reads as a scheme', 'svc:hunter2@desk.example'],
    ['a user name after one slash, which the URL parser reads as two', 'https:/desk-user@desk.example'],
    ['a user name with a space, which the URL parser encodes', 'https://desk user@desk.example'],
  ])('base_url: %s', async (_what, url) => {
    expect(await problemsOf({ base_url: url })).toEqual([BASE_URL_CREDENTIALS])
  })

  it.each([
    ['a user name and password', 'https://user:hunter2@desk.example/t/{ticket_id}'],
    ['a password before a host without a scheme', 'svc:hunter2@desk.example/t/{ticket_id}'],
    ['a user name after one slash', 'https:/desk-user@desk.example/t/{ticket_id}'],
  ])('ticket_url_template: %s', async (_what, template) => {
    expect(await problemsOf({ ticket_url_template: template })).toEqual([TEMPLATE_CREDENTIALS])
  })
})

describe('ticket_url_template', () => {
  const ONE_URL =
    'ticket_url_template: must be one URL without spaces, line breaks, quotes, angle brackets or control characters, e.g. https://your-console.example/tickets/{ticket_id}.'
  // A ticket id takes up to 384 characters once URL-encoded; a link may be 2,000 long.
  const withLength = (length: number, ids: number) => {
    const tail = '/{ticket_id}'.repeat(ids)
    const head = 'https://desk.example/'
    return head + 'p'.repeat(length - head.length - tail.length) + tail
  }
  const tooLong = (longest: number) =>
    `ticket_url_template: is too long: a ticket's link could be ${longest} characters (a ticket id takes up to 384 once URL-encoded); at most 2000 are allowed.`

  it.each([
    ['one id, a link of 2,000 at most', withLength(2000 - 373, 1)],
    ['two ids, a link of 2,000 at most', withLength(2000 - 2 * 373, 2)],
    ['the id as the host', 'https://{ticket_id}'],
    ['plain http to this machine', 'http://127.0.0.1:8080/t/{ticket_id}'],
  ])('accepts %s', async (_what, template) => {
    expect((await buildSettings({ ...minimal, ticket_url_template: template }, '')).ticketUrlTemplate).toBe(template)
  })

  it.each([
    ['one id, a link that could be 2,001 long', withLength(2001 - 373, 1), tooLong(2001)],
    ['two ids, a link that could be 2,001 long', withLength(2001 - 2 * 373, 2), tooLong(2001)],
    ['a space', 'https://desk.example/t/{ticket_id} x', ONE_URL],
    ['a quote', 'https://desk.example/t/"{ticket_id}"', ONE_URL],
    ['an angle bracket', 'https://desk.example/t/<{ticket_id}>', ONE_URL],
    ['a line break', 'https://desk.example/t/\n{ticket_id}', ONE_URL],
    ['a control character', 'https://desk.example/t/\u0007{ticket_id}', ONE_URL],
    ['no scheme', 'desk.example/t/{ticket_id}', 'ticket_url_template: "desk.example/t/{ticket_id}" is not a URL.'],
  ])('refuses %s', async (_what, template, problem) => {
    expect(await problemsOf({ ticket_url_template: template })).toEqual([problem])
  })
})
