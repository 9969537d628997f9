// Which of a ticket's messages may leave LiveDesk: LiveDesk's field tables name no private-note field,
// so the rule fails closed. Each row is a message shape a help desk uses; the sender is a desk member
// as LiveDesk's own example gives one (sender.type internal_member).
import { describe, expect, it } from '@jest/globals'
import { isDeskReply, isPrivate, readConversation } from '../../src/livedesk/conversation.js'
import { DOCUMENTED_MESSAGE } from '../../__fixtures__/livedesk-ticket-example.js'
import { PRIVATE_MARKS } from '../../__fixtures__/private-marks.js'

const member = { type: 'internal_member', name: 'Dana' }
const reply = (extra: Record<string, unknown>) => ({ id: 'm1', sender: member, content: 'We are on it.', ...extra })

describe('isPrivate: anything that may be kept inside the desk', () => {
  it.each(PRIVATE_MARKS)('%s', (_what, extra) => {
    expect(isPrivate(reply(extra))).toBe(true)
    expect(readConversation([reply(extra)]).filter(isDeskReply)).toEqual([])
  })
})

describe("isPrivate: a desk member's ordinary reply is not held back", () => {
  it.each([
    ['no flags at all', {}],
    ['is_private: false', { is_private: false }],
    ['private: "no"', { private: 'no' }],
    ['isPrivate: {value: false}', { isPrivate: { value: false } }],
    ['public: true', { public: true }],
    ['is_public: 1', { is_public: 1 }],
    ['visibility: "public"', { visibility: 'public' }],
    ['visible: true', { visible: true }],
    ['is_visible: 1', { is_visible: 1 }],
    ['internal_id: 42 (an id)', { internal_id: 42 }],
    ['note_count: 3 (a count)', { note_count: 3 }],
    ['sender_type: "internal" (who sent it)', { sender_type: 'internal' }],
    ['type: "reply"', { type: 'reply' }],
    ['content_type: "text/html"', { content_type: 'text/html' }],
    ['attachments: [{type: "image/png"}]', { attachments: [{ type: 'image/png', url: 'https://x.example/a.png' }] }],
    ['tags: ["vip"]', { tags: ['vip'] }],
    ['sender: {type: "internal_member", roles: ["agent"]}', { sender: { ...member, roles: ['agent'] } }],
    [
      'sender: {type: "internal_member", is_internal: true} (who wrote it)',
      { sender: { ...member, is_internal: true } },
    ],
    ['visibility: "all" (LiveChat)', { visibility: 'all' }],
    ['actor_type: "agent" (Freshchat)', { actor_type: 'agent' }],
    ['author: {type: "AGENT"} (Zoho Desk)', { author: { type: 'AGENT', name: 'Dana' } }],
    ['cc_emails: ["it-staff@uni.edu"]', { cc_emails: ['it-staff@uni.edu'] }],
    ['tags: ["release-notes"]', { tags: ['release-notes'] }],
    ['attachments: [{public_url: …}]', { attachments: [{ public_url: 'https://x.example/a.png' }] }],
    ['status: "internal_review" (not a visibility)', { status: 'internal_review' }],
  ])('%s', (_what, extra) => {
    expect(isPrivate(reply(extra))).toBe(false)
    expect(readConversation([reply(extra)]).filter(isDeskReply)).toHaveLength(1)
  })
})

// LiveDesk's "Get Ticket Details" example message, verbatim (see the fixture for the pages).
describe("LiveDesk's own example message", () => {
  const withoutLaterFields = Object.fromEntries(
    Object.entries(DOCUMENTED_MESSAGE).filter(([k]) => k !== 'sent_at' && k !== 'is_internal'),
  ) as Omit<typeof DOCUMENTED_MESSAGE, 'sent_at' | 'is_internal'>

  it.each([
    ['as the page prints it (sent_at, is_internal: false)', DOCUMENTED_MESSAGE],
    ['without sent_at and is_internal', withoutLaterFields],
    ['with one attachment', { ...withoutLaterFields, attachments: [DOCUMENTED_MESSAGE.attachments[0]] }],
  ])("is a desk member's reply that may leave LiveDesk, %s", (_what, message) => {
    expect(isPrivate(structuredClone(message))).toBe(false)
    const read = readConversation([structuredClone(message)])
    expect(read).toEqual([
      {
        key: expect.stringMatching(/^[0-9a-f]{20}$/),
        senderType: 'internal_member',
        senderName: 'Agent Li',
        content: 'We have received your feedback and are processing it.',
        private: false,
        attachments: message.attachments.length,
      },
    ])
    expect(read.filter(isDeskReply)).toHaveLength(1)
  })

  it('is held back when LiveDesk marks it is_internal: true (the field its example shows false)', () => {
    expect(readConversation([{ ...DOCUMENTED_MESSAGE, is_internal: true }]).filter(isDeskReply)).toEqual([])
  })

  // Only internal_member is documented as the desk's: every other sender type, the undocumented
  // "internal" too, keeps its messages in LiveDesk.
  it.each([['internal'], ['contact'], ['customer'], ['requester'], ['bot'], ['system'], ['external_member'], ['']])(
    'a sender of type %j stays in LiveDesk',
    (type) => {
      const message = { ...DOCUMENTED_MESSAGE, sender: { ...DOCUMENTED_MESSAGE.sender, type } }
      expect(readConversation([message]).filter(isDeskReply)).toEqual([])
    },
  )

  it("a desk member's message of files alone is read, with their count; one with neither text nor files is not", () => {
    const files = { ...DOCUMENTED_MESSAGE, message_id: 'msg_2', content: '' }
    const empty = { ...DOCUMENTED_MESSAGE, message_id: 'msg_3', content: '<p> </p>', attachments: [] }
    expect(readConversation([files, empty]).filter(isDeskReply)).toEqual([
      expect.objectContaining({ content: '', attachments: 2 }),
    ])
  })
})

describe('readConversation', () => {
  it("reads the sender's type and name, never an email address as the name", () => {
    const [m] = readConversation([
      { id: 'x', sender: { type: 'Internal', email: 'dana@corp.example' }, content: '<p>Hi<br>there</p>' },
    ])
    expect(m).toMatchObject({ senderType: 'internal', senderName: '', content: 'Hi\nthere\n', private: false })
  })

  it('the same message has the same key on every read; another message another key', () => {
    const a = readConversation([reply({})])[0].key
    expect(readConversation([reply({})])[0].key).toBe(a)
    expect(readConversation([reply({ id: 'm2' })])[0].key).not.toBe(a)
    expect(a).toMatch(/^[0-9a-f]{20}$/)
  })
})
