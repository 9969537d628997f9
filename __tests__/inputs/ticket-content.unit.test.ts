// The ticket's content family: title, description, priority, type, team, custom fields, requester,
// submitter and attachments, from `with:` or from a template's front matter (already-parsed values).
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../../src/inputs/problems.js'
import { DESCRIPTION_LIMIT_BYTES, TRUNCATION_MARKER } from '../../src/livedesk/ticket.js'
import type { InputValues } from '../../src/inputs/read-inputs.js'
import { buildSettings } from '../../src/inputs/settings.js'

const minimal: InputValues = { api_key: 'k', api_secret: 's', title: 'Disk full', requester_euid: 'c1' }
const workspace = mkdtempSync(join(tmpdir(), 'content-'))
writeFileSync(join(workspace, 'notes.md'), 'from the file')
const TITLE_REQUIRED = 'title: is required (or give a template whose front matter sets title).'
const NOT_A_LIST = 'attachments: expected file URLs, one per line or as a YAML list.'

async function problemsOf(values: InputValues): Promise<string[]> {
  const err = await buildSettings({ ...minimal, ...values }, workspace).catch((e: unknown) => e)
  if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${String(err)}`)
  return err.problems
}

describe('title', () => {
  it('is trimmed, and may be 1,000 characters long', async () => {
    expect((await buildSettings({ ...minimal, title: '  Disk full \n' }, workspace)).title).toBe('Disk full')
    expect((await buildSettings({ ...minimal, title: 't'.repeat(1000) }, workspace)).title).toHaveLength(1000)
  })

  it.each<[string, InputValues, string[]]>([
    ['blank', { title: '   ' }, [TITLE_REQUIRED]],
    ['1,001 characters', { title: 't'.repeat(1001) }, ['title: is 1001 characters long; at most 1000 are allowed.']],
    [
      '1,001 characters in a recovery, which needs none',
      { mode: 'recovery', title: 't'.repeat(1001) },
      ['title: is 1001 characters long; at most 1000 are allowed.'],
    ],
  ])('%s', async (_what, values, problems) => {
    expect(await problemsOf(values)).toEqual(problems)
  })
})

describe('priority, ticket_type, assignment_team, submitter_id', () => {
  it('empty leaves them to LiveDesk; text is trimmed', async () => {
    expect(await buildSettings(minimal, workspace)).toMatchObject({
      priority: undefined,
      ticketType: undefined,
      assignmentTeam: undefined,
      submitterId: undefined,
    })
    expect(
      await buildSettings(
        { ...minimal, priority: ' low ', ticket_type: 'Incident', assignment_team: ' SRE ', submitter_id: ' agent_7 ' },
        workspace,
      ),
    ).toMatchObject({ priority: 'low', ticketType: 'incident', assignmentTeam: 'SRE', submitterId: 'agent_7' })
  })

  it('a value not allowed names the allowed ones and the empty default', async () => {
    expect(await problemsOf({ priority: 'P1', ticket_type: 'bug' })).toEqual([
      `priority: "P1" is not allowed. Allowed values: high, medium, low, in any case (or leave it empty for LiveDesk's default, medium).`,
      `ticket_type: "bug" is not allowed. Allowed values: problem, incident, question, task, in any case (or leave it empty for no type).`,
    ])
  })
})

describe("a template's front matter: a value of another type than the input takes", () => {
  it.each<[string, InputValues, string[]]>([
    ['a title as a list', { title: ['a'] }, ['title: expected text, got a list.', TITLE_REQUIRED]],
    ['a priority as a boolean', { priority: true }, ['priority: expected text, got true or false.']],
    ['a team as a mapping', { assignment_team: { name: 'SRE' } }, ['assignment_team: expected text, got a mapping.']],
    [
      'custom_fields as a boolean',
      { custom_fields: true },
      ['custom_fields: expected a mapping of keys to values, such as "service: checkout".'],
    ],
    ['attachments as a boolean', { attachments: false }, [NOT_A_LIST]],
    ['attachments as a mapping', { attachments: { log: 'https://files.example/a.log' } }, [NOT_A_LIST]],
  ])('%s', async (_what, values, problems) => {
    expect(await problemsOf(values)).toEqual(problems)
  })

  it('mappings and lists already parsed are taken as they are', async () => {
    const settings = await buildSettings(
      {
        ...minimal,
        requester_euid: undefined,
        requester: { euid: 'c9' },
        custom_fields: { service: 'checkout' },
        attachments: ['https://files.example/a.log'],
      },
      workspace,
    )
    expect(settings).toMatchObject({
      requester: { euid: 'c9' },
      customFields: { service: 'checkout' },
      attachments: ['https://files.example/a.log'],
    })
  })
})

