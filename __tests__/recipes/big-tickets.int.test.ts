// A ticket the action wrote can be read back: a 1 MiB description (all the action writes) of log text
// that JSON escapes (ANSI colour codes become \u001b, quotes and backslashes double), plus a long
// conversation, makes a GET answer of several MiB. LiveDesk's "Get Ticket Details" page answers with
// the description and the whole conversation_list in one JSON body, and documents no paging of it.
// Re-runs (dedupe), recovery and the sync each read such a ticket; one over the action's limit is
// asked for once, with a message that says what to do. runStep() (in-process, or the bundle with
// RUN_BUNDLE=1) against the LiveDesk stand-in, which answers with the ticket it holds, JSON.stringify'd.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { recoveryStep } from '../../__fixtures__/readme-steps.js'
import { runStep, type RunResult } from '../../__fixtures__/step.js'
import { RunHistory, type Attempt } from '../../__fixtures__/run-history.js'
import { deskInputs, KEY, SECRET, useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { mirrored, syncComments, ticketOf } from '../../__fixtures__/mirrored-issues.js'
import { DOCUMENTED_MESSAGE } from '../../__fixtures__/livedesk-ticket-example.js'
import { DESCRIPTION_LIMIT_BYTES, fitDescription } from '../../src/livedesk/ticket.js'

const desk = useLiveDesk()
const github = useGitHub()
const URLS = 'https://desk.example/t/{ticket_id}'
const MiB = 1024 * 1024

const gets = () => desk.requests.filter((r) => r.method === 'GET')
const errorLine = (r: RunResult): string => r.visibleLog.split('\n').find((l) => l.startsWith('::error')) ?? ''

/** A test log as a runner prints it: colour codes, Windows paths, quotes, tabs. */
const LOG_LINE =
  '\x1b[1m\x1b[31m✖ FAIL\x1b[39m\x1b[22m src\\checkout\\"order".test.ts\t\x1b[2m<expected 200, got 500>\x1b[22m\n'
const bigLog = (bytes: number): string => LOG_LINE.repeat(Math.ceil(bytes / Buffer.byteLength(LOG_LINE)))

/** `count` messages of about `chars` characters each, the desk's and the requester's in turn. */
function conversation(count: number, chars = 1000): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    ...DOCUMENTED_MESSAGE,
    message_id: `msg_${i}`,
    sender: i % 2 === 0 ? DOCUMENTED_MESSAGE.sender : { id: 'c_1', type: 'contact', name: 'Requester' },
    content: `Message ${i}: "still failing"\n${'\t> line\n'.repeat(Math.ceil(chars / 8))}`.slice(0, chars),
  }))
}

/** The bytes of the stand-in's GET answer for `ticket`. */
const answerBytes = (ticket: unknown): number =>
  Buffer.byteLength(JSON.stringify({ code: 0, message: 'Success', data: ticket }))

