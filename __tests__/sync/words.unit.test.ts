// The words a mirrored issue gets from its ticket (sync/words.ts): its news (a status, or the ticket
// gone) and a desk member's reply, quoted, each comment opening with its hidden memory line.
import { describe, expect, it } from '@jest/globals'
import { COMMENT_MAX_LENGTH } from '../../src/github/limits.js'
import { NAME_CHARS, newsComment, REPLY_CUT_NOTE, replyComment } from '../../src/sync/words.js'

const URL = 'https://desk.example/tickets/tk_1'

describe('newsComment', () => {
  it('a status: the ticket, linked when there is a link, and its new status; closing the issue said', () => {
    expect(newsComment('tk_1', URL, { kind: 'status', status: 'solved' }, true)).toBe(
      `<!-- livedesk-sync ticket=tk_1 status=solved -->\nLiveDesk ticket [tk_1](<${URL}>) is now **solved**. The issue is closed with it.`,
    )
    expect(newsComment('tk_1', undefined, { kind: 'status', status: 'pending' }, false)).toBe(
      '<!-- livedesk-sync ticket=tk_1 status=pending -->\nLiveDesk ticket `tk_1` is now **pending**.',
    )
  })

  it('the ticket gone: the issue stays open, and how to have a new ticket opened', () => {
    expect(newsComment('tk_1', undefined, { kind: 'gone' }, true)).toBe(
      '<!-- livedesk-sync ticket=tk_1 gone=1 -->\nLiveDesk ticket `tk_1` no longer exists in LiveDesk (it answered 404). This issue stays open; delete the livedesk-ticket-action comment above to have the next issue event open a new ticket.',
    )
  })
})

describe('replyComment', () => {
  const head = '<!-- livedesk-sync ticket=tk_1 reply=m%201 -->'

  it("the member's name and the reply, quoted", () => {
    expect(replyComment('tk_1', undefined, 'm 1', 'Dana', 'Fixed in 2.3.\nPlease retry.')).toBe(
      `${head}\n**Dana** replied on LiveDesk ticket \`tk_1\`:\n\n> Fixed in 2.3.\n> Please retry.`,
    )
  })

  it('no name: an agent; its files counted, never linked', () => {
    expect(replyComment('tk_1', URL, 'm 1', '', 'See attached.', 2)).toBe(
      `${head}\nA LiveDesk agent replied on LiveDesk ticket [tk_1](<${URL}>):\n\n> See attached.\n\n_With 2 attachments, which stay in LiveDesk._`,
    )
    expect(replyComment('tk_1', undefined, 'm 1', 'Dana', 'Here.', 1)).toContain(
      '_With 1 attachment, which stays in LiveDesk._',
    )
  })

  it('a reply of files alone: said in one line', () => {
    expect(replyComment('tk_1', undefined, 'm 1', 'Dana', '  \n', 1)).toBe(
      `${head}\n**Dana** replied on LiveDesk ticket \`tk_1\` with 1 attachment, which stays in LiveDesk.`,
    )
    expect(replyComment('tk_1', undefined, 'm 1', 'Dana', '', 0)).toBe(
      `${head}\n**Dana** replied on LiveDesk ticket \`tk_1\` with 0 attachments, which stay in LiveDesk.`,
    )
  })

  it('a long name is cut: the reply gets the room', () => {
    const body = replyComment('tk_1', undefined, 'm 1', 'N'.repeat(500), 'ok')
    expect(body).toContain(`**${'N'.repeat(NAME_CHARS)}…**`)
  })

  it('a reply longer than one comment: cut within it, its files still said, the rest left in LiveDesk', () => {
    const body = replyComment('tk_1', undefined, 'm 1', 'Dana', 'word '.repeat(20_000), 3)
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH)
    expect(body.length).toBeGreaterThan(COMMENT_MAX_LENGTH - 10)
    expect(body).toContain(`_[${REPLY_CUT_NOTE}]_`)
    expect(body.endsWith('\n\n_With 3 attachments, which stay in LiveDesk._')).toBe(true)
    expect(REPLY_CUT_NOTE).toBe('cut to fit one GitHub comment; the full reply is in LiveDesk')
  })
})