describe('requester', () => {
  it('a ticket step without one is told what LiveDesk needs', async () => {
    expect(await problemsOf({ requester_euid: ' ' })).toEqual([
      "requester_euid: LiveDesk needs a requester. Set requester_euid (a contact's euid), or requester (a mapping with euid and/or channel_contacts).",
    ])
  })

  it('a requester given to a recovery is still checked', async () => {
    expect(await problemsOf({ mode: 'recovery', requester_euid: undefined, requester: 'just text' })).toEqual([
      'requester: expected a mapping with euid and/or channel_contacts: {channel_id, contact_id, sub_contact_id, followers}.',
    ])
  })
})

describe('description and description_file', () => {
  it('inline text, or a workspace file named in the summary', async () => {
    expect(await buildSettings({ ...minimal, description: 'It broke.' }, workspace)).toMatchObject({
      description: 'It broke.',
      descriptionFile: undefined,
      descriptionBytes: 9,
      descriptionTruncated: false,
    })
    expect(await buildSettings({ ...minimal, description_file: 'notes.md' }, workspace)).toMatchObject({
      description: 'from the file',
      descriptionFile: 'notes.md',
      descriptionBytes: 13,
    })
    expect(await buildSettings(minimal, workspace)).toMatchObject({ description: '', descriptionBytes: 0 })
  })

  it('a file of exactly 1 MiB is sent whole; one byte more is cut, with the note', async () => {
    writeFileSync(join(workspace, 'limit.log'), 'a'.repeat(DESCRIPTION_LIMIT_BYTES))
    writeFileSync(join(workspace, 'over.log'), 'a'.repeat(DESCRIPTION_LIMIT_BYTES + 1))
    const whole = await buildSettings({ ...minimal, description_file: 'limit.log' }, workspace)
    expect(whole).toMatchObject({ descriptionBytes: DESCRIPTION_LIMIT_BYTES, descriptionTruncated: false })
    expect(whole.description).toBe('a'.repeat(DESCRIPTION_LIMIT_BYTES))
    const cut = await buildSettings({ ...minimal, description_file: 'over.log' }, workspace)
    expect(cut).toMatchObject({ descriptionBytes: DESCRIPTION_LIMIT_BYTES + 1, descriptionTruncated: true })
    expect(cut.description.endsWith(TRUNCATION_MARKER)).toBe(true)
  })
})

describe('attachments', () => {
  it.each<[string, string, string[]]>([
    [
      'one URL a line, blank lines skipped',
      'https://files.example/a.log\n\n  https://files.example/b.log  \n',
      ['https://files.example/a.log', 'https://files.example/b.log'],
    ],
    [
      'a YAML list',
      '- https://files.example/a.log\n- https://files.example/b.log',
      ['https://files.example/a.log', 'https://files.example/b.log'],
    ],
    ['a JSON list', '["https://files.example/a.log"]', ['https://files.example/a.log']],
    [
      '50 URLs',
      Array.from({ length: 50 }, (_, i) => `https://files.example/${i}`).join('\n'),
      Array.from({ length: 50 }, (_, i) => `https://files.example/${i}`),
    ],
  ])('%s', async (_what, attachments, urls) => {
    expect((await buildSettings({ ...minimal, attachments }, workspace)).attachments).toEqual(urls)
  })

  it.each<[string, string, string]>([
    ['a list of mappings', '- a: https://files.example/a.log', NOT_A_LIST],
    ['a nested list', '- [https://files.example/a.log]', NOT_A_LIST],
    [
      '51 URLs',
      Array.from({ length: 51 }, (_, i) => `https://files.example/${i}`).join('\n'),
      'attachments: 51 given; at most 50 are allowed.',
    ],
    [
      'plain http',
      'http://files.example/a.log',
      'attachments: "http://files.example/a.log" is not an https:// URL. Each attachment is the URL of a file LiveDesk can fetch.',
    ],
    [
      'not a URL',
      'https://files.example/a.log\na.log',
      'attachments: "a.log" is not an https:// URL. Each attachment is the URL of a file LiveDesk can fetch.',
    ],
    [
      'a password, never shown back',
      'https://user:hunter2@files.example/a.log',
      'attachments: "https://***@files.example/a.log" must not contain a user name or password; give a link LiveDesk can fetch without one (a pre-signed URL, say).',
    ],
    [
      'a user name, never shown back',
      'https://files-user@files.example/a.log',
      'attachments: "https://***@files.example/a.log" must not contain a user name or password; give a link LiveDesk can fetch without one (a pre-signed URL, say).',
    ],
    [
      'a password without a scheme, which the URL parser reads as a scheme and a path',
      'user:hunter2@files.example/a.log',
      'attachments: "***@files.example/a.log" must not contain a user name or password; give a link LiveDesk can fetch without one (a pre-signed URL, say).',
    ],
  ])('refuses %s', async (_what, attachments, problem) => {
    expect(await problemsOf({ attachments })).toEqual([problem])
  })
})
