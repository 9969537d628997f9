// inputs → settings → request, called directly with plain objects.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../../src/inputs/problems.js'
import { DESCRIPTION_LIMIT_BYTES, TRUNCATION_MARKER, ticketUrl } from '../../src/livedesk/ticket.js'
import type { InputValues } from '../../src/inputs/read-inputs.js'
import { buildSettings } from '../../src/inputs/settings.js'
import { buildTicketRequest } from '../../src/plan/ticket-request.js'

const minimal: InputValues = { api_key: 'k', api_secret: 's', title: 'Disk full', requester_euid: 'c1' }
const workspace = mkdtempSync(join(tmpdir(), 'settings-'))

async function problemsOf(values: InputValues): Promise<string[]> {
  try {
    await buildSettings(values, workspace)
  } catch (err) {
    if (err instanceof InputError) return err.problems
    throw err
  }
  throw new Error('expected an InputError')
}

describe('defaults', () => {
  it('sends only what was given; the server applies its own defaults', async () => {
    const settings = await buildSettings(minimal, workspace)
    expect(buildTicketRequest(settings, {})).toEqual({ title: 'Disk full', requester: { euid: 'c1' } })
    expect(settings).toMatchObject({
      timeoutMs: 30_000,
      maxRetries: 3,
      failOnError: true,
      dryRun: false,
      contextFields: true,
    })
    expect(settings.baseUrl.href).toBe('https://livedesk-api.engagelab.com/')
  })

  it('accepts allowed values in any case', async () => {
    const settings = await buildSettings({ ...minimal, priority: 'High', ticket_type: 'TASK' }, workspace)
    expect([settings.priority, settings.ticketType]).toEqual(['high', 'task'])
  })
})

describe('custom_fields', () => {
  it('keeps every value as the text written (YAML 1.2 core: no, on, 010 stay strings)', async () => {
    const settings = await buildSettings(
      { ...minimal, custom_fields: 'a: no\nb: on\nc: 010\nd: 1.50\ne: "quoted: yes"\nf:\ng: true' },
      workspace,
    )
    expect(settings.customFields).toEqual({ a: 'no', b: 'on', c: '010', d: '1.50', e: 'quoted: yes', f: '', g: 'true' })
  })

  it('accepts JSON', async () => {
    const settings = await buildSettings({ ...minimal, custom_fields: '{"a": 1, "b": "x"}' }, workspace)
    expect(settings.customFields).toEqual({ a: '1', b: 'x' })
  })

  it('takes 1,000 keys', async () => {
    const yaml = Array.from({ length: 1000 }, (_, i) => `field_${i}: value ${i}`).join('\n')
    const settings = await buildSettings({ ...minimal, custom_fields: yaml }, workspace)
    expect(Object.keys(settings.customFields)).toHaveLength(1000)
  })

  it.each([
    ['a: 1\nb: 2\na: 3', 'custom_fields: line 3: Map keys must be unique.'],
    ['a: &x 1\nb: *x', 'custom_fields: line 2: aliases (*x) are not allowed; write the value out.'],
    ['__proto__: x', 'custom_fields: line 1: the key "__proto__" is not allowed.'],
    [
      'service:\n  name: checkout',
      'custom_fields: "service" has a nested value; only text, numbers and booleans are allowed.',
    ],
    ['- a\n- b', 'custom_fields: expected a mapping of keys to values, such as "service: checkout".'],
    ['a: [1, 2', 'custom_fields: line 1:'],
  ])('refuses %j', async (yaml, message) => {
    const [problem] = await problemsOf({ ...minimal, custom_fields: yaml })
    expect(problem.startsWith(message)).toBe(true)
  })
})

describe('requester', () => {
  it('merges requester_euid into the mapping', async () => {
    const settings = await buildSettings(
      { ...minimal, requester: 'channel_contacts:\n  channel_id: inbox_1\n  contact_id: "42"' },
      workspace,
    )
    expect(settings.requester).toEqual({ euid: 'c1', channel_contacts: { channel_id: 'inbox_1', contact_id: '42' } })
  })

  it.each([
    ['channel_contacts:\n  channel_id: inbox_1', 'requester: channel_contacts.contact_id is required.'],
    ['euid: a\nemail: x@example.com', 'requester: unknown key "email". Allowed keys: euid, channel_contacts'],
    ['euid: other', 'requester_euid: differs from requester.euid'],
    ['euid: [a]', 'requester: euid must be text.'],
    ['channel_contacts: x', 'requester: channel_contacts must be a mapping.'],
    [
      'channel_contacts:\n  channel_id: a\n  contact_id: b\n  followers: x',
      'requester: channel_contacts.followers must be a list.',
    ],
  ])('refuses %j', async (yaml, message) => {
    const [problem] = await problemsOf({ ...minimal, requester: yaml })
    expect(problem).toContain(message)
  })
})

describe('many problems at once', () => {
  it('lists every problem in one error', async () => {
    const problems = await problemsOf({
      priority: 'urgent',
      timeout_seconds: '0',
      max_retries: 'many',
      base_url: 'ftp://x',
    })
    expect(problems).toEqual([
      expect.stringContaining('api_key: is required'),
      expect.stringContaining('api_secret: is required'),
      expect.stringContaining('title: is required'),
      expect.stringContaining('priority: "urgent" is not allowed'),
      expect.stringContaining('requester_euid: LiveDesk needs a requester'),
      expect.stringContaining('base_url: "ftp://x" must use https://'),
      'timeout_seconds: "0" is not allowed. Expected a number from 1 to 3600.',
      'max_retries: "many" is not allowed. Expected a whole number from 0 to 10.',
    ])
  })
})

describe('base_url', () => {
  it.each([
    'http://127.0.0.1:8080',
    'http://localhost:3000/prefix',
    'http://[::1]:9000',
    'https://livedesk.example.com/gateway',
  ])('allows %s', async (url) => {
    await expect(buildSettings({ ...minimal, base_url: url }, workspace)).resolves.toBeDefined()
  })
  it.each(['http://10.0.0.1', 'http://127.0.0.1.example.com', 'https://x.example?debug=1', 'not a url'])(
    'refuses %s',
    async (url) => {
      const [problem] = await problemsOf({ ...minimal, base_url: url })
      expect(problem).toMatch(/^base_url: /)
    },
  )
})

describe('description_file', () => {
  it('cuts text over 1 MiB at the limit, with a visible note, on a character boundary', async () => {
    const file = join(workspace, 'huge.log')
    writeFileSync(file, 'é'.repeat(DESCRIPTION_LIMIT_BYTES))
    const settings = await buildSettings({ ...minimal, description_file: 'huge.log' }, workspace)
    expect(settings.descriptionTruncated).toBe(true)
    expect(settings.descriptionBytes).toBe(2 * DESCRIPTION_LIMIT_BYTES)
    expect(Buffer.byteLength(settings.description)).toBeLessThanOrEqual(DESCRIPTION_LIMIT_BYTES)
    expect(settings.description.endsWith(TRUNCATION_MARKER)).toBe(true)
    expect(settings.description).not.toContain('\uFFFD')
  })
})

describe('ticket_url', () => {
  it('is built only from the template, with the id encoded', () => {
    expect(ticketUrl(undefined, 'tk_1')).toBeUndefined()
    expect(ticketUrl('https://desk.example/t/{ticket_id}?x={ticket_id}', 'tk/1')).toBe(
      'https://desk.example/t/tk%2F1?x=tk%2F1',
    )
  })
})
