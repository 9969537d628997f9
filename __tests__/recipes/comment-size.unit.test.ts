// Every comment the action writes on an issue fits GitHub's limit, whatever LiveDesk and the inputs
// hold: GitHub refuses a body over 65,536 characters with HTTP 422, "Body is too long (maximum is
// 65536 characters)" (docs.github.com/rest/issues/comments#create-an-issue-comment; danger/danger#424).
// Each comment is built from the worst that can reach it: the longest usable ticket id of the
// characters that grow most when escaped, the longest link ticket_url_template may make, a status and
// a name of bidi controls, and a reply of 64 KiB (what the LiveDesk client reads of one message).
import { describe, expect, it } from '@jest/globals'
import { GITHUB_COMMENT_LIMIT } from '../../__fixtures__/github-stand-in.mjs'
import { InputProblem } from '../../src/inputs/problems.js'
import { parseTicketUrlTemplate } from '../../src/inputs/service-settings.js'
import { MESSAGE_CHARS } from '../../src/livedesk/conversation.js'
import { isUsableTicketId, ticketUrl } from '../../src/livedesk/ticket.js'
import { markerComment } from '../../src/memory/issue-marker.js'
import { statusWord } from '../../src/sync/memory.js'
import { newsComment, REPLY_CUT_NOTE, replyComment } from '../../src/sync/words.js'

// 128 characters, each "&#124;" in a cell and 3 in a URL.
const ID = '|'.repeat(128)
// The longest template ticket_url_template takes: its links are 2,000 characters with such an id.
const TEMPLATE = `https://desk.example/${'x'.repeat(824)}/{ticket_id}/{ticket_id}/{ticket_id}`
const URL = ticketUrl(TEMPLATE, ID)
const BIDI = '\u202e'

describe("every comment fits GitHub's limit", () => {
  it('the worst inputs are what they claim: a usable id, a template the inputs take, a link at the bound', () => {
    expect(isUsableTicketId(ID)).toBe(true)
    expect(parseTicketUrlTemplate(TEMPLATE)).toBe(TEMPLATE)
    expect(URL?.length).toBe(2000)
  })

  it('a template whose links could be longer than 2,000 characters is refused, with what to do', () => {
    const longer = `https://desk.example/${'x'.repeat(2000)}/{ticket_id}`
    expect(() => parseTicketUrlTemplate(longer)).toThrow(InputProblem)
    expect(() => parseTicketUrlTemplate(longer)).toThrow(
      "ticket_url_template: is too long: a ticket's link could be 2406 characters (a ticket id takes up to 384 once URL-encoded); at most 2000 are allowed.",
    )
    // Each {ticket_id} counts as the longest id it may become.
    expect(() => parseTicketUrlTemplate(`https://desk.example/t/${'{ticket_id}'.repeat(6)}`)).toThrow('is too long')
  })

  it("the mirror's marker comment", () => {
    expect(markerComment(ID, URL).length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
  })

  it("the sync's news: a status, or the ticket gone", () => {
    const status = statusWord(BIDI.repeat(10_000))
    expect(newsComment(ID, URL, { kind: 'status', status }, true).length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
    expect(newsComment(ID, URL, { kind: 'gone' }, false).length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
  })

  it.each([
    ['bidi controls', BIDI.repeat(MESSAGE_CHARS)],
    ['"&" and "<"', '&<'.repeat(MESSAGE_CHARS / 2)],
    ['emoji', '\u{1F600}'.repeat(MESSAGE_CHARS / 2)],
    ['line breaks', 'a\r\n'.repeat(MESSAGE_CHARS / 3)],
  ])(
    'a reply of 64 KiB of %s, from a member whose name is 10,000 bidi controls, is cut to fit with the note',
    (_what, content) => {
      const body = replyComment(ID, URL, '0123456789abcdef0123', BIDI.repeat(10_000), content)
      expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
      expect(body.endsWith(`\n>\n> _[${REPLY_CUT_NOTE}]_`)).toBe(true)
      // The name is cut (with "…"); the reply gets the room.
      expect(body.split('\n')[1]).toMatch(/^\*\*(\\\[U\+202E\\\]){100}…\*\* replied on LiveDesk ticket /)
      expect(body.length).toBeGreaterThan(60_000)
    },
  )

  it('a reply that fits is quoted whole, without the note', () => {
    const body = replyComment('tk_1', undefined, '0123456789abcdef0123', 'Dana', 'x'.repeat(60_000))
    expect(body).toBe(
      `<!-- livedesk-sync ticket=tk_1 reply=0123456789abcdef0123 -->\n**Dana** replied on LiveDesk ticket \`tk_1\`:\n\n> ${'x'.repeat(60_000)}`,
    )
  })
})
