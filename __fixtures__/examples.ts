// The workflows of examples/ as the runner reads them: the action's steps, their `with:` and `env:`
// with the expressions the examples use evaluated, and LiveDesk and GitHub pointed at the stand-ins.
// The examples test runs them through runStep(); the bundle's smoke tests run them as built.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT, type RunOptions } from '../scripts/run-action.mjs'
import { KEY, SECRET } from './stand-ins.js'

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

export interface StandIns {
  desk: { url: string }
  github: { url: string; token: string }
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
