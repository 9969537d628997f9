// Carrying a ticket plan out: the one LiveDesk write it names returns the ticket, its id logged at
// once; what the memory keeps comes after (the notice with the record first, the marker's write).
import { describe, expect, it } from '@jest/globals'
import { fakeRunner } from '../../__fixtures__/fake-runner.js'
import { KEY, SECRET, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { keepTicket, writeTicket } from '../../src/execute/execute.js'
import type { GitHubContext } from '../../src/github/context.js'
import type { Settings } from '../../src/inputs/settings.js'
import type { TicketMemory } from '../../src/memory/memory.js'
import type { Action, TicketPlan } from '../../src/plan/plan.js'

const desk = useLiveDesk()

/** A memory that says what it was asked. */
function memory(): TicketMemory & { remembered: string[] } {
  const remembered: string[] = []
  return {
    remembered,
    recall: async () => ({}),
    record: (id) => `record of ${id}`,
    remember: async (ticket) => void remembered.push(ticket.id),
  }
}

function plan(
  action: Action,
  over: Partial<Settings> = {},
  subject: TicketPlan['subject'] = { kind: 'step' },
): TicketPlan & { memory: ReturnType<typeof memory> } {
  const settings = {
    baseUrl: new URL(desk.url),
    apiKey: KEY,
    apiSecret: SECRET,
    timeoutMs: 5000,
    maxRetries: 0,
    dryRun: false,
    ticketUrlTemplate: 'https://desk.example/t/{ticket_id}',
    ...over,
  } as Settings
  return {
    subject,
    ctx: {} as GitHubContext,
    settings,
    request: { title: 'Build failed', requester: { euid: 'c1' } },
    action,
    memory: memory(),
  }
}

describe('writeTicket', () => {
  it('a create: one POST, the ticket with its link, its id in the log at once', async () => {
    const log = fakeRunner({})
    const ticket = await writeTicket(plan({ kind: 'create' }), log)
    const id = [...desk.tickets.keys()][0]
    expect(ticket).toEqual({ id, url: `https://desk.example/t/${id}`, verb: 'opened', attempts: 1 })
    expect(log.log).toEqual([
      expect.stringMatching(/^::debug::POST /),
      expect.stringMatching(/^::debug::LiveDesk answered HTTP 200/),
      `Opened LiveDesk ticket ${id} (https://desk.example/t/${id}).`,
    ])
  })

  it('an update and a recovery: one PUT each, the verb said', async () => {
    desk.tickets.set('tk_1', { ticket_id: 'tk_1', status: 'open' })
    const again = plan({ kind: 'update', ticketId: 'tk_1', patch: { description: 'x' }, why: 'again', occurrence: 3 })
    expect(await writeTicket(again, fakeRunner({}))).toMatchObject({ id: 'tk_1', verb: 'updated' })
    const recovery = plan({ kind: 'update', ticketId: 'tk_1', patch: { tags: ['recovered'] }, why: 'recovery' })
    expect(await writeTicket(recovery, fakeRunner({}))).toMatchObject({ id: 'tk_1', verb: 'recovered' })
    expect(desk.requests.map((r) => r.method)).toEqual(['PUT', 'PUT'])
  })

  it('nothing is written for a dry run, nothing to note, or a ticket that waits: no request', async () => {
    expect(await writeTicket(plan({ kind: 'create' }, { dryRun: true }), fakeRunner({}))).toBeUndefined()
    const log = fakeRunner({})
    expect(await writeTicket(plan({ kind: 'none', reason: 'Nothing to note.', notice: true }), log)).toBeUndefined()
    expect(log.log).toEqual(['::notice title=LiveDesk ticket: nothing to do::Nothing to note.'])
    const waits = plan({ kind: 'wait', streak: { count: 1, earlier: [], atLeast: false }, openAfter: 2 })
    expect(await writeTicket(waits, fakeRunner({}))).toBeUndefined()
    expect(desk.requests).toEqual([])
  })
})

describe('keepTicket', () => {
  it("a ticket opened: the notice, its sentence first and the memory's record after it, then the memory's own write", async () => {
    const p = plan({ kind: 'create', previous: { ticketId: 'tk_0', why: 'is closed' } })
    const log = fakeRunner({})
    await keepTicket(p, { id: 'tk_2', url: 'https://desk.example/t/tk_2', verb: 'opened', attempts: 1 }, log)
    expect(log.log).toEqual([
      '::notice title=LiveDesk ticket::LiveDesk ticket tk_2 (https://desk.example/t/tk_2) opened, following tk_0, which is closed.\nrecord of tk_2',
    ])
    expect(p.memory.remembered).toEqual(['tk_2'])
  })

  it('an update from an issue is noticed and handed to the memory (which keeps what it needs); no ticket, nothing', async () => {
    const p = plan({ kind: 'update', ticketId: 'tk_3', patch: {}, why: 'issue' }, {}, { kind: 'issue', number: 12 })
    const log = fakeRunner({})
    await keepTicket(p, { id: 'tk_3', verb: 'updated', attempts: 1 }, log)
    await keepTicket(p, undefined, log)
    expect(log.log).toEqual([
      '::notice title=LiveDesk ticket::LiveDesk ticket tk_3 updated from issue #12.\nrecord of tk_3',
    ])
    expect(p.memory.remembered).toEqual(['tk_3'])
  })
})
