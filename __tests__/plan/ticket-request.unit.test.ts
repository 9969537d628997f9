// The body LiveDesk receives (plan/ticket-request.ts): the settings, the run's context fields and a
// recipe's fields, a key the user sets winning; a section added after the description within 1 MiB;
// what a later event of a mirrored issue changes.
import { describe, expect, it } from '@jest/globals'
import type { Settings } from '../../src/inputs/settings.js'
import { DESCRIPTION_LIMIT_BYTES, TRUNCATION_MARKER } from '../../src/livedesk/ticket.js'
import { buildTicketRequest, issueUpdate, withSection } from '../../src/plan/ticket-request.js'

const plain = {
  title: 'Build failed on main',
  requester: { euid: 'c1' },
  attachments: [],
  contextFields: true,
  customFields: {},
} as unknown as Settings

describe('buildTicketRequest', () => {
  it('the title and requester alone when nothing else is given', () => {
    expect(buildTicketRequest(plain, {})).toEqual({ title: 'Build failed on main', requester: { euid: 'c1' } })
  })

  it('every part given, in the words of LiveDesk', () => {
    const settings = {
      ...plain,
      description: 'The build failed.',
      attachments: ['https://example.com/log.txt'],
      submitterId: 'agent_1',
      assignmentTeam: 'team_ops',
      priority: 'high',
      ticketType: 'incident',
    } as Settings
    expect(buildTicketRequest(settings, {})).toEqual({
      title: 'Build failed on main',
      requester: { euid: 'c1' },
      description: 'The build failed.',
      attachments: [{ file_url: 'https://example.com/log.txt' }],
      submitter: { id: 'agent_1' },
      assignment_team: 'team_ops',
      priority: 'high',
      ticket_type: 'incident',
    })
  })

  it("the context's fields, then the recipe's, then the user's: a key the user sets wins", () => {
    const settings = { ...plain, customFields: { github_branch: 'release', team: 'ops' } } as Settings
    const request = buildTicketRequest(
      settings,
      { github_branch: 'main', github_run_id: '42' },
      { github_issue_number: '7', github_run_id: '43' },
    )
    expect(request.custom_fields).toEqual({
      github_branch: 'release',
      github_run_id: '43',
      github_issue_number: '7',
      team: 'ops',
    })
  })

  it("context_fields: false leaves the context's fields out, never the recipe's", () => {
    const settings = { ...plain, contextFields: false } as Settings
    expect(buildTicketRequest(settings, { github_run_id: '42' }, { github_issue_number: '7' }).custom_fields).toEqual({
      github_issue_number: '7',
    })
    expect(buildTicketRequest(settings, { github_run_id: '42' })).not.toHaveProperty('custom_fields')
  })
})

describe('withSection', () => {
  const request = { title: 't', requester: { euid: 'c1' }, custom_fields: { a: '1' } }

  it('after the description, a blank line between; its fields added', () => {
    expect(
      withSection({ ...request, description: 'Before.' }, '### Failed jobs', { github_failed_jobs: 'build' }),
    ).toEqual({
      request: {
        ...request,
        description: 'Before.\n\n### Failed jobs',
        custom_fields: { a: '1', github_failed_jobs: 'build' },
      },
      cut: false,
    })
    expect(withSection(request, '### Failed jobs', {}).request.description).toBe('### Failed jobs')
  })

  it('the description gives way so that the whole fits in 1 MiB, the section whole; one that fits exactly stays', () => {
    const section = `### Failed jobs\n${'s'.repeat(1000)}`
    const room = DESCRIPTION_LIMIT_BYTES - Buffer.byteLength(section) - 2
    const fits = withSection({ ...request, description: 'd'.repeat(room) }, section, {})
    expect(fits.cut).toBe(false)
    expect(Buffer.byteLength(fits.request.description ?? '')).toBe(DESCRIPTION_LIMIT_BYTES)
    const cut = withSection({ ...request, description: 'd'.repeat(room + 1) }, section, {})
    expect(cut.cut).toBe(true)
    expect(Buffer.byteLength(cut.request.description ?? '')).toBe(DESCRIPTION_LIMIT_BYTES)
    expect(cut.request.description?.endsWith(`${TRUNCATION_MARKER}\n\n${section}`)).toBe(true)
  })
})

describe('issueUpdate', () => {
  it("the issue's title, description and fields; priority, type and team stay as the desk set them", () => {
    const request = {
      title: 'Login fails',
      requester: { euid: 'c1' },
      description: 'Steps…',
      priority: 'high' as const,
      ticket_type: 'problem' as const,
      assignment_team: 'team_ops',
      custom_fields: { github_issue_number: '7' },
    }
    expect(issueUpdate(request)).toEqual({
      title: 'Login fails',
      description: 'Steps…',
      custom_fields: { github_issue_number: '7' },
    })
  })

  it('an issue without a body: its description emptied too', () => {
    expect(issueUpdate({ title: 'Login fails', requester: { euid: 'c1' } })).toEqual({
      title: 'Login fails',
      description: '',
      custom_fields: undefined,
    })
  })
})
