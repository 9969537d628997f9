// The workflows of examples/ as the runner reads them: the action's steps, their `with:` and `env:`
// with the expressions the examples use evaluated, and LiveDesk and GitHub pointed at the stand-ins.
// The examples test runs them through runStep(); the bundle's smoke tests run them as built.
import { expect } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import type { GitHubStandIn } from './github-stand-in.mjs'
import { periodsOn } from './periods.js'
import { ROOT, type RunOptions, type RunResult } from './run-action.mjs'
import { KEY, SECRET, type StandIns } from './stand-ins.js'

export const EXAMPLES = join(ROOT, 'examples')

export interface Step {
  name?: string
  uses?: string
  with?: Record<string, string>
  env?: Record<string, string>
}
export interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<string, { steps: Step[] }>
}

export const workflow = (file: string): Workflow => parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Workflow

/** The steps of a workflow that use this action. */
export const actionSteps = (wf: Workflow): Step[] =>
  Object.values(wf.jobs)
    .flatMap((j) => j.steps)
    .filter((s) => s.uses?.startsWith('OWNER/livedesk-ticket-action@'))

/** The values the examples' expressions stand for, as a repository would set them. */
const KNOWN: Record<string, string> = {
  'secrets.LIVEDESK_API_KEY': KEY,
  'secrets.LIVEDESK_API_SECRET': SECRET,
  'vars.LIVEDESK_REQUESTER_EUID': 'contact_12345',
  'vars.LIVEDESK_TICKET_URL_TEMPLATE': 'https://desk.example/tickets/{ticket_id}',
  'github.ref_name': 'main',
  'github.event.workflow_run.name': 'CI',
  // report-failures.yml's title, for a run of this repository's main (a fork's is fixed text).
  "github.event.workflow_run.head_repository.full_name == github.repository && format('{0} failed on {1}', github.event.workflow_run.name, github.event.workflow_run.head_branch) || 'A pull request from a fork failed'":
    'CI failed on main',
}

/** ${{ … }} as the runner evaluates it, for the expressions the examples use; anything else throws. */
export function evaluate(text: string): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in KNOWN)) throw new Error(`the test does not know the expression ${expr}`)
    return KNOWN[expr]
  })
}

/** The run options of an example's action step (the `index`th), LiveDesk's address the stand-in's. */
export function exampleRun(
  file: string,
  { desk, github }: StandIns,
  extra: Omit<RunOptions, 'inputs'> = {},
  index = 0,
): RunOptions {
  const step = actionSteps(workflow(file))[index]
  if (!step) throw new Error(`${file} has no action step number ${index + 1}`)
  const evaluated = (values: Record<string, string> = {}): Record<string, string> =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, evaluate(String(v))]))
  return {
    ...extra,
    inputs: { ...evaluated(step.with), base_url: desk.url },
    env: { GITHUB_API_URL: github.url, ...evaluated(step.env), ...extra.env },
    githubToken: github.token,
  }
}

/** A checkout for scheduled-ticket.yml: examples/weekly-patching.md where its step's template names it. */
export function weeklyPatchingCheckout(): string {
  const named = actionSteps(workflow('scheduled-ticket.yml'))[0]?.with?.template
  if (!named) throw new Error('scheduled-ticket.yml has no action step with a template')
  const workspace = mkdtempSync(join(tmpdir(), 'livedesk-example-'))
  const template = join(workspace, named)
  mkdirSync(dirname(template), { recursive: true })
  writeFileSync(template, readFileSync(join(EXAMPLES, 'weekly-patching.md')))
  return workspace
}

/** The ticket examples/weekly-patching.md renders on this week's schedule, as LiveDesk received it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as LiveDesk received it
export function expectWeeklyPatchingTicket(body: any): void {
  expect(body).toMatchObject({
    title: `Weekly patching: octo-org/checkout-service, ${periodsOn().week}`,
    priority: 'medium',
    ticket_type: 'task',
    assignment_team: 'Platform Operations',
  })
  expect(body.custom_fields).toMatchObject({
    service: 'checkout',
    window: 'Mon 10:00-12:00 UTC',
    opened_by: 'Weekly patching ticket (schedule)',
  })
  expect(body.description).toMatch(/^## Weekly patching for octo-org\/checkout-service, \d{4}-W\d\d\n/)
}

/** Issue #1 as GitHub lists it once the mirror opened its ticket: open, labelled as the mirror labelled it. */
export function listAsMirrored(github: GitHubStandIn, payload: { issue: Record<string, unknown> }): void {
  github.state.issues.set(1, {
    ...payload.issue,
    state: 'open',
    updated_at: '2026-01-01T00:00:00Z',
    labels: github.state.labelsAdded[0].labels.map((name) => ({ name })),
  })
}

/** The desk's answer on the issue's ticket: solved, after the contact's question and Dana's reply. */
export function answerOnDesk(ticket: Record<string, unknown>): void {
  ticket.status = 'solved'
  ticket.conversation_list = [
    { id: 'c1', sender: { type: 'contact', name: 'Codertocat' }, content: 'Any news?' },
    { id: 'c2', sender: { type: 'internal_member', name: 'Dana' }, content: 'Fixed the spelling, thanks!' },
  ]
}

/** The first sync after that answer: Dana's reply and the closing on issue #1, never the contact's words. */
export function expectAnswerOnIssue(github: GitHubStandIn, result: RunResult): void {
  expect(result.outputs).toEqual({ status: 'synced', issues_checked: '1', issues_updated: '1', issues_closed: '1' })
  expect(github.state.issues.get(1)).toMatchObject({ state: 'closed', state_reason: 'completed' })
  const bodies = (github.state.comments.get(1) ?? []).map((c) => String(c.body))
  expect(bodies).toHaveLength(3)
  expect(bodies[1]).toContain('**Dana** replied on LiveDesk ticket')
  expect(bodies[1]).toContain('> Fixed the spelling, thanks\\!')
  expect(bodies[2]).toContain('is now **solved**. The issue is closed with it.')
  expect(bodies.join('\n')).not.toContain('Any news?')
}
