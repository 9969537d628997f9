// The sync against a ticket as LiveDesk documents one: its "Get Ticket Details" example, verbatim
// (__fixtures__/livedesk-ticket-example.ts cites the page), in the LiveDesk stand-in. runStep()
// (in-process, or the bundle with RUN_BUNDLE=1).
import { describe, expect, it } from '@jest/globals'
import type { RunResult } from '../../__fixtures__/step.js'
import { syncStep } from '../../__fixtures__/readme-steps.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { mirrored, syncComments, ticketOf } from '../../__fixtures__/mirrored-issues.js'
import { DOCUMENTED_MESSAGE, documentedTicket } from '../../__fixtures__/livedesk-ticket-example.js'

const desk = useLiveDesk()
const github = useGitHub()
const URLS = 'https://desk.example/t/{ticket_id}'
const TICKET = ticketOf(1)
const REF = `[${TICKET}](<https://desk.example/t/${TICKET}>)`

describe("sync: issues against LiveDesk's documented ticket", () => {
  const syncRun = (h: RunHistory, extra: Record<string, string> = {}): Promise<RunResult> =>
    syncStep({ desk, github }, h, { inputs: { ticket_url_template: URLS, ...extra } })

  it("sync_replies: the desk member's reply in LiveDesk's own example is posted once, its files only counted", async () => {
    const h = new RunHistory(github)
    mirrored(github, desk, 1)
    desk.tickets.set(TICKET, documentedTicket(TICKET))
    const first = await syncRun(h, { sync_replies: 'true' })
    expect(first.code).toBe(0)
    expect(first.outputs).toMatchObject({ issues_checked: '1', issues_updated: '1' })
    expect(syncComments(github, 1).map((c) => c.body)).toEqual([
      expect.stringMatching(/^<!-- livedesk-sync ticket=tk_sync_0001 reply=[0-9a-f]{20} -->\n/),
    ])
    expect(syncComments(github, 1)[0].body.split('\n').slice(1).join('\n')).toBe(
      `**Agent Li** replied on LiveDesk ticket ${REF}:\n\n> We have received your feedback and are processing it.\n\n_With 2 attachments, which stay in LiveDesk._`,
    )
    // The files' links (they may be signed) and the requester's personal data stay in LiveDesk.
    const everything = JSON.stringify([...github.state.comments.values()]) + first.stdout + first.summary
    for (const kept of [
      'example.com/files',
      'progress.jpg',
      'report.pdf',
      'Zhang San',
      'zhangsan@example.com',
      '+8613900000000',
    ])
      expect(everything).not.toContain(kept)

    // Told once: the next run has nothing new.
    const second = await syncRun(h, { sync_replies: 'true' })
    expect(second.outputs).toMatchObject({ issues_updated: '0' })
    expect(syncComments(github, 1)).toHaveLength(1)
  })

  it('sync_replies: a message LiveDesk marks is_internal: true, or whose sender is no internal_member, stays in LiveDesk', async () => {
    const h = new RunHistory(github)
    mirrored(github, desk, 1)
    const ticket = documentedTicket(TICKET)
    ticket.conversation_list = [
      { ...DOCUMENTED_MESSAGE, message_id: 'msg_note', content: 'Refund quietly', is_internal: true },
      {
        ...DOCUMENTED_MESSAGE,
        message_id: 'msg_customer',
        sender: { id: 'c_1', type: 'contact', name: 'Zhang San' },
        content: 'My phone is +8613900000000',
      },
      {
        ...DOCUMENTED_MESSAGE,
        message_id: 'msg_old_type',
        sender: { id: 'u_1', type: 'internal', name: 'Dana' },
        content: 'Undocumented sender type',
      },
      { ...DOCUMENTED_MESSAGE, message_id: 'msg_file', content: '', attachments: [DOCUMENTED_MESSAGE.attachments[0]] },
    ]
    desk.tickets.set(TICKET, ticket)
    const result = await syncRun(h, { sync_replies: 'true' })
    expect(result.code).toBe(0)
    expect(syncComments(github, 1).map((c) => c.body.split('\n').slice(1).join('\n'))).toEqual([
      `**Agent Li** replied on LiveDesk ticket ${REF} with 1 attachment, which stays in LiveDesk.`,
    ])
  })
})
