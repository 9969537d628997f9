// Any text in any input ends in a valid request or a named input error: never an exception, never a hang.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError, InputProblem } from '../../src/inputs/problems.js'
import { INPUT_NAMES, type InputName, type InputValues } from '../../src/inputs/read-inputs.js'
import { buildSettings } from '../../src/inputs/settings.js'
import { PRIORITIES, TICKET_TYPES, type TicketRequest } from '../../src/livedesk/ticket.js'
import { LIMITS, parseStructured, toTextMap } from '../../src/inputs/structured-input.js'
import { buildTicketRequest } from '../../src/plan/ticket-request.js'

const workspace = mkdtempSync(join(tmpdir(), 'props-'))
writeFileSync(join(workspace, 'build.log'), 'the build log')
const minimal: InputValues = { api_key: 'k', api_secret: 's', title: 'Disk full', requester_euid: 'c1' }
/** A run may take this long before it counts as a hang (the slowest legal input parses in ~50 ms). */
const HANG_MS = 2000

/** What LiveDesk accepts (the documented contract), checked on the request the action would send. */
function expectValidRequest(r: TicketRequest): void {
  expect(typeof r.title).toBe('string')
  expect(r.title.trim()).not.toBe('')
  expect(r.requester.euid !== undefined || r.requester.channel_contacts !== undefined).toBe(true)
  if (r.requester.euid !== undefined) expect(typeof r.requester.euid).toBe('string')
  if (r.requester.channel_contacts) {
    expect(typeof r.requester.channel_contacts.channel_id).toBe('string')
    expect(typeof r.requester.channel_contacts.contact_id).toBe('string')
  }
  if (r.priority !== undefined) expect(PRIORITIES).toContain(r.priority)
  if (r.ticket_type !== undefined) expect(TICKET_TYPES).toContain(r.ticket_type)
  for (const [k, v] of Object.entries(r.custom_fields ?? {})) {
    expect(k.length).toBeGreaterThan(0)
    expect(typeof v).toBe('string')
  }
  for (const a of r.attachments ?? []) expect(a.file_url).toMatch(/^https:\/\//)
  expect(() => JSON.stringify(r)).not.toThrow()
}

/** Either a request that passes the contract, or an InputError whose every line names an input. */
async function settle(values: InputValues): Promise<'request' | 'input error'> {
  const started = Date.now()
  try {
    const settings = await buildSettings(values, workspace)
    expectValidRequest(buildTicketRequest(settings, { github_repository: 'o/r' }))
    return 'request'
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    for (const p of err.problems) expect(p).toMatch(new RegExp(`^(${INPUT_NAMES.join('|')})(, [a-z_]+)*: `))
    expect(err.message).not.toMatch(/\n\s+at /)
    return 'input error'
  } finally {
    expect(Date.now() - started).toBeLessThan(HANG_MS)
  }
}

// Text as people and attackers write it: YAML punctuation, anchors, tags, keys that poison prototypes.
const yamlPiece = fc.constantFrom(
  '[',
  ']',
  '{',
  '}',
  ':',
  ': ',
  ', ',
  ' ',
  '\n',
  '\n  ',
  '- ',
  '? ',
  '&a ',
  '*a',
  '!!binary ',
  '!!str ',
  '!custom ',
  '__proto__',
  'constructor',
  'prototype',
  'key',
  'euid',
  'channel_contacts',
  'channel_id',
  'contact_id',
  'followers',
  'id',
  '"',
  "'",
  '|',
  '>-',
  '#',
  '---',
  '...',
  '%YAML 1.2\n',
  '\t',
  'ü',
  '\u0000',
  '\u2028',
  '<<: ',
  '0x10',
  '1e309',
  '~',
  'null',
  'true',
  '::error::x',
  '\\',
)
const yamlish = fc.array(yamlPiece, { maxLength: 40 }).map((parts) => parts.join(''))
const anyText = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), yamlish)

describe('any string in any input', () => {
  const names = INPUT_NAMES.filter((n) => n !== 'template' && n !== 'failed_jobs') as InputName[]

  it.each(names)('%s: a valid request or a named input error', async (name) => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        await settle({ ...minimal, [name]: text })
      }),
      { numRuns: 150 },
    )
  })

  it('several inputs at once', async () => {
    const values = fc.record(
      Object.fromEntries(names.map((n) => [n, anyText])) as Record<InputName, fc.Arbitrary<string>>,
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(values, async (v) => void (await settle({ ...minimal, ...v }))),
      { numRuns: 300 },
    )
  })
})

