// GitHub's local runner, @github/local-action, runs src/main.ts's run() as the README's Development
// section says: importing main.ts must open nothing, run() (no arguments) opens one ticket.
import { expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../scripts/run-action.mjs'
import { KEY, SECRET, useLiveDesk } from '../__fixtures__/stand-ins.js'

const desk = useLiveDesk()

it('npx @github/local-action . src/main.ts .env opens one ticket against the stand-in', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'local-action-'))
  const envFile = join(dir, '.env')
  writeFileSync(
    envFile,
    [
      `INPUT_API_KEY=${KEY}`,
      `INPUT_API_SECRET=${SECRET}`,
      `INPUT_BASE_URL=${desk.url}`,
      'INPUT_TITLE=Build failed on main',
      'INPUT_REQUESTER_EUID=contact_12345',
      'INPUT_FAILED_JOBS=false',
      'GITHUB_REPOSITORY=octo-org/checkout-service',
      '',
    ].join('\n'),
  )
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/@github/local-action/bin/local-action.js'), '.', 'src/main.ts', envFile], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const code = await new Promise((resolve) => child.on('close', resolve))
  expect(code).toBe(0)
  expect(desk.creates()).toHaveLength(1)
  expect(desk.creates()[0].body.title).toBe('Build failed on main')
  const ticketId = [...desk.tickets.keys()][0]
  expect(out).toContain(`Opened LiveDesk ticket ${ticketId}.`)
  expect(out).toMatch(new RegExp(`'ticket_id'\\s*│\\s*'${ticketId}'`))
}, 90_000)
