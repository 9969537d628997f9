// The runner adapter over @actions/core: what it adds to the toolkit (stop-commands around untrusted
// text, redaction of our secrets in the log, runner files that cannot be written as warnings) and
// what it leaves as the toolkit does it (outputs carry the real value).
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRunner } from '../../src/runner/runner.js'
import { parseOutputs } from '../../__fixtures__/run-action.mjs'

let written: string[]
let dir: string
const saved = { ...process.env }

beforeEach(() => {
  written = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  dir = mkdtempSync(join(tmpdir(), 'runner-'))
  process.env.GITHUB_OUTPUT = join(dir, 'out')
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'sum')
  writeFileSync(process.env.GITHUB_OUTPUT, '')
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '')
})

afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
})

const log = (): string => written.join('')
const outputs = (): Record<string, string> => parseOutputs(readFileSync(join(dir, 'out'), 'utf8'))

describe('inputs through the toolkit', () => {
  it('reads an input trimmed, and a boolean in any of the YAML 1.2 spellings', () => {
    process.env.INPUT_TITLE = '  Build failed  '
    process.env.INPUT_DRY_RUN = 'True'
    process.env.INPUT_FAIL_ON_ERROR = 'FALSE'
    process.env.INPUT_CONTEXT_FIELDS = 'yes'
    const runner = createRunner()
    expect(runner.getInput('title')).toBe('Build failed')
    expect(runner.getBooleanInput('dry_run')).toBe(true)
    expect(runner.getBooleanInput('fail_on_error')).toBe(false)
    expect(() => runner.getBooleanInput('context_fields')).toThrow(/YAML 1.2/)
  })
})

describe('untrusted text in the log', () => {
  it('prints plain text as it is', () => {
    createRunner().info('Opened ticket tk_1.')
    expect(log()).toBe('Opened ticket tk_1.\n')
  })

  it.each([
    '::error::forged',
    'title\n  ::add-mask::x',
    '##[set-output name=ticket_id;]evil',
    'a\r::stop-commands::abc',
  ])('wraps %j between stop-commands with a fresh token', (text) => {
    createRunner().info(text)
    const m = log().match(/^::stop-commands::([0-9a-f]{32})\n/)
    expect(m).not.toBeNull()
    expect(log()).toBe(`::stop-commands::${m?.[1]}\n${text}\n::${m?.[1]}::\n`)
  })

  it('escapes annotation text and titles as the toolkit does, so they cannot end the command', () => {
    createRunner().warning('line 1\nline 2 %0A 100%\r\n::error::not a command', 'a: b, c')
    expect(log()).toBe('::warning title=a%3A b%2C c::line 1%0Aline 2 %250A 100%25%0D%0A::error::not a command\n')
  })
})

describe('secrets', () => {
  it('redacts registered secrets in the log and the summary, longest first, but not in outputs', async () => {
    const runner = createRunner()
    runner.setSecret('abc')
    runner.setSecret('abcdef')
    written.length = 0
    runner.info('token abcdef and abc')
    runner.warning('abc', 'title abc')
    await runner.appendSummary('| abcdef |')
    runner.setOutput('x', 'tk_abc')
    expect(log()).toBe('token *** and ***\n::warning title=title ***::***\n')
    expect(readFileSync(join(dir, 'sum'), 'utf8')).toBe('| *** |\n')
    expect(outputs()).toEqual({ x: 'tk_abc' })
  })

  it('masks each line of a multi-line secret', () => {
    createRunner().setSecret('line-one\nline-two')
    expect(written).toEqual(['::add-mask::line-one%0Aline-two\n', '::add-mask::line-one\n', '::add-mask::line-two\n'])
  })
})

describe('runner files that cannot be written', () => {
  it.each([
    ['a full disk', '/dev/full'],
    ['a missing folder', '/nonexistent-folder/file'],
  ])('an output on %s is returned as trouble naming GITHUB_OUTPUT and the file, never thrown', (_what, file) => {
    process.env.GITHUB_OUTPUT = file
    const runner = createRunner()
    expect(runner.setOutput('ticket_id', 'tk_1')).toMatch(new RegExp(`^GITHUB_OUTPUT \\(${file}\\): .+`))
    // The report words it: it knows whether a ticket exists.
    expect(log()).toBe('')
  })

  // The summary's failures are tested against the bundle (core.summary keeps the first path it sees).
  it('no GITHUB_STEP_SUMMARY: nothing written, no warning', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    expect(await createRunner().appendSummary('x')).toBeUndefined()
    expect(log()).toBe('')
  })
})
