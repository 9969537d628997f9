// What an issue already got from its ticket (sync/memory.ts): the hidden first line of each comment
// the sync writes, read back only from the action's own comments, for this ticket; a status word as
// it is compared and remembered.
import { describe, expect, it } from '@jest/globals'
import type { IssueComment } from '../../src/github/shapes.js'
import { broughtBack, markAuthorsBesidesTheBot, newsMark, replyMark, statusWord } from '../../src/sync/memory.js'

const BOT = 'github-actions[bot]'
/** A comment by `login` (null: GitHub names no author, a deleted account say). */
const comment = (body: string | undefined, login: string | null = BOT): IssueComment =>
  ({ id: 1, body, user: login === null ? null : { login } }) as IssueComment
const bot = (login: string) => login === BOT

describe('statusWord', () => {
  it('lower case, trimmed, at most 60 characters, trimmed after the cut too, never half a character', () => {
    expect(statusWord('  In Progress ')).toBe('in progress')
    expect(statusWord(`${'a'.repeat(59)} tail`)).toBe('a'.repeat(59))
    expect(statusWord(`   ${'b'.repeat(70)}`)).toBe('b'.repeat(60))
    expect(statusWord('😀'.repeat(70))).toBe('😀'.repeat(60))
  })
})

describe('the marks', () => {
  it('name the ticket and the news or the reply, URI-encoded: nothing in them ends the comment', () => {
    expect(newsMark('tk 1', { kind: 'status', status: 'on hold' })).toBe(
      '<!-- livedesk-sync ticket=tk%201 status=on%20hold -->',
    )
    expect(newsMark('tk-->1', { kind: 'gone' })).toBe('<!-- livedesk-sync ticket=tk--%3E1 gone=1 -->')
    expect(replyMark('tk_1', 'msg-->7')).toBe('<!-- livedesk-sync ticket=tk_1 reply=msg--%3E7 -->')
  })
})

describe('broughtBack', () => {
  it('the last news told and the replies posted, from the marks of this ticket, read as written', () => {
    const found = broughtBack(
      [
        comment(`${newsMark('tk 1', { kind: 'status', status: 'pending' })}\nLiveDesk ticket …`),
        comment(`${replyMark('tk 1', 'm 1')}\n**Dana** replied`),
        comment(`${newsMark('tk 1', { kind: 'status', status: 'on hold' })}\n…`),
        comment(`${replyMark('tk 1', 'm2')}`),
      ],
      bot,
      'tk 1',
    )
    expect(found).toEqual({ last: { kind: 'status', status: 'on hold' }, replies: new Set(['m 1', 'm2']) })
  })

  it('the ticket gone is the last news, until a status follows', () => {
    const gone = comment(newsMark('tk_1', { kind: 'gone' }))
    expect(broughtBack([gone], bot, 'tk_1').last).toEqual({ kind: 'gone' })
    const back = comment(newsMark('tk_1', { kind: 'status', status: 'open' }))
    expect(broughtBack([gone, back], bot, 'tk_1').last).toEqual({ kind: 'status', status: 'open' })
  })

  it("another ticket's marks, someone else's, one inside a comment, one badly encoded, an empty comment: none", () => {
    const found = broughtBack(
      [
        comment(newsMark('tk_2', { kind: 'status', status: 'closed' })),
        comment(newsMark('tk_1', { kind: 'status', status: 'closed' }), 'mallory'),
        comment(newsMark('tk_1', { kind: 'status', status: 'closed' }), null),
        comment(`quoted:\n${newsMark('tk_1', { kind: 'status', status: 'closed' })}`),
        comment('<!-- livedesk-sync ticket=tk_1 reply=%E0%A4%A -->'),
        comment(undefined),
      ],
      bot,
      'tk_1',
    )
    expect(found).toEqual({ replies: new Set() })
  })

  it("a personal token's own user is trusted when the caller says so", () => {
    const mark = comment(replyMark('tk_1', 'm1'), 'ops-robot')
    expect(broughtBack([mark], (l) => l === BOT || l === 'ops-robot', 'tk_1').replies).toEqual(new Set(['m1']))
  })
})

describe('markAuthorsBesidesTheBot', () => {
  it('the other logins that wrote marks about this ticket, once each; an unknown author named so', () => {
    const news = newsMark('tk_1', { kind: 'status', status: 'open' })
    expect(
      markAuthorsBesidesTheBot(
        [
          comment(news),
          comment(news, 'ops-robot'),
          comment(replyMark('tk_1', 'm'), 'ops-robot'),
          comment(news, null),
          comment(newsMark('tk_2', { kind: 'gone' }), 'mallory'),
          comment('plain words', 'mallory'),
          comment(undefined, 'mallory'),
        ],
        'tk_1',
      ),
    ).toEqual(['ops-robot', 'unknown'])
  })
})
