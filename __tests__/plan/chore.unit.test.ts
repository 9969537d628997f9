// A recurring chore (plan/chore.ts): which tickets are a chore's, and what its next period does with
// the last one: a "Due again" entry on an open ticket (when_open: note), nothing (skip), or a new
// ticket that names it (new, or the last one closed or gone). Each rule a row.
import { describe, expect, it } from '@jest/globals'
import type { GitHubContext } from '../../src/github/context.js'
import type { TicketState } from '../../src/livedesk/client.js'
import { choreRequest, dueAgain, isChore, nextChoreTicket, PERIODS_FIELD, SINCE_FIELD } from '../../src/plan/chore.js'
import { decideAction, type DecisionInput } from '../../src/plan/decide.js'
import { HISTORY_HEADING } from '../../src/plan/history.js'

const run = { runId: '6102', runAttempt: '1', runUrl: 'https://github.com/o/r/actions/runs/6102/attempts/1' }
const ctx = { ...run, eventName: 'schedule', reported: run } as GitHubContext
const now = new Date('2026-12-07T06:00:00Z')
const request = {
  title: 'Rotate the staging keys',
  requester: { euid: 'ops' },
  description: 'See the runbook.',
  custom_fields: { github_run_id: '6102' },
}
const state = (status: string, customFields: Record<string, string> = {}): TicketState => ({
  status,
  description: 'First.',
  customFields: { team_note: 'keep me', ...customFields },
  messages: [],
})

describe('isChore', () => {
  const keyed = { mode: 'ticket' as const, dedupe: 'run' as const, dedupeKey: 'key-rotation' }
  const on = (eventName: string, triggering?: GitHubContext['reported']['triggering']) => ({
    eventName,
    reported: { ...run, triggering } as GitHubContext['reported'],
  })

  it.each<[string, Parameters<typeof isChore>, boolean]>([
    [
      'a template with a dedupe_key, even on a push: a chore',
      [{ kind: 'template', file: 't.yml' }, keyed, on('push'), {}],
      true,
    ],
    ["a step's ticket on a schedule: a chore", [{ kind: 'step' }, keyed, on('schedule'), {}], true],
    ['on a workflow_dispatch: a chore', [{ kind: 'step' }, keyed, on('workflow_dispatch'), {}], true],
    ['on a repository_dispatch: a chore', [{ kind: 'step' }, keyed, on('repository_dispatch'), {}], true],
    ["a step's ticket on a push: a failure's", [{ kind: 'step' }, keyed, on('push'), {}], false],
    [
      'dedupe: branch without a dedupe_key keeps a chore per branch',
      [{ kind: 'step' }, { mode: 'ticket', dedupe: 'branch' }, on('schedule'), {}],
      true,
    ],
    [
      'neither a dedupe_key nor dedupe: branch: every period its own ticket',
      [{ kind: 'template', file: 't.yml' }, { mode: 'ticket', dedupe: 'run' }, on('schedule'), {}],
      false,
    ],
    ['a recovery step: none', [{ kind: 'step' }, { ...keyed, mode: 'recovery' }, on('schedule'), {}], false],
    ["an issue's ticket: none", [{ kind: 'issue', number: 3 }, keyed, on('schedule'), {}], false],
    [
      "a reporter's ticket (a run that failed): none",
      [
        { kind: 'template', file: 't.yml' },
        keyed,
        on('schedule', { conclusion: 'failure', title: '', fromFork: false, headRepository: '' }),
        {},
      ],
      false,
    ],
    [
      'a nightly build with a failed job: a failure',
      [
        { kind: 'step' },
        keyed,
        on('schedule'),
        { failedJobs: { section: '', field: 'build', count: 1, timedOut: [] } },
      ],
      false,
    ],
    [
      'a run whose jobs could not be read: a failure, never skipped',
      [{ kind: 'template', file: 't.yml' }, keyed, on('schedule'), { jobsUnread: true }],
      false,
    ],
  ])('%s', (_name, args, chore) => {
    expect(isChore(...args)).toBe(chore)
  })
})

