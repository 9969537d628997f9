// What to do with the ticket a subject already has, from what was read: each rule a row.
import { describe, expect, it } from '@jest/globals'
import type { GitHubContext } from '../../src/github/context.js'
import type { TicketState } from '../../src/livedesk/client.js'
import { decideAction, needsTicketState, type DecisionInput } from '../../src/plan/decide.js'
import { HISTORY_HEADING } from '../../src/plan/history.js'
import type { Streak } from '../../src/plan/streak.js'

const run = { runId: '42', runAttempt: '2', runUrl: 'https://github.com/o/r/actions/runs/42/attempts/2' }
const ctx = { ...run, reported: run } as GitHubContext
const request = {
  title: 'Build failed on main',
  requester: { euid: 'c1' },
  description: 'The build failed.',
  custom_fields: { github_run_id: '42', github_failed_jobs: 'build: test' },
}
const state = (status: string, over: Partial<TicketState> = {}): TicketState => ({
  status,
  description: 'First.',
  customFields: { team_note: 'keep me' },
  messages: [],
  ...over,
})
const now = new Date('2026-12-04T10:00:00Z')
const input = (over: Partial<DecisionInput>): DecisionInput => ({
  settings: { mode: 'ticket', openAfter: 1 },
  ctx,
  subject: { kind: 'step' },
  request,
  now,
  ...over,
})