describe('tickets of several MiB', () => {
  const history = () => new RunHistory(github)

  /** The README's build-failure step, its description a 1.5 MiB log the action cuts at 1 MiB. */
  async function failureStep(at: Attempt, extra: Record<string, string> = {}): Promise<RunResult> {
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-big-'))
    writeFileSync(join(workspace, 'test.log'), bigLog(1.5 * MiB))
    return runStep({
      inputs: deskInputs(desk, {
        title: `Build failed on ${at.branch}`,
        ticket_url_template: URLS,
        description_file: 'test.log',
        ...extra,
      }),
      env: at.env,
      githubToken: github.token,
      workspace,
    })
  }

  /** A first failure opens the ticket; the desk then talks on it for 2,000 messages. */
  async function bigTicket(h: RunHistory, runId: number, branch = 'main'): Promise<string> {
    const first = h.begin(runId, 1, branch)
    const opened = await failureStep(first, { dedupe: 'branch' })
    h.end(first, opened)
    expect(opened.outputs.status).toBe('created')
    const ticket = desk.tickets.get(opened.outputs.ticket_id)
    expect(Buffer.byteLength(ticket.description)).toBeGreaterThan(DESCRIPTION_LIMIT_BYTES - 4096)
    ticket.conversation_list = conversation(2000)
    expect(answerBytes(ticket)).toBeGreaterThan(4 * MiB)
    desk.requests.length = 0
    return opened.outputs.ticket_id
  }

  it('a recurring failure reads its ticket of several MiB once and adds "Failed again" within 1 MiB', async () => {
    const h = history()
    const ticketId = await bigTicket(h, 11001)
    const again = await failureStep(h.begin(11002, 1), { dedupe: 'branch' })
    expect(again.code).toBe(0)
    expect(again.outputs).toMatchObject({ ticket_id: ticketId, status: 'updated' })
    expect(gets()).toHaveLength(1)
    expect(desk.posts()).toHaveLength(0)
    expect(desk.puts()).toHaveLength(1)
    const description: string = desk.puts()[0].body.description
    expect(Buffer.byteLength(description)).toBeLessThanOrEqual(DESCRIPTION_LIMIT_BYTES)
    expect(description).toMatch(/- \*\*Failed again\*\* on .* in \[run 11002, attempt 1\]/)
  })

  it('recovery reads the ticket of several MiB and notes "Recovered"', async () => {
    const h = history()
    const ticketId = await bigTicket(h, 12001)
    const green = h.begin(12002, 1, 'main', false)
    const noted = await runStep(recoveryStep({ desk, github }, green))
    expect(noted.code).toBe(0)
    expect(noted.outputs).toEqual({ ticket_id: ticketId, status: 'recovered' })
    expect(gets()).toHaveLength(1)
    expect(desk.puts()).toHaveLength(1)
    expect(Buffer.byteLength(desk.puts()[0].body.description)).toBeLessThanOrEqual(DESCRIPTION_LIMIT_BYTES)
    expect(desk.puts()[0].body.description).toMatch(
      /\n- \*\*Recovered\*\* on .* in \[run 12002, attempt 1\]\(https:[^)]+\)$/,
    )
  })

  it("the sync reads a mirrored issue's ticket of several MiB: its status and the desk's reply come back", async () => {
    const h = history()
    mirrored(github, desk, 1)
    const ticket = desk.tickets.get(ticketOf(1))
    Object.assign(ticket, {
      status: 'pending',
      description: fitDescription(bigLog(1.5 * MiB), DESCRIPTION_LIMIT_BYTES),
      conversation_list: conversation(2000),
    })
    expect(answerBytes(ticket)).toBeGreaterThan(4 * MiB)
    const at = h.begin(13001, 1, 'main', false)
    const result = await runStep({
      inputs: {
        api_key: KEY,
        api_secret: SECRET,
        base_url: desk.url,
        sync: 'issues',
        sync_replies: 'true',
        ticket_url_template: URLS,
      },
      // Eleven writes: GitHub's pace (one a second after five) is tested in field-github.
      env: { ...at.env, GITHUB_EVENT_NAME: 'schedule', LIVEDESK_SYNC_WRITE_INTERVAL_MS: '0' },
      event: { name: 'schedule', payload: { schedule: '17 * * * *' } },
      githubToken: github.token,
    })
    h.end(at, result, false)
    expect(result.code).toBe(0)
    expect(result.visibleLog).not.toContain('could not be read')
    expect(result.outputs).toMatchObject({ issues_checked: '1', issues_updated: '1' })
    expect(gets()).toHaveLength(1)
    const bodies = syncComments(github, 1).map((c) => c.body.split('\n').slice(1).join('\n'))
    // At most 10 replies an issue a run; the first is the desk's message 0.
    expect(bodies[0]).toMatch(/^\*\*Agent Li\*\* replied on LiveDesk ticket .*:\n\n> Message 0: "still failing"/)
    expect(bodies.at(-1)).toBe(
      `LiveDesk ticket [${ticketOf(1)}](<https://desk.example/t/${ticketOf(1)}>) is now **pending**.`,
    )
  })

  it('a ticket over 16 MiB is asked for once: the step fails with what it means and what to do, nothing opened or changed', async () => {
    const h = history()
    const ticketId = await bigTicket(h, 14001)
    const ticket = desk.tickets.get(ticketId)
    ticket.conversation_list = conversation(300, 60_000)
    expect(answerBytes(ticket)).toBeGreaterThan(16 * MiB)
    const again = await failureStep(h.begin(14002, 1), { dedupe: 'branch' })
    expect(again.code).toBe(1)
    expect(gets()).toHaveLength(1)
    expect(desk.posts()).toHaveLength(0)
    expect(desk.puts()).toHaveLength(0)
    expect(errorLine(again)).toContain(
      `LiveDesk ticket ${ticketId}, which this failure already has, could not be read: LiveDesk's answer is larger than 16 MiB, the most the action reads of one ticket: the ticket's description and conversation are too large for the action to read, and asking again would get the same answer. A shorter description in LiveDesk makes the ticket readable again. Tried once. Nothing was opened or changed, so there is no second ticket; re-run the job once that is put right.`,
    )
  })
})