describe("a chore's ticket", () => {
  it('a new one carries the day it opened; the fields given stay', () => {
    expect(choreRequest(request, now).custom_fields).toEqual({ github_run_id: '6102', [SINCE_FIELD]: '2026-12-07' })
    expect(choreRequest({ title: 't', requester: { euid: 'ops' } }, now).custom_fields).toEqual({
      github_chore_since: '2026-12-07',
    })
  })

  it.each([
    ['the first period after it opened: 2', {}, 2],
    ['after 3 periods: 4', { [PERIODS_FIELD]: '3' }, 4],
    ['a count the desk garbled counts as 1: 2', { [PERIODS_FIELD]: 'many' }, 2],
  ])("due again, %s periods; the desk's fields stay, the run's are the latest", (_name, fields, periods) => {
    const due = dueAgain(ctx, choreRequest(request, now), state('open', fields), now)
    expect(due.periods).toBe(periods)
    expect(due.patch.custom_fields).toEqual({
      team_note: 'keep me',
      github_run_id: '6102',
      github_periods_due: `${periods}`,
    })
    expect(due.patch.description).toBe(
      `First.\n\n---\n${HISTORY_HEADING}\n\n- **Due again** on 2026-12-07 ([run 6102, attempt 1](${run.runUrl})): this ticket now covers ${periods} periods.`,
    )
  })

  it('due again keeps the day the ticket opened, never today', () => {
    const opened = state('open', { [SINCE_FIELD]: '2026-11-02' })
    expect(dueAgain(ctx, choreRequest(request, now), opened, now).patch.custom_fields?.[SINCE_FIELD]).toBe('2026-11-02')
  })

  it('the next ticket names the last one: still open, or closed', () => {
    expect(nextChoreTicket(request, { ticketId: 'tk_7', why: 'is still open', open: true })).toEqual({
      ...request,
      description: "**This chore's last ticket, LiveDesk ticket tk_7, is still open.**\n\nSee the runbook.",
      custom_fields: { github_run_id: '6102', github_open_ticket: 'tk_7' },
    })
    const closed = nextChoreTicket(
      { title: 't', requester: { euid: 'ops' } },
      { ticketId: 'tk_7', why: 'is solved', open: false },
    )
    expect(closed.description).toBe("**This chore's last ticket was LiveDesk ticket tk_7**, which is solved.")
    expect(closed.custom_fields).toEqual({ github_previous_ticket: 'tk_7' })
  })
})

describe('decideAction for a chore', () => {
  const chore = (over: Partial<DecisionInput>) =>
    decideAction({
      settings: { mode: 'ticket', openAfter: 1 },
      ctx,
      subject: { kind: 'step' },
      request,
      chore: true,
      now,
      ...over,
    })

  it('the first period: a new ticket that carries the day it opened', () => {
    const decided = chore({})
    expect(decided.action).toEqual({ kind: 'create' })
    expect(decided.request.custom_fields?.[SINCE_FIELD]).toBe('2026-12-07')
  })

  it.each([
    ['closed', state('closed'), 'is closed'],
    ['gone', 'gone' as const, 'no longer exists in LiveDesk'],
    ['not read', undefined, 'no longer exists in LiveDesk'],
  ])('the last ticket %s: a new ticket names it', (_name, given, why) => {
    const decided = chore({ existing: { ticketId: 'tk_7', state: given } })
    expect(decided.action).toEqual({ kind: 'create', previous: { ticketId: 'tk_7', why } })
    expect(decided.request.description).toBe(
      `**This chore's last ticket was LiveDesk ticket tk_7**, which ${why}.\n\nSee the runbook.`,
    )
    expect(decided.request.custom_fields).toMatchObject({ github_previous_ticket: 'tk_7', [SINCE_FIELD]: '2026-12-07' })
  })

  it("when_open: note (the default): the open ticket gets a 'Due again' entry and the periods it covers", () => {
    const decided = chore({ existing: { ticketId: 'tk_7', state: state('pending', { [PERIODS_FIELD]: '2' }) } })
    expect(decided.action).toMatchObject({ kind: 'update', ticketId: 'tk_7', why: 'due', occurrence: 3 })
    const note = chore({
      settings: { mode: 'ticket', openAfter: 1, whenOpen: 'note' },
      existing: { ticketId: 'tk_7', state: state('pending', { [PERIODS_FIELD]: '2' }) },
    })
    expect(note.action).toEqual(decided.action)
  })

  it('when_open: skip: nothing sent, the day the open ticket opened said', () => {
    const settings = { mode: 'ticket' as const, openAfter: 1, whenOpen: 'skip' as const }
    expect(
      chore({ settings, existing: { ticketId: 'tk_7', state: state('open', { [SINCE_FIELD]: '2026-11-02' }) } }).action,
    ).toEqual({ kind: 'skip', ticketId: 'tk_7', since: '2026-11-02' })
  })

  it('when_open: new: a new ticket that names the open one', () => {
    const decided = chore({
      settings: { mode: 'ticket', openAfter: 1, whenOpen: 'new' },
      existing: { ticketId: 'tk_7', state: state('open') },
    })
    expect(decided.action).toEqual({ kind: 'create', previous: { ticketId: 'tk_7', why: 'is still open' } })
    expect(decided.request.description).toContain("**This chore's last ticket, LiveDesk ticket tk_7, is still open.**")
    expect(decided.request.custom_fields).toMatchObject({ github_open_ticket: 'tk_7', [SINCE_FIELD]: '2026-12-07' })
  })

  it('a re-run of the run that opened or noted it: the same period, nothing noted, said as a notice', () => {
    expect(chore({ sameRun: true, existing: { ticketId: 'tk_7', state: state('open') } }).action).toEqual({
      kind: 'none',
      reason:
        "This period's LiveDesk ticket tk_7 is open already, from an earlier attempt of this run: nothing to note.",
      notice: true,
    })
  })
})
