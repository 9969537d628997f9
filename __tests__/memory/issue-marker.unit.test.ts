// The issue mirror's memory (src/memory/issue-marker.ts): the hidden marker comment that links an issue
// to its ticket. Anyone can comment on an issue, so a marker counts only at the very start of a comment
// by github-actions[bot] or by the token's own account; GitHub is asked who the token is only when
// someone else's marker is found. Against the GitHub API stand-in.
import { describe, expect, it } from '@jest/globals'
import type { GitHubApiOptions } from '../../src/github/octokit-client.js'
import type { IssueComment } from '../../src/github/shapes.js'
import { readGitHubContext } from '../../src/github/context.js'
import {
  actionAuthors,
  findMarker,
  findTrustedMarker,
  IssueLinkError,
  issueMarkerMemory,
  markerComment,
} from '../../src/memory/issue-marker.js'
import { useGitHub } from '../../__fixtures__/stand-ins.js'
import { recordingLog } from '../../__fixtures__/recording-log.js'

const github = useGitHub()
const api = (token = github.token): GitHubApiOptions => ({ apiUrl: github.url, token, timeoutMs: 2000 })
const ctx = () => readGitHubContext({ GITHUB_REPOSITORY: 'octo-org/checkout-service', GITHUB_API_URL: github.url })
const BOT = { login: 'github-actions[bot]', type: 'Bot' }
const comment = (body: string, login: string, id = 1): IssueComment =>
  ({ id, body, user: { login, type: login === BOT.login ? 'Bot' : 'User' } }) as IssueComment
const userCalls = () => github.requests.filter((r) => r.path === '/user')

const log = recordingLog

describe('findMarker', () => {
  const bot = (login: string) => login === BOT.login

  it("the oldest trusted marker with a usable id; others' and unusable ones named", () => {
    const found = findMarker(
      [
        comment(markerComment('tk_planted', undefined), 'mallory', 1),
        comment(markerComment('../tk', undefined), BOT.login, 2),
        comment(markerComment('tk_1', 'https://desk.example/t/tk_1'), BOT.login, 3),
        comment(markerComment('tk_2', undefined), BOT.login, 4),
      ],
      bot,
    )
    expect(found).toEqual({
      ticketId: 'tk_1',
      ignored: [
        "mallory (not written by github-actions[bot] or the token's account)",
        'github-actions[bot] (unusable ticket id)',
      ],
    })
  })

  it('a marker whose author GitHub does not name (a deleted account) is ignored as unknown', () => {
    const orphan = { id: 1, body: markerComment('tk_1', undefined), user: null } as IssueComment
    expect(findMarker([orphan], bot)).toEqual({
      ignored: ["unknown (not written by github-actions[bot] or the token's account)"],
    })
  })

  it('a marker anywhere but at the very start of a comment is none (a bot quoting issue text cannot plant one)', () => {
    expect(findMarker([comment(`> quoted:\n${markerComment('tk_1', undefined)}`, BOT.login)], bot)).toEqual({
      ignored: [],
    })
  })

  it('markerComment: the hidden line, then the ticket, linked when there is a URL', () => {
    expect(markerComment('tk_1', 'https://desk.example/t/tk_1')).toBe(
      '<!-- livedesk-ticket-action ticket_id=tk_1 -->\nLiveDesk ticket [tk_1](https://desk.example/t/tk_1) mirrors this issue. Later changes to the issue (edits, labels, closing, reopening) update that ticket.',
    )
    expect(markerComment('tk_1', undefined)).toContain('LiveDesk ticket `tk_1` mirrors this issue.')
  })
})

