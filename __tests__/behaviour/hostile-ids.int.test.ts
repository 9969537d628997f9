// Ids and URLs that would steer a request or break an output (runStep(): in-process, or the bundle
// with RUN_BUNDLE=1): a ticket id from
// LiveDesk or from a marker comment is one path segment; ticket_url_template is one URL on one line;
// a secret that occurs inside a ticket id does not change the id in the outputs.
import { describe, expect, it } from '@jest/globals'
import { runStep, type RunOptions, type RunResult } from '../../__fixtures__/step.js'
import { mirrorStep } from '../../__fixtures__/readme-steps.js'
import { useGitHub, useLiveDesk, plainStep } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()
const github = useGitHub()

const base = (): Record<string, string> => plainStep(desk)
const run = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> =>
  runStep({ inputs: { ...base(), ...inputs }, ...extra })
/** The error line as the runner shows it: its command data unescaped. */
const errorLine = (r: RunResult): string =>
  (r.visibleLog.split('\n').find((l) => l.startsWith('::error')) ?? '')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')
/** Every request LiveDesk received went to the tickets path or to exactly one segment below it. */
const EXACT_PATH = /^\/api\/v2\/accounts\/tickets(\/[A-Za-z0-9_.~!$&'()*+,;=:@-]+)?$/

function answerWithTicketId(ticketId: unknown): void {
  desk.overrides.push((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ code: 0, message: 'Success', data: { ticket_id: ticketId } }))
  })
}

describe('a ticket id from LiveDesk is one path segment, or the run fails without sending again', () => {
  it.each([
    ['.', 'an unusable ticket id (".")'],
    ['..', 'an unusable ticket id ("..")'],
    ['a/b', 'an unusable ticket id ("a/b")'],
    ['../tickets', 'an unusable ticket id ("../tickets")'],
    ['x?y=1', 'an unusable ticket id ("x?y=1")'],
    ['x#y', 'an unusable ticket id ("x#y")'],
    ['a\\b', 'an unusable ticket id ("a\\\\b")'],
    ['%2e%2e', 'an unusable ticket id ("%2e%2e")'],
    ['', 'an unusable ticket id ("")'],
    ['tk 1', 'an unusable ticket id ("tk 1")'],
    ['t'.repeat(129), 'an unusable ticket id'],
  ])('%j', async (ticketId, message) => {
    answerWithTicketId(ticketId)
    const result = await run({ ticket_url_template: 'https://desk.example/t/{ticket_id}' })
    expect(result.code).toBe(1)
    expect(desk.creates()).toHaveLength(1)
    expect(errorLine(result)).toContain(`LiveDesk reported success but returned ${message}`)
    expect(errorLine(result)).toContain('The outcome is unknown, so it was not sent again.')
    expect(result.outputs).toEqual({ status: 'failed' })
  })

  it.each([
    [123, 'a ticket id that is not text (a number)'],
    [true, 'a ticket id that is not text (true or false)'],
    [{ id: 'tk_1' }, 'a ticket id that is not text (an object)'],
    [['tk_1'], 'a ticket id that is not text (a list)'],
    [null, 'no ticket id'],
    [undefined, 'no ticket id'],
  ])('%j', async (ticketId, message) => {
    answerWithTicketId(ticketId)
    const result = await run({})
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      `LiveDesk reported success but returned ${message}; a ticket was probably created.`,
    )
    expect(result.outputs).toEqual({ status: 'failed' })
  })
})

describe('a ticket id from a marker comment is one path segment, or the marker is ignored', () => {
  it.each(['..', '.', 'a/b', '../../accounts', 'x?y', 'x#y', '%2e%2e', 'a\\b'])('ticket_id=%s', async (bad) => {
    github.state.comments.set(1, [
      {
        id: 1,
        body: `<!-- livedesk-ticket-action ticket_id=${bad} -->\nLiveDesk ticket`,
        user: { login: 'github-actions[bot]', type: 'Bot' },
      },
    ])
    const result = await runStep(mirrorStep({ desk, github }, 'edited'))
    expect(result.visibleLog).toContain(
      'Ignored ticket marker comments on issue #1 by: github-actions[bot] (unusable ticket id)',
    )
    for (const r of desk.requests) expect(r.path).toMatch(EXACT_PATH)
    expect(desk.requests.filter((r) => r.method === 'PUT')).toHaveLength(0)
    expect(result.code).toBe(0)
  })
})

describe('ticket_url_template is one URL on one line, or it is refused before anything is sent', () => {
  it.each([
    ['a newline', 'https://desk.example/t/{ticket_id}\nhttps://evil.example'],
    ['a carriage return', 'https://desk.example/t/{ticket_id}\rx'],
    ['a space', 'https://desk.example/t/ {ticket_id}'],
    ['a tab', 'https://desk.example/t/\t{ticket_id}'],
    ['a line separator', 'https://desk.example/t/{ticket_id}\u2028x'],
    ['a no-break space', 'https://desk.example/t/\u00a0{ticket_id}'],
    ['a control character', 'https://desk.example/t/\u0007{ticket_id}'],
    ['a quote and angle brackets', 'https://desk.example/t/"<b>{ticket_id}'],
  ])('%s', async (_what, template) => {
    const result = await run({ ticket_url_template: template })
    expect(result.code).toBe(1)
    expect(desk.requests).toHaveLength(0)
    expect(errorLine(result)).toContain(
      'ticket_url_template: must be one URL without spaces, line breaks, quotes, angle brackets or control characters',
    )
  })

  it('a valid one gives a ticket_url output of one line', async () => {
    const result = await run({ ticket_url_template: 'https://desk.example/t/{ticket_id}?view=full' })
    const ticketId = [...desk.tickets.keys()][0]
    expect(result.outputs.ticket_url).toBe(`https://desk.example/t/${ticketId}?view=full`)
  })
})

describe('a secret that occurs inside a ticket id', () => {
  const shortDesk = useLiveDesk('short-secret-key', '1')
  it('leaves the outputs whole; the log masks it as the runner would', async () => {
    const result = await runStep({
      inputs: { ...base(), api_key: 'short-secret-key', api_secret: '1', base_url: shortDesk.url },
    })
    expect(result.code).toBe(0)
    const ticketId = [...shortDesk.tickets.keys()][0]
    expect(ticketId).toContain('1')
    expect(result.outputs).toEqual({ ticket_id: ticketId, status: 'created' })
    // The runner masks every occurrence of a registered secret in the log; so does the action.
    expect(result.visibleLog).toContain(`Opened LiveDesk ticket ${ticketId.split('1').join('***')}.`)
  })
})
