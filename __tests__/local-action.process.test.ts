// GitHub's local runner, @github/local-action, runs src/main.ts's run() as CONTRIBUTING.md's "GitHub's
// local runner" says: importing main.ts must open nothing, run() (no arguments) opens one ticket. It runs
// run() with its own stand-in for @actions/core (src/stubs/core/core.ts in @github/local-action 7.0.1),
// which has no ExitCode and prints annotations as `::error title=…::text`.
import { expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../__fixtures__/run-action.mjs'
import { KEY, SECRET, useLiveDesk } from '../__fixtures__/stand-ins.js'

const desk = useLiveDesk()

/** `npx local-action . src/main.ts .env` with these lines in .env (and no GITHUB_* of a run): its exit code and output. */
async function localAction(envLines: string[]): Promise<{ code: unknown; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'local-action-'))
  const envFile = join(dir, '.env')
  writeFileSync(
    envFile,
    [
      `INPUT_API_KEY=${KEY}`,
      `INPUT_API_SECRET=${SECRET}`,
      `INPUT_BASE_URL=${desk.url}`,
      'INPUT_REQUESTER_EUID=contact_12345',
      ...envLines,
      '',
    ].join('\n'),
  )
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/@github/local-action/bin/local-action.js'), '.', 'src/main.ts', envFile],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME ?? dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const code = await new Promise((resolve) => child.on('close', resolve))
  return { code, out }
}

/** What the action printed: the lines between local-action's "Running Action" and "Action Outputs" banners. */
function actionLines(out: string): string[] {
  const lines = out.split('\n')
  const from = lines.findIndex((l) => l.includes('Running Action'))
  const to = lines.findIndex((l) => l.includes('Action Outputs'))
  return lines.slice(from + 2, to - 1).filter((l) => l.trim() !== '')
}

it('npx @github/local-action . src/main.ts .env opens one ticket against the stand-in', async () => {
  const { code, out } = await localAction([
    'INPUT_TITLE=Build failed on main',
    'GITHUB_REPOSITORY=octo-org/checkout-service',
  ])
  expect(code).toBe(0)
  expect(desk.creates()).toHaveLength(1)
  expect(desk.creates()[0].body.title).toBe('Build failed on main')
  const ticketId = [...desk.tickets.keys()][0]
  expect(out).toContain(`Opened LiveDesk ticket ${ticketId}.`)
  expect(out).toMatch(new RegExp(`'ticket_id'\\s*│\\s*'${ticketId}'`))
  // failed_jobs: auto (the default) outside a workflow run: one line says why, no warning.
  expect(out).toContain(
    'failed_jobs: this step is not running in a workflow run (GITHUB_RUN_ID is not set), so there are no failed jobs to read.',
  )
  expect(actionLines(out).filter((l) => l.startsWith('::warning'))).toEqual([])
}, 90_000)

it('an invalid input: the one error line naming the input and its values, exit code 1, no stack trace of the action', async () => {
  const { code, out } = await localAction([
    'INPUT_TITLE=Build failed on main',
    'INPUT_PRIORITY=urgent',
    'GITHUB_REPOSITORY=octo-org/checkout-service',
  ])
  expect(code).toBe(1)
  expect(desk.requests).toHaveLength(0)
  // local-action echoes each output as ::set-output; the action's own words are the one error line.
  expect(actionLines(out)).toEqual([
    '::set-output name=status::failed',
    '::error title=LiveDesk ticket: invalid input::The LiveDesk ticket was not opened: priority: "urgent" is not allowed. Allowed values: high, medium, low, in any case (or leave it empty for LiveDesk\'s default, medium).',
  ])
  // local-action's bin (bin/local-action.js) reports any non-zero exit of its child itself: "Error:
  // Command failed: npm exec tsx …" with its own stack. Everything before that is the action's run.
  const [run, wrapper = ''] = out.split(/\nError: Command failed: /)
  expect(run).not.toContain('Unexpected error')
  expect(run).not.toContain('    at ')
  expect(
    wrapper.split('\n').filter((l) => l.startsWith('    at ') && !/node:|@github\/local-action\/bin\//.test(l)),
  ).toEqual([])
}, 90_000)