describe('who writes as the action', () => {
  it("only github-actions[bot]'s markers: GitHub is not asked who the token is", async () => {
    const found = await findTrustedMarker([comment(markerComment('tk_1', undefined), BOT.login)], actionAuthors(api()))
    expect(found.ticketId).toBe('tk_1')
    expect(userCalls()).toEqual([])
  })

  it("no marker at all, or the bot's beside someone else's: GitHub is not asked", async () => {
    const none = await findTrustedMarker([comment('Thanks, looking into it.', 'dana')], actionAuthors(api()))
    expect(none).toEqual({ ignored: [] })
    const both = await findTrustedMarker(
      [
        comment(markerComment('tk_planted', undefined), 'mallory', 1),
        comment(markerComment('tk_1', undefined), BOT.login, 2),
      ],
      actionAuthors(api()),
    )
    expect(both.ticketId).toBe('tk_1')
    expect(userCalls()).toEqual([])
  })

  it("someone else's marker: GitHub is asked once; a personal token's own account is trusted", async () => {
    github.state.userLogin = 'ops-robot'
    const authors = actionAuthors(api())
    const comments = [comment(markerComment('tk_1', undefined), 'ops-robot')]
    expect((await findTrustedMarker(comments, authors)).ticketId).toBe('tk_1')
    expect((await findTrustedMarker(comments, authors)).ticketId).toBe('tk_1')
    expect(userCalls()).toHaveLength(1)
  })

  it('an installation token (GET /user answers 403): only the bot is trusted, and that is an answer', async () => {
    const found = await findTrustedMarker(
      [comment(markerComment('tk_1', undefined), 'ops-robot')],
      actionAuthors(api()),
    )
    expect(found).toEqual({
      ignored: ["ops-robot (not written by github-actions[bot] or the token's account)"],
    })
  })

  it('GET /user rate-limited: not an answer; the search says GitHub could not tell', async () => {
    github.state.faults.set('user', {
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 600) },
      message: 'API rate limit exceeded',
    })
    const found = await findTrustedMarker(
      [comment(markerComment('tk_1', undefined), 'ops-robot')],
      actionAuthors(api()),
    )
    expect(found.ticketId).toBeUndefined()
    expect(found.unsure).toMatch(/^GitHub's rate limit for this token is used up/)
  })
})

describe('issueMarkerMemory without a github_token', () => {
  it('an issue just opened: a new ticket, with a warning saying why its comments were not read', async () => {
    const told = log()
    const memory = issueMarkerMemory(told, api(''), ctx(), { number: 7, justOpened: true })
    expect(await memory.recall()).toEqual({ unread: true })
    expect(told.lines).toEqual([
      // The reason carries no full stop of its own ("…is empty No ticket…" below): not pinned here.
      expect.stringMatching(
        /^warning \(LiveDesk ticket: issue comments not read\): Issue #7 was just opened, so a new ticket is opened, but github_token is empty\.?$/,
      ),
    ])
    expect(github.requests).toEqual([])
  })

  it('any later event: no ticket at all, rather than a second one', async () => {
    const memory = issueMarkerMemory(log(), api(''), ctx(), { number: 7, justOpened: false })
    await expect(memory.recall()).rejects.toThrow(IssueLinkError)
    await expect(memory.recall()).rejects.toThrow(
      /^Issue #7 may already have a LiveDesk ticket, but github_token is empty\.? No ticket was opened or updated, so the issue does not get a second one\.$/,
    )
  })

  it('the ticket opened cannot be linked: a warning that later events will open another', async () => {
    const told = log()
    await issueMarkerMemory(told, api(''), ctx(), { number: 7, justOpened: true }).remember({
      id: 'tk_1',
      verb: 'opened',
    })
    expect(told.lines).toEqual([
      'warning (LiveDesk ticket: issue not linked): Opened ticket tk_1, but github_token is empty, so issue #7 was not commented on; later events for it will open another ticket.',
    ])
  })
})

describe('issueMarkerMemory.remember', () => {
  it('the comment, then the label the sync lists issues by; a label GitHub refuses is a warning to add it by hand', async () => {
    github.state.faults.set('add-labels', 403)
    const told = log()
    await issueMarkerMemory(told, api(), ctx(), { number: 7, justOpened: true }).remember({
      id: 'tk_1',
      verb: 'opened',
    })
    expect(github.state.comments.get(7)?.[0].body).toBe(markerComment('tk_1', undefined))
    expect(told.lines).toEqual([
      'Commented on issue #7 with the ticket id.',
      expect.stringMatching(
        /^warning \(LiveDesk ticket: issue not labelled\): Issue #7 is linked to ticket tk_1, but the label livedesk could not be added \(GitHub answered HTTP 403.*\); the scheduled sync \(sync: issues\) finds only labelled issues, so add it by hand\.$/,
      ),
    ])
  })
})
