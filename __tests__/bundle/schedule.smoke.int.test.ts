// Smoke test of the schedule recipe as the runner runs it: examples/scheduled-ticket.yml's step and
// its template (examples/weekly-patching.md, where the workflow keeps it), dist/index.js on Node 20
// and 24. End to end: the template's YAML front matter (the yaml chunk) and body (mustache's chunk)
// rendered with the run's context, one ticket; a dry run sends nothing. The recipe's behaviour is
// __tests__/recipes/schedule.int.test.ts.
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runAction } from '../../scripts/run-action.mjs'
import { runtimes } from '../../scripts/runtimes.mjs'
import { actionSteps, EXAMPLES, exampleRun, workflow } from '../../__fixtures__/examples.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { schedulePayload } from '../../__fixtures__/webhooks.js'

const desk = useLiveDesk()
const github = useGitHub()

/** A checkout holding the template where the example's step reads it. */
function checkout(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'livedesk-smoke-'))
  const template = join(workspace, String(actionSteps(workflow('scheduled-ticket.yml'))[0].with?.template))
  mkdirSync(dirname(template), { recursive: true })
  writeFileSync(template, readFileSync(join(EXAMPLES, 'weekly-patching.md')))
  return workspace
}

describe.each(runtimes())('schedule, the bundle on %s', (_label, node) => {
  const step = (inputs: Record<string, string> = {}) => {
    const options = exampleRun(
      'scheduled-ticket.yml',
      { desk, github },
      {
        event: { name: 'schedule', payload: schedulePayload() },
        env: { GITHUB_WORKFLOW: 'Weekly patching ticket' },
        workspace: checkout(),
      },
    )
    return runAction({ ...options, inputs: { ...options.inputs, ...inputs }, node })
  }

  it('the weekly template opens one ticket, its fields and body rendered from the run', async () => {
    const result = await step()
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('created')
    expect(github.requests).toHaveLength(0)
    const body = desk.creates()[0].body
    expect(body).toMatchObject({
      title: `Weekly patching: octo-org/checkout-service, week of ${new Date().toISOString().slice(0, 10)}`,
      priority: 'medium',
      ticket_type: 'task',
      assignment_team: 'Platform Operations',
    })
    expect(body.custom_fields).toMatchObject({
      service: 'checkout',
      window: 'Mon 10:00-12:00 UTC',
      opened_by: 'Weekly patching ticket (schedule)',
    })
    expect(body.description).toMatch(/^## Weekly patching for octo-org\/checkout-service\n/)
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
