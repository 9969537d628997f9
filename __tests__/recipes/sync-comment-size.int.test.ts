// Every comment the action posts on an issue fits GitHub's limit, and one GitHub refuses anyway never
// blocks the issue's later news. GitHub refuses a comment over 65,536 characters with HTTP 422,
// "Body is too long (maximum is 65536 characters)"
// (docs.github.com/rest/issues/comments#create-an-issue-comment; danger/danger#424,
// suzuki-shunsuke/github-comment#124): the GitHub stand-in does too. runStep() (in-process, or the
// bundle with RUN_BUNDLE=1).
import { describe, expect, it } from '@jest/globals'
import { GITHUB_COMMENT_LIMIT } from '../../__fixtures__/github-stand-in.mjs'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { mirrorStep, syncStep } from '../../__fixtures__/readme-steps.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { mirrored, syncComments, ticketOf } from '../../__fixtures__/mirrored-issues.js'

const desk = useLiveDesk()
const github = useGitHub()
const URLS = 'https://desk.example/t/{ticket_id}'
const NOTE = '\n>\n> _[cut to fit one GitHub comment; the full reply is in LiveDesk]_'
// Every character some reader takes as the end of a line.
const LINE_BREAK = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/

describe('comments that fit GitHub', () => {
  const syncRun = (extra: Record<string, string> = {}): Promise<RunResult> =>
    syncStep({ desk, github }, new RunHistory(github), {
      inputs: { sync_replies: 'true', ticket_url_template: URLS, ...extra },
    })

  const reply = (id: string, content: string): Record<string, unknown> => ({
    id,
    sender: { type: 'internal_member', name: 'Dana' },
    content,
  })

  /** The quoted text of a reply comment cut to fit, after its two head lines and before the note. */
  function cutQuote(body: string): string {
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
    expect(body.endsWith(NOTE)).toBe(true)
    expect(body.split('\n')[1]).toBe(
      '**Dana** replied on LiveDesk ticket [tk_sync_0001](<https://desk.example/t/tk_sync_0001>):',
    )
    return body.slice(0, -NOTE.length).split('\n').slice(3).join('\n')
  }

  it.each([
    [
      '8,000 bidi controls (80,000 characters once shown as "\\[U+202E\\]")',
      '\u202e'.repeat(8000),
      /^> (\\\[U\+202E\\\]){6000,}$/,
    ],
    ['64 KiB of "&" and "<"', '&<'.repeat(32 * 1024), /^> (&amp;\\<){9000,}(&amp;)?$/],
    [
      '64 KiB of emoji after one letter (the cut falls between two)',
      `a${'\u{1F600}'.repeat(40_000)}`,
      /^> a(\u{1F600}){31000,}$/u,
    ],
    ['64 KiB of emoji after two letters', `ab${'\u{1F600}'.repeat(40_000)}`, /^> ab(\u{1F600}){31000,}$/u],
  ])('a reply of %s is posted, as much as one comment holds, with the note', async (_what, content, shape) => {
    mirrored(github, desk, 1)
    desk.tickets.get(ticketOf(1)).conversation_list = [reply('r1', content)]
    const result = await syncRun()
    expect(result.code).toBe(0)
    expect(result.visibleLog).not.toContain('::warning')
    const [comment] = syncComments(github, 1)
    expect(cutQuote(comment.body)).toMatch(shape)
    // Never half a character: no surrogate without its other half.
    expect(comment.body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
  })

  it('a reply of 64 KiB with every line terminator stays inside its quote, line by line, cut with the note', async () => {
    mirrored(github, desk, 1)
    const lines = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight']
    const block = lines.map((l, i) => l + ['\r\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029', '\n'][i]).join('')
    desk.tickets.get(ticketOf(1)).conversation_list = [reply('r1', block.repeat(Math.ceil((64 * 1024) / block.length)))]
    const result = await syncRun()
    expect(result.code).toBe(0)
    const quote = cutQuote(syncComments(github, 1)[0].body).split(LINE_BREAK)
    expect(quote.slice(0, 9)).toEqual([...lines, 'one'].map((l) => `> ${l}`))
    for (const line of quote.slice(0, -1)) expect(line).toMatch(/^> (one|two|three|four|five|six|seven|eight)$/)
    expect(quote.at(-1)).toMatch(/^> [a-z]+$/)
    // 64 KiB of text in lines of 3 to 5 letters: far past 8,000 characters, as far as the comment holds.
    expect(quote.length).toBeGreaterThan(8000)
  })

  it('a comment GitHub refuses is a warning for that news alone: the next reply, the status and the close go on', async () => {
    mirrored(github, desk, 1)
    Object.assign(desk.tickets.get(ticketOf(1)), {
      status: 'closed',
      conversation_list: [reply('r1', 'x'.repeat(3000)), reply('r2', 'Fixed in 2.4.1.')],
    })
    // A GitHub that takes less than the action expects: the long reply is refused as GitHub refuses.
    github.state.commentLimit = 1000
    const result = await syncRun({ close_issues: 'true' })
    expect(result.code).toBe(0)
    expect(result.visibleLog).toMatch(
      /^::warning title=LiveDesk sync%3A comment refused::Issue #1: GitHub refused the comment with a reply \(GitHub answered HTTP 422: Validation Failed\); it is left out, and the issue's other news goes on\.$/m,
    )
    expect(result.visibleLog).not.toContain('was not fully synced')
    expect(syncComments(github, 1).map((c) => c.body.split('\n').slice(1).join('\n'))).toEqual([
      '**Dana** replied on LiveDesk ticket [tk_sync_0001](<https://desk.example/t/tk_sync_0001>):\n\n> Fixed in 2.4.1.',
      'LiveDesk ticket [tk_sync_0001](<https://desk.example/t/tk_sync_0001>) is now **closed**. The issue is closed with it.',
    ])
    expect(github.state.issues.get(1)).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(result.outputs).toMatchObject({ issues_updated: '1', issues_closed: '1' })
  })

  it("any other failure to post still stops that issue's posts and its close until a later run", async () => {
    mirrored(github, desk, 2)
    for (const n of [1, 2])
      Object.assign(desk.tickets.get(ticketOf(n)), {
        status: 'closed',
        conversation_list: [reply('r1', 'We are on it.')],
      })
    github.state.faults.set('create-comment', 500)
    const result = await syncRun({ close_issues: 'true' })
    expect(result.code).toBe(0)
    expect(result.visibleLog).toMatch(
      /^::warning title=LiveDesk sync%3A issue not updated::Issue #1 was not fully synced: GitHub answered HTTP 500/m,
    )
    expect(result.visibleLog).toMatch(
      /^::warning title=LiveDesk sync%3A issue not updated::Issue #2 was not fully synced: GitHub answered HTTP 500/m,
    )
    // Each issue's first post (its reply) failed, so nothing after it was tried: no news, no close.
    const posts = github.requests.filter((r) => r.method === 'POST')
    expect(posts.length).toBeGreaterThanOrEqual(2)
    for (const post of posts) expect(post.body.body).toContain('> We are on it.')
    expect(github.requests.filter((r) => r.method === 'PATCH')).toEqual([])
  })

  it('the issue mirror: a ticket_url_template too long for a comment is refused before anything is sent', async () => {
    const opened = await runStep(
      mirrorStep({ desk, github }, 'opened', {
        ticket_url_template: `https://desk.example/${'a'.repeat(70_000)}/{ticket_id}`,
      }),
    )
    expect(opened.code).toBe(1)
    expect(opened.visibleLog).toContain(
      "ticket_url_template: is too long: a ticket's link could be 70406 characters (a ticket id takes up to 384 once URL-encoded); at most 2000 are allowed.",
    )
    expect(desk.requests).toEqual([])
    expect(github.requests.filter((r) => r.method === 'POST')).toEqual([])
  })
})
