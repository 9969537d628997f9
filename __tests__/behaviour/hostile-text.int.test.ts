// Text that would hang the step or break what it writes (runStep(): in-process, or the bundle with
// RUN_BUNDLE=1): any text in any input or
// template is accepted or refused within 1 s of CPU (in-process: this process's, the stand-in's included); every one-line position of the job summary stays
// one line whatever line terminator it holds, and bidi controls cannot reorder it.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runStep, type RunOptions, type RunResult } from '../../__fixtures__/step.js'
import { useLiveDesk, plainStep } from '../../__fixtures__/stand-ins.js'

const desk = useLiveDesk()

const base = (): Record<string, string> => plainStep(desk)
const run = (inputs: Record<string, string>, extra: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> =>
  runStep({ inputs: { ...base(), ...inputs }, cpu: true, timeoutMs: 20_000, ...extra })
const STACK = /^\s+at .+:\d+:\d+\)?$/m
const errors = (r: RunResult): string[] => r.visibleLog.split('\n').filter((l) => l.startsWith('::error'))

/** `size` bytes of `line(i)` repeated: hostile shapes found for the YAML parser, the fast path and mustache. */
function fill(size: number, line: (i: number) => string): string {
  let text = ''
  for (let i = 0; text.length < size; i++) text += line(i)
  return text.slice(0, size)
}
const HOSTILE: [string, (i: number) => string][] = [
  ['unclosed flow collections', () => 'a: [\n'],
  ['unclosed quotes', (i) => `k${i}: "x\n`],
  ['bare colons', () => ': : :\n'],
  ['nested dashes', () => '- - - - a\n'],
  ['tabs for indentation', (i) => `\tk${i}: v\n`],
  ['anchors and aliases', (i) => `k${i}: &a${i} *b\n`],
  ['one key again and again', () => 'a: 1\n'],
  ['many top-level flow sequences', () => `[${'a,'.repeat(50)}]\n`],
  ['a broken mix', (i) => `${['a: [', `"q${i}`, ': :', '\t- x', '{ ]', '? ? ?', '&x', '!tag x'][i % 8]}\n`],
  ['comments after values', (i) => `k${i}: v # c\n`],
  ['thousands of inner spaces', () => `a: x${' '.repeat(4000)}y\n`],
  ['brackets without end', () => '['],
]
// An input reaches the action in the environment, so at most 128 KiB; a template file can hold more.
const INPUT_BYTES = 120 * 1024

function expectBounded(result: RunResult): void {
  expect(result.cpuMs).toBeLessThan(1000)
  expect([0, 1]).toContain(result.code)
  if (result.code === 1) expect(errors(result)).toHaveLength(1)
  expect(result.visibleLog).not.toMatch(STACK)
}

describe('any text is accepted or refused within 1 s of CPU', () => {
  describe.each(['custom_fields', 'requester', 'attachments'])('as %s', (input) => {
    it.each(HOSTILE)('%s', async (_what, line) => {
      expectBounded(await run({ [input]: fill(INPUT_BYTES, line) }))
    })
  })

  describe('as a template', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
    it.each(HOSTILE)('front matter of %s (256 KiB)', async (name, line) => {
      const file = `fm-${name.replace(/\W+/g, '-')}.md`
      writeFileSync(join(workspace, file), `---\ntitle: x\n${fill(256 * 1024, line)}\n---\nbody\n`)
      expectBounded(await run({ template: file }, { workspace }))
    })

    it.each([
      ['a million tags', () => '{{github.repository}}'],
      ['unknown variables', (i: number) => `{{v${i}}}`],
      ['sections', (i: number) => `{{#s${i}}}x{{/s${i}}}`],
      ['partials', () => '{{> p}}'],
      ['an unclosed tag', () => '{{'],
      ['delimiter changes', () => '{{=<% %>=}}<%={{ }}=%>'],
    ])('a 1 MiB body of %s', async (name, line) => {
      const file = `body-${name.replace(/\W+/g, '-')}.md`
      writeFileSync(join(workspace, file), `---\ntitle: x\n---\n${fill(1024 * 1024 - 30, line)}`)
      const result = await run({ template: file }, { workspace })
      expectBounded(result)
    })

    it('sections nested 50,000 deep are refused by the tag limit', async () => {
      writeFileSync(
        join(workspace, 'deep.md'),
        `---\ntitle: x\n---\n${'{{#a}}'.repeat(50_000)}${'{{/a}}'.repeat(50_000)}`,
      )
      const result = await run({ template: 'deep.md' }, { workspace })
      expectBounded(result)
      expect(errors(result)[0]).toContain('has more than 10000 {{ tags; that is the limit.')
    })
  })

  it('a description of half a million backtick runs: the dry run and a failure summary still fence it', async () => {
    const description = '` '.repeat(60_000)
    const dry = await run({ description, dry_run: 'true' })
    expectBounded(dry)
    expect(dry.code).toBe(0)
    expect(dry.summary).toContain('dry run, nothing sent')
    const workspace = mkdtempSync(join(tmpdir(), 'livedesk-ws-'))
    writeFileSync(join(workspace, 'ticks.log'), '` '.repeat(512 * 1024))
    desk.overrides.push((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 3002, message: 'Invalid parameters' }))
    })
    const failed = await run({ description_file: 'ticks.log' }, { workspace })
    expectBounded(failed)
    expect(failed.summary).toContain('### LiveDesk ticket NOT opened')
    expect(failed.summary).toMatch(/^```markdown$/m)
  })

  it.each([
    ['a million "<"', '<'.repeat(1_000_000)],
    ['script tags that never close', '<script>'.repeat(120_000)],
    ['a million control characters', '\u0001'.repeat(1_000_000)],
  ])('a LiveDesk error page of %s is summed up in a short excerpt', async (_what, body) => {
    desk.overrides.push((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/html' })
      res.end(body)
    })
    const result = await run({})
    expectBounded(result)
    expect(result.code).toBe(1)
    expect(errors(result)[0].length).toBeLessThan(1200)
  })

  it('a LiveDesk error message of a million "<" in the envelope, too', async () => {
    desk.overrides.push((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 3003, message: '<'.repeat(1_000_000) }))
    })
    const result = await run({})
    expectBounded(result)
    expect(errors(result)[0].length).toBeLessThan(1200)
  })
})

describe('one-line positions of the job summary stay one line, and bidi controls cannot reorder them', () => {
  const TERMINATORS: [string, string][] = [
    ['a lone CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
    ['a form feed', '\f'],
    ['a vertical tab', '\v'],
    ['NEL (U+0085)', '\u0085'],
  ]
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
  const BREAKS = /[\r\n\u2028\u2029\f\v\u0085]/

  /** The summary's lines outside fenced blocks (those may hold anything but bidi controls). */
  function oneLinePositions(summary: string): string[] {
    const out: string[] = []
    let fence = ''
    for (const line of summary.split('\n')) {
      const m = /^(`{3,})/.exec(line)
      if (m && (fence === '' || m[1] === fence)) fence = fence === '' ? m[1] : ''
      else if (fence === '') out.push(line)
    }
    return out
  }

  function expectTablesWhole(summary: string, rows: number): void {
    expect(summary).not.toMatch(BIDI)
    const lines = oneLinePositions(summary)
    for (const line of lines) expect(line).not.toMatch(BREAKS)
    const table = lines.filter((l) => l.startsWith('| **'))
    expect(table).toHaveLength(rows)
    for (const row of table) expect(row).toMatch(/^\| \*\*\w+\*\* \| .* \|$/)
  }

  it.each(TERMINATORS)('%s in the title and the team of an opened ticket', async (_what, t) => {
    const result = await run({
      title: `Deploy${t}# Heading${t}![img](https://evil.example/x.png) \u202Edesrever`,
      assignment_team: `Ops${t}| x | y |`,
    })
    expect(result.code).toBe(0)
    // The ticket gets the text as given; the summary shows it on one line.
    expect(desk.creates()[0].body.title).toContain('\u202E')
    expectTablesWhole(result.summary, 6)
    // Shown as text: the code point in place of the control, the image syntax escaped.
    expect(result.summary).toContain('\\[U+202E\\]desrever')
    expect(result.summary).toContain('\\!\\[img\\]')
  })

  it.each(TERMINATORS)('%s in the reason and the title of a failure', async (_what, t) => {
    desk.overrides.push((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 3003, message: `team does not exist${t}### forged heading \u202Edesrever` }))
    })
    const result = await run({ title: `Deploy${t}failed \u2066x\u2069`, custom_fields: `note: "a\\u202Eb"` })
    expect(result.code).toBe(1)
    expectTablesWhole(result.summary, 4)
    const reason = oneLinePositions(result.summary).find((l) => l.startsWith('**Reason:**')) ?? ''
    expect(reason).toContain('forged heading')
  })

  it.each(TERMINATORS)('%s in an invalid input shown back in the summary', async (_what, t) => {
    const result = await run({ priority: `urgent${t}## forged \u202Ex` })
    expect(result.code).toBe(1)
    expect(result.summary).not.toMatch(BIDI)
    for (const line of oneLinePositions(result.summary)) expect(line).not.toMatch(BREAKS)
  })

  it('a dry run shows bidi controls as escapes in the request it prints, the same JSON', async () => {
    const result = await run({ title: 'a\u202Eb', dry_run: 'true' })
    expect(result.summary).not.toMatch(BIDI)
    expect(result.summary).toContain('"title": "a\\u202eb"')
    expect(result.visibleLog).not.toMatch(BIDI)
  })
})
