// runner.ts speaks the runner's protocol as @actions/core does; these tests hold it to core's output.
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { createRunner } from '../src/runner.js'
import { parseOutputs } from '../scripts/run-action.mjs'

function capture(): { lines: string[]; runner: ReturnType<typeof createRunner>; env: NodeJS.ProcessEnv } {
  const lines: string[] = []
  const dir = mkdtempSync(join(tmpdir(), 'runner-'))
  const env: NodeJS.ProcessEnv = { GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'sum') }
  writeFileSync(env.GITHUB_OUTPUT as string, '')
  return { lines, env, runner: createRunner({ env, write: (t) => lines.push(t) }) }
}

function coreOutput(fn: () => void): string {
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  try {
    fn()
  } finally {
    spy.mockRestore()
  }
  return written.join('')
}

afterEach(() => {
  delete process.env.GITHUB_OUTPUT
})

describe('same bytes as @actions/core', () => {
  const tricky = 'line 1\nline 2 %0A 100% done\r\n::error::not a command'
  it.each([
    ['error', (t: string) => core.error(t), (r: ReturnType<typeof createRunner>, t: string) => r.error(t)],
    ['warning', (t: string) => core.warning(t), (r: ReturnType<typeof createRunner>, t: string) => r.warning(t)],
    ['debug', (t: string) => core.debug(t), (r: ReturnType<typeof createRunner>, t: string) => r.debug(t)],
    ['setSecret', (t: string) => core.setSecret(t.split('\n')[0]), (r: ReturnType<typeof createRunner>, t: string) => r.setSecret(t.split('\n')[0])],
  ])('%s', (_name, viaCore, viaRunner) => {
    const { lines, runner } = capture()
    viaRunner(runner, tricky)
    expect(lines.join('')).toBe(coreOutput(() => viaCore(tricky)))
  })

  it('annotations with a title escape it as core does', () => {
    const { lines, runner } = capture()
    runner.error('boom', 'a: b, c')
    expect(lines.join('')).toBe(coreOutput(() => core.error('boom', { title: 'a: b, c' })))
  })

  it('outputs: a multi-line value reads back the same through the runner\'s file format', () => {
    const { runner, env } = capture()
    runner.setOutput('ticket_id', 'tk_1')
    runner.setOutput('note', 'two\nlines')
    const ours = parseOutputs(readFileSync(env.GITHUB_OUTPUT as string, 'utf8'))
    const dir = mkdtempSync(join(tmpdir(), 'core-'))
    process.env.GITHUB_OUTPUT = join(dir, 'out')
    writeFileSync(process.env.GITHUB_OUTPUT, '')
    core.setOutput('ticket_id', 'tk_1')
    core.setOutput('note', 'two\nlines')
    expect(ours).toEqual(parseOutputs(readFileSync(process.env.GITHUB_OUTPUT, 'utf8')))
    expect(ours).toEqual({ ticket_id: 'tk_1', note: 'two\nlines' })
  })
})

describe('untrusted text in the log', () => {
  it('prints plain text as it is', () => {
    const { lines, runner } = capture()
    runner.info('Opened ticket tk_1.')
    expect(lines).toEqual(['Opened ticket tk_1.\n'])
  })

  it.each([
    '::error::forged',
    'title\n  ::add-mask::x',
    '##[set-output name=ticket_id;]evil',
    'a\r::stop-commands::abc',
  ])('wraps %j between stop-commands with a fresh token', (text) => {
    const { lines, runner } = capture()
    runner.info(text)
    const out = lines.join('')
    const m = out.match(/^::stop-commands::([0-9a-f]{32})\n/)
    expect(m).not.toBeNull()
    expect(out).toBe(`::stop-commands::${m?.[1]}\n${text}\n::${m?.[1]}::\n`)
  })

  it('redacts registered secrets everywhere, longest first', () => {
    const { lines, runner, env } = capture()
    runner.setSecret('abc')
    runner.setSecret('abcdef')
    runner.info('token abcdef and abc')
    runner.appendSummary('| abcdef |')
    runner.setOutput('x', 'abc')
    expect(lines.slice(2)).toEqual(['token *** and ***\n'])
    expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8')).toBe('| *** |\n')
    expect(parseOutputs(readFileSync(env.GITHUB_OUTPUT as string, 'utf8'))).toEqual({ x: '***' })
  })

  it('masks each line of a multi-line secret', () => {
    const { lines, runner } = capture()
    runner.setSecret('line-one\nline-two')
    expect(lines).toEqual(['::add-mask::line-one%0Aline-two\n', '::add-mask::line-one\n', '::add-mask::line-two\n'])
  })
})