describe('parseStructured: a value or an InputProblem naming the input and, for YAML errors, the line', () => {
  it('never anything else, for YAML-like text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(yamlish, fc.string({ unit: 'binary', maxLength: 200 })), async (text) => {
        const started = Date.now()
        try {
          await parseStructured('custom_fields', text)
        } catch (err) {
          expect(err).toBeInstanceOf(InputProblem)
          expect((err as Error).message).toMatch(/^custom_fields: /)
          const line = (err as Error).message.match(/^custom_fields: line (\d+):/)
          if (line) expect(Number(line[1])).toBeGreaterThanOrEqual(1)
        }
        expect(Date.now() - started).toBeLessThan(HANG_MS)
      }),
      { numRuns: 500 },
    )
  })

  it('JSON objects of text come back as they went in (JSON is YAML)', async () => {
    const key = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k))
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(key, fc.string({ unit: 'grapheme', maxLength: 40 }), { maxKeys: 20 }),
        async (fields) => {
          const parsed = toTextMap(
            'custom_fields',
            await parseStructured('custom_fields', JSON.stringify(fields)),
            2000,
          )
          expect(parsed).toEqual(fields)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('caps, each with a clear error before any request', () => {
  const problemsOf = async (values: InputValues): Promise<string[]> => {
    try {
      await buildSettings({ ...minimal, ...values }, workspace)
    } catch (err) {
      if (err instanceof InputError) return err.problems
      throw err
    }
    return []
  }

  it('1,000 custom fields go through', async () => {
    const yaml = Array.from({ length: 1000 }, (_, i) => `field_${i}: "value ${i}"`).join('\n')
    const settings = await buildSettings({ ...minimal, custom_fields: yaml }, workspace)
    expect(Object.keys(settings.customFields)).toHaveLength(1000)
  })

  it('an alias bomb is refused at its first alias, quickly', async () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      )
    const started = Date.now()
    expect(await problemsOf({ custom_fields: bomb.join('\n') })).toEqual([
      'custom_fields: line 2: aliases (*a) are not allowed; write the value out.',
    ])
    expect(Date.now() - started).toBeLessThan(500)
  })

  it.each([
    ['flow nesting 30,000 deep', '['.repeat(30_000), 'custom_fields: is nested deeper than 8 levels.'],
    ['flow mappings nested 8,000 deep', '{a: '.repeat(8_000), 'custom_fields: is nested deeper than 8 levels.'],
    [
      'flow nesting 100,000 deep, more YAML than is read',
      '['.repeat(100_000),
      `custom_fields: is 100000 bytes of YAML; at most ${LIMITS.yamlBytes} are read as YAML.`,
    ],
    [
      'block nesting',
      Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' x',
      'custom_fields: k0.k1.k2.k3.k4.k5.k6.k7 is nested deeper than 8 levels.',
    ],
    [
      'more than the size cap',
      `a: "${'x'.repeat(LIMITS.textBytes)}"`,
      `custom_fields: is ${LIMITS.textBytes + 5} bytes; at most ${LIMITS.textBytes} bytes are allowed.`,
    ],
    ['__proto__', 'ok: 1\n__proto__: {polluted: yes}', 'custom_fields: line 2: the key "__proto__" is not allowed.'],
    ['constructor', '{"constructor": "x"}', 'custom_fields: line 1: the key "constructor" is not allowed.'],
    ['prototype', 'prototype: x', 'custom_fields: line 1: the key "prototype" is not allowed.'],
    [
      'a duplicate key',
      'service: a\nregion: b\nservice: c',
      'custom_fields: line 3: Map keys must be unique. "service" is given twice.',
    ],
    ['a parse error on line 3', 'service: a\nregion: b\nteam: "unterminated', 'custom_fields: line 3:'],
  ])('%s', async (_what, text, message) => {
    const started = Date.now()
    const problems = await problemsOf({ custom_fields: text })
    expect(problems).toHaveLength(1)
    expect(problems[0].startsWith(message)).toBe(true)
    expect(problems[0]).not.toMatch(/\n\s+at |Error:/)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  // The YAML library builds every error of a broken text (thousands at the 32 KiB cap); one is shown.
  it.each([
    ['quotes', '"'.repeat(LIMITS.yamlBytes)],
    ['values holding ": "', 'a: b: c\n'.repeat(LIMITS.yamlBytes / 8)],
    ['indented lines', 'k: v\n  x: y\n'.repeat(Math.floor(LIMITS.yamlBytes / 12))],
    ['list items holding ": "', '- a: b: c\n'.repeat(Math.floor(LIMITS.yamlBytes / 10))],
  ])('32 KiB of broken YAML (%s): one problem, within a second', async (_what, text) => {
    const started = Date.now()
    const problems = await problemsOf({ custom_fields: text })
    expect(problems).toEqual([expect.stringMatching(/^custom_fields: line \d+: /)])
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('the requester gets the same treatment', async () => {
    expect(await problemsOf({ requester: 'euid: &e x\nchannel_contacts: *e', requester_euid: '' })).toEqual([
      'requester: line 2: aliases (*e) are not allowed; write the value out.',
    ])
    expect(await problemsOf({ requester: 'euid: a\neuid: b', requester_euid: '' })).toEqual([
      'requester: line 2: Map keys must be unique. "euid" is given twice.',
    ])
    expect(await problemsOf({ requester: '__proto__: {euid: x}', requester_euid: '' })).toEqual([
      'requester: line 1: the key "__proto__" is not allowed.',
    ])
  })
})
