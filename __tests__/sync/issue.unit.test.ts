// What one mirrored issue gets from its ticket: decided from the facts read, each rule a row.
import { describe, expect, it } from '@jest/globals'
import type { TicketMessage, TicketState } from '../../src/livedesk/client.js'
import type { Trust } from '../../src/memory/issue-marker.js'
import { decideNews, doubtAboutAuthors, type NewsFacts } from '../../src/sync/issue.js'
import type { BroughtBack } from '../../src/sync/memory.js'
import { REPLIES_PER_RUN } from '../../src/sync/budget.js'

const told = (last?: BroughtBack['last'], replies: string[] = []): BroughtBack => ({ last, replies: new Set(replies) })
const message = (key: string, senderType = 'internal_member', extra: Partial<TicketMessage> = {}): TicketMessage => ({
  key,
  senderType,
  senderName: 'Dana',
  content: `reply ${key}`,
  private: false,
  attachments: 0,
  ...extra,
})
const state = (status: string, messages: TicketMessage[] = []): TicketState => ({
  status,
  description: '',
  customFields: {},
  messages,
})
const facts = (over: Partial<NewsFacts>): NewsFacts => ({
  ticketId: 'tk_1',
  told: told(),
  state: state('open'),
  reopened: false,
  ...over,
})
const both = { syncReplies: true, closeIssues: true }
const kinds = (d: ReturnType<typeof decideNews>) => d.posts.map((p) => `${p.kind}:${p.body.split('\n')[0]}`)

describe('decideNews', () => {
  it('a new ticket is open: no news; a status that differs from the last one told is news, once', () => {
    expect(decideNews(facts({}), both).posts).toEqual([])
    expect(kinds(decideNews(facts({ state: state('Pending') }), both))).toEqual([
      'news:<!-- livedesk-sync ticket=tk_1 status=pending -->',
    ])
    expect(
      decideNews(facts({ state: state('pending'), told: told({ kind: 'status', status: 'pending' }) }), both).posts,
    ).toEqual([])
    // No status at all tells nothing.
    expect(decideNews(facts({ state: state('') }), both).posts).toEqual([])
  })

  it('a ticket LiveDesk no longer has: the news once, the issue stays open', () => {
    const gone = decideNews(facts({ state: undefined, ticketUrl: 'https://desk.example/t/tk_1' }), both)
    expect(gone).toMatchObject({
      kind: 'linked',
      ticketId: 'tk_1',
      ticketUrl: 'https://desk.example/t/tk_1',
      status: '',
      gone: true,
      close: false,
    })
    expect(kinds(gone)).toEqual(['news:<!-- livedesk-sync ticket=tk_1 gone=1 -->'])
    expect(decideNews(facts({ state: undefined, told: told({ kind: 'gone' }) }), both).posts).toEqual([])
  })

  it("replies: only the desk members' public ones not yet told, at most 10 a run, before the status news; none without sync_replies", () => {
    const messages = [
      message('a'),
      message('b', 'customer'),
      message('c', 'internal_member', { private: true }),
      message('d'),
      ...Array.from({ length: 12 }, (_, i) => message(`m${i}`)),
    ]
    const decided = decideNews(facts({ state: state('solved', messages), told: told(undefined, ['a']) }), both)
    const replies = decided.posts.filter((p) => p.kind === 'reply')
    expect(replies).toHaveLength(REPLIES_PER_RUN)
    expect(replies[0].body).toContain('reply d')
    expect(decided.posts.at(-1)?.kind).toBe('news')
    expect(decideNews(facts({ state: state('open', messages) }), { ...both, syncReplies: false }).posts).toEqual([])
  })

  it.each([
    ['a finished ticket closes its issue (close_issues)', facts({ state: state('closed') }), both, true],
    ['without close_issues it stays open', facts({ state: state('closed') }), { ...both, closeIssues: false }, false],
    ['an open status does not close', facts({ state: state('pending') }), both, false],
    [
      'a close that failed is tried again: the news was told, the ticket still finished',
      facts({ state: state('closed'), told: told({ kind: 'status', status: 'closed' }) }),
      both,
      true,
    ],
    [
      'someone reopened the issue: not closed again on old news',
      facts({ state: state('closed'), told: told({ kind: 'status', status: 'closed' }), reopened: true }),
      both,
      false,
    ],
    [
      'reopened, and the ticket finished without an open status told before: news, but not closed',
      facts({ state: state('resolved'), reopened: true }),
      both,
      false,
    ],
    [
      'reopened after the ticket was gone and came back finished: not closed',
      facts({ state: state('resolved'), told: told({ kind: 'gone' }), reopened: true }),
      both,
      false,
    ],
    [
      'reopened, and the ticket goes from an open status it had told to finished: closed',
      facts({ state: state('resolved'), told: told({ kind: 'status', status: 'pending' }), reopened: true }),
      both,
      true,
    ],
  ])('%s', (_name, given, settings, close) => {
    expect(decideNews(given, settings).close).toBe(close)
  })
})

describe('doubtAboutAuthors', () => {
  const trust = (logins: string[], unsure?: string): Trust =>
    Object.assign((l: string) => logins.includes(l), unsure ? { unsure } : {})

  it("nothing to doubt when only the bot and the token's own user wrote the lines", () => {
    expect(doubtAboutAuthors([], trust(['github-actions[bot]']))).toBeUndefined()
    expect(doubtAboutAuthors(['ops-robot'], trust(['github-actions[bot]', 'ops-robot']))).toBeUndefined()
    // GitHub could not say who the token is, but only the bot wrote them.
    expect(doubtAboutAuthors([], trust(['github-actions[bot]'], 'HTTP 502'))).toBeUndefined()
    // Someone's lines, when GitHub said the token is someone else: theirs do not count, and nothing is in doubt.
    expect(doubtAboutAuthors(['mallory'], trust(['github-actions[bot]']))).toBeUndefined()
  })

  it("a personal token's lines when GitHub cannot say who the token is; an App's bot: nothing posted rather than twice", () => {
    expect(doubtAboutAuthors(['ops-robot', 'deploy-bot'], trust(['github-actions[bot]'], 'HTTP 502'))).toBe(
      'its sync comments are by ops-robot, deploy-bot, and GitHub could not say whether that is this token (HTTP 502), so nothing is posted rather than something twice',
    )
    expect(doubtAboutAuthors(['my-app[bot]', 'mallory', 'other-app[bot]'], trust(['github-actions[bot]']))).toBe(
      "its sync comments are by my-app[bot], other-app[bot], which may be this token's (a GitHub App's token cannot say who it is), so nothing is posted rather than something twice. Use the workflow's GITHUB_TOKEN or a personal access token as github_token",
    )
  })
})
