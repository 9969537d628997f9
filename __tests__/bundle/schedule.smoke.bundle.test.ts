// Smoke test of the schedule recipe as the runner runs it: examples/scheduled-ticket.yml's step and
// its template (examples/weekly-patching.md, where the workflow keeps it), dist/index.js on Node 20
// and 24. End to end: the template's YAML front matter (the yaml chunk) and body (mustache's chunk)
// rendered with the run's context and its week, one ticket; the chore's next week, its ticket still
// open, notes it there; a dry run sends nothing. The recipe's behaviour is
// __tests__/recipes/template.int.test.ts and __tests__/recipes/chores.int.test.ts.
import { describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/run-action.mjs'
import { runtimes } from '../../scripts/ensure-node24.mjs'
import { exampleRun, expectWeeklyPatchingTicket, weeklyPatchingCheckout } from '../../__fixtures__/examples.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { schedulePayload } from '../../__fixtures__/webhooks.js'

const desk = useLiveDesk()
const github = useGitHub()

/** A checkout holding the template where the example's step reads it. */

describe.each(runtimes())('schedule, the bundle on %s', (_label, node) => {
  /** One scheduled run of the example (a period of the chore), as the runner runs it. */
  const step = async (inputs: Record<string, string> = {}, h = new RunHistory(github)) => {
    const at = h.begin(h.nextRunId(), 1, 'main', false, 0, { event: 'schedule' })
    const options = exampleRun(
      'scheduled-ticket.yml',
      { desk, github },
      {
        event: { name: 'schedule', payload: schedulePayload() },
        env: { ...at.env, GITHUB_WORKFLOW: 'Weekly patching ticket' },
        workspace: weeklyPatchingCheckout(),
      },
    )
    const result = await runAction({ ...options, inputs: { ...options.inputs, ...inputs }, node })
    h.end(at, result, false)
    return result
  }

  it('the weekly template opens one ticket, its fields and body rendered from the run; next week notes it there', async () => {
    const h = new RunHistory(github)
    const result = await step({}, h)
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expectWeeklyPatchingTicket(desk.creates()[0].body)
    const nextWeek = await step({}, h)
    expect(nextWeek.outputs).toMatchObject({ status: 'updated', ticket_id: result.outputs.ticket_id })
    expect(desk.requests.find((r) => r.method === 'PUT')?.body.description).toContain('**Due again** on')
    expect(desk.creates()).toHaveLength(1)
  })

  it('a dry run shows the rendered request and sends nothing', async () => {
    const result = await step({ dry_run: 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({ status: 'dry_run' })
    expect(desk.requests).toHaveLength(0)
    expect(result.visibleLog).toContain('"assignment_team": "Platform Operations"')
    expect(result.summary).toContain('dry run, nothing sent')
  })
})