describe('decideAction', () => {
  it('no ticket yet: create', () => {
    expect(decideAction(input({})).action).toEqual({ kind: 'create' })
  })

  it('an open ticket: a "Failed again" entry, the occurrence counted, the desk\'s fields kept and the run\'s context the latest', () => {
    const { action } = decideAction(
      input({
        existing: {
          ticketId: 'tk_1',
          state: state('pending', { customFields: { github_occurrences: '2', team_note: 'keep me' } }),
        },
      }),
    )
    expect(action).toMatchObject({ kind: 'update', ticketId: 'tk_1', why: 'again', occurrence: 3 })
    if (action.kind !== 'update') throw new Error('an update')
    expect(action.patch.custom_fields).toEqual({
      team_note: 'keep me',
      github_run_id: '42',
      github_failed_jobs: 'build: test',
      github_occurrences: '3',
    })
    expect(action.patch.description).toBe(
      `First.\n\n---\n${HISTORY_HEADING}\n\n- **Failed again** on 2026-12-04 10:00 UTC in [run 42, attempt 2](${ctx.runUrl}): build: test`,
    )
  })

  it.each([
    ['closed', state('Closed'), 'is Closed'],
    ['gone', 'gone' as const, 'no longer exists in LiveDesk'],
  ])('a %s ticket: a new ticket that names it', (_name, given, why) => {
    const decided = decideAction(input({ existing: { ticketId: 'tk_1', state: given } }))
    expect(decided.action).toEqual({ kind: 'create', previous: { ticketId: 'tk_1', why } })
    expect(decided.request.description).toBe(`**Follows LiveDesk ticket tk_1**, which ${why}.\n\nThe build failed.`)
    expect(decided.request.custom_fields?.github_previous_ticket).toBe('tk_1')
  })

  it('a ticket found but not read: a new ticket that names it', () => {
    expect(decideAction(input({ existing: { ticketId: 'tk_1' } })).action).toEqual({
      kind: 'create',
      previous: { ticketId: 'tk_1', why: 'no longer exists in LiveDesk' },
    })
  })

  it('a request without a description or fields: the new ticket names the old one alone; the entry names no jobs', () => {
    const bare = { title: 'Build failed', requester: { euid: 'c1' } }
    const decided = decideAction(input({ request: bare, existing: { ticketId: 'tk_1', state: state('closed') } }))
    expect(decided.request.description).toBe('**Follows LiveDesk ticket tk_1**, which is closed.')
    const again = decideAction(input({ request: bare, existing: { ticketId: 'tk_1', state: state('open') } })).action
    expect(again.kind === 'update' && again.patch.description?.endsWith(`in [run 42, attempt 2](${ctx.runUrl})`)).toBe(
      true,
    )
  })

  it("an issue's first event: a new ticket", () => {
    expect(decideAction(input({ subject: { kind: 'issue', number: 7 } })).action).toEqual({ kind: 'create' })
  })

  it("an issue's ticket is updated from the issue, never read", () => {
    expect(needsTicketState({ kind: 'issue', number: 7 })).toBe(false)
    expect(needsTicketState({ kind: 'step' })).toBe(true)
    const { action } = decideAction(input({ subject: { kind: 'issue', number: 7 }, existing: { ticketId: 'tk_9' } }))
    expect(action).toEqual({
      kind: 'update',
      ticketId: 'tk_9',
      why: 'issue',
      patch: { title: request.title, description: request.description, custom_fields: request.custom_fields },
    })
  })

  it.each([
    ['nothing recorded', undefined, 'No LiveDesk ticket is recorded for this failure'],
    ['the ticket gone', { ticketId: 'tk_1', state: 'gone' as const }, 'no longer exists'],
    ['the ticket finished', { ticketId: 'tk_1', state: state('solved') }, 'is solved'],
    [
      'already noted',
      {
        ticketId: 'tk_1',
        state: state('open', { description: `First.\n\n---\n${HISTORY_HEADING}\n\n- **Recovered** on x` }),
      },
      'already noted',
    ],
  ])('recovery with %s: nothing', (_name, existing, reason) => {
    const { action } = decideAction(input({ settings: { mode: 'recovery', openAfter: 1 }, existing }))
    expect(action.kind).toBe('none')
    expect(action.kind === 'none' && action.reason).toContain(reason)
  })

  it('recovery after a run that passed: nothing, the run before named', () => {
    const { action } = decideAction(
      input({
        settings: { mode: 'recovery', openAfter: 1 },
        passedBefore: { id: 41, status: 'completed', conclusion: 'success' },
        existing: { ticketId: 'tk_1', state: state('open') },
      }),
    )
    expect(action).toEqual({
      kind: 'none',
      reason: 'Nothing to note: run 41, the run before this one, passed too, so any recovery is noted already.',
    })
  })

  it('recovery on an open ticket that reports no tags: tagged "recovered" alone', () => {
    const { action } = decideAction(
      input({ settings: { mode: 'recovery', openAfter: 1 }, existing: { ticketId: 'tk_1', state: state('open') } }),
    )
    expect(action.kind === 'update' && action.patch.tags).toEqual(['recovered'])
  })

  it('recovery on an open ticket: a "Recovered" entry and the tag, the tags LiveDesk reports kept', () => {
    const { action } = decideAction(
      input({
        settings: { mode: 'recovery', openAfter: 1 },
        existing: { ticketId: 'tk_1', state: state('open', { tags: ['ci', 'recovered'] }) },
      }),
    )
    expect(action).toMatchObject({ kind: 'update', why: 'recovery', patch: { tags: ['ci', 'recovered'] } })
    expect(action.kind === 'update' && action.patch.description).toContain(
      '- **Recovered** on 2026-12-04 10:00 UTC in [run 42, attempt 2]',
    )
  })

  describe('open_after: a ticket opens at the N-th failed run in a row', () => {
    const streak = (count: number, atLeast = false): Streak => ({
      count,
      earlier: Array.from({ length: count - 1 }, (_, i) => ({ id: 41 - i, attempt: 1, conclusion: 'failure' })),
      atLeast,
    })
    const openAfter = (n: number, over: Partial<DecisionInput>) =>
      decideAction(input({ settings: { mode: 'ticket', openAfter: n }, ...over })).action

    it.each<[string, number, Streak | undefined, DecisionInput['existing'], string]>([
      ['below N, no ticket: wait', 2, streak(1), undefined, 'wait'],
      [
        'below N, a closed ticket: wait (the new streak has not reached N)',
        3,
        streak(2),
        { ticketId: 'tk_1', state: state('closed') },
        'wait',
      ],
      ['below N, the ticket gone: wait', 2, streak(1), { ticketId: 'tk_1', state: 'gone' }, 'wait'],
      ['at N: create', 2, streak(2), undefined, 'create'],
      ['past N: create', 2, streak(5), undefined, 'create'],
      [
        'at N, a closed ticket: a new one that names it',
        2,
        streak(2),
        { ticketId: 'tk_1', state: state('closed') },
        'create',
      ],
      [
        'below N, an open ticket: updated, whatever the count',
        3,
        streak(1),
        { ticketId: 'tk_1', state: state('open') },
        'update',
      ],
      [
        'below N, a ticket in a status never seen: open, so updated',
        3,
        streak(1),
        { ticketId: 'tk_1', state: state('on hold') },
        'update',
      ],
      ['no streak counted (GitHub not read): as if N were 1', 5, undefined, undefined, 'create'],
      ['a streak cut off by the listing (no passed run in sight): create', 5, streak(2, true), undefined, 'create'],
      ['open_after 1: create at the first failure', 1, streak(1), undefined, 'create'],
    ])('%s', (_name, n, given, existing, kind) => {
      expect(openAfter(n, { streak: given, existing }).kind).toBe(kind)
    })

    it('the wait carries the count and the runs that make it', () => {
      expect(openAfter(3, { streak: streak(2) })).toEqual({ kind: 'wait', streak: streak(2), openAfter: 3 })
    })

    it('a recovery step is not held back: it notes the recovery on the open ticket', () => {
      const { action } = decideAction(
        input({
          settings: { mode: 'recovery', openAfter: 3 },
          streak: streak(1),
          existing: { ticketId: 'tk_1', state: state('open') },
        }),
      )
      expect(action).toMatchObject({ kind: 'update', why: 'recovery' })
    })
  })
})
