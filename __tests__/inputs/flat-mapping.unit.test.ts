// The flat-mapping fast path must give exactly what the YAML path gives, or step aside.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseFlatMapping, parseStructured } from '../../src/inputs/structured-input.js'

/** The YAML path, forced: a comment line makes the fast path step aside. */
const viaYaml = (text: string) =>
  parseStructured('custom_fields', `# yaml\n${text}`).catch((e: Error) => `error: ${e.message}`)

describe('parseFlatMapping: the README custom_fields without the YAML library', () => {
  it('reads the quick-start mapping and keeps every value as written', async () => {
    const text =
      'service: checkout\nregion: eu-west\nbuild: 010\nrollback: no\nurl: https://x.example/a:b\nempty:\nnone: ~'
    expect(parseFlatMapping(text)).toEqual({
      service: 'checkout',
      region: 'eu-west',
      build: '010',
      rollback: 'no',
      url: 'https://x.example/a:b',
      empty: '',
      none: '',
    })
    expect(parseFlatMapping(text)).toEqual(await viaYaml(text))
  })

  it('reads quoted values that need no unescaping, as YAML does', async () => {
    const text = 'a: "x: y"\nb: \'null\'\nc: "  padded # not a comment  "\nd: ""'
    expect(parseFlatMapping(text)).toEqual({ a: 'x: y', b: 'null', c: '  padded # not a comment  ', d: '' })
    expect(parseFlatMapping(text)).toEqual(await viaYaml(text))
  })

  it.each([
    'a: "esc\\"aped"',
    'a: "x" # comment',
    'a: b # comment',
    '  a: b',
    'a: [1]',
    'a: b\na: c',
    '__proto__: x',
    'null: x',
    'a: -1',
    'a:\tb',
    'a: b: c',
  ])('steps aside for %j', (text) => expect(parseFlatMapping(text)).toBeUndefined())

  it('agrees with YAML on generated text whenever it answers', async () => {
    const odd = fc.constantFrom(...'abcXYZ019_.-/:# \t\'"[]{}|>*&!%@`,?~\u00e9\u4e2d\u0085\u2028\x01\x7f'.split(''))
    const safe = fc.constantFrom(...'abcXYZ019_ '.split(''))
    const word = fc
      .array(fc.oneof({ weight: 12, arbitrary: safe }, { weight: 1, arbitrary: odd }), { maxLength: 8 })
      .map((a) => a.join(''))
    const special = fc.constantFrom(
      'null',
      'Null',
      'NULL',
      'nULL',
      '~',
      'true',
      '010',
      '-1',
      '1e3',
      '.inf',
      'a: b',
      'a #c',
      'x:',
      'http://x',
      '',
      ' ',
      '__proto__',
      '<<',
      'a:b',
      '"quoted"',
      "'single'",
      '"a: b"',
      '"x # y"',
      '"null"',
      "'~'",
      "'it''s'",
      '"tab\there"',
      '"back\\\\slash"',
      '"\\u00e9"',
      '""',
      "''",
      '"  padded  "',
      '"a" # c',
      '"unclosed',
      '\'mixed"',
    )
    const value = fc.oneof(word, special)
    const key = fc.oneof(
      { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9_][a-z0-9_./-]{0,6}$/) },
      { weight: 1, arbitrary: value },
    )
    const line = fc
      .tuple(key, fc.constantFrom(': ', ': ', ': ', ':', ':  ', ' : ', ':\t'), value, fc.constantFrom('', ' ', '  '))
      .map(([k, sep, v, end]) => `${k}${sep}${v}${end}`)
    const text = fc
      .array(
        fc.oneof(
          { weight: 8, arbitrary: line },
          { weight: 1, arbitrary: fc.constantFrom('', '  ', '# c', '---', ' x: y') },
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((l) => l.join('\n'))
    let answered = 0
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const flat = parseFlatMapping(t)
        if (flat === undefined) return
        answered++
        expect(flat).toEqual(await viaYaml(t))
      }),
      { numRuns: 5000 },
    )
    expect(answered).toBeGreaterThan(200)
  })

  it('reads a JSON object of text values as YAML does, and steps aside for anything else', async () => {
    const key = fc.oneof(
      fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/),
      fc.string({ maxLength: 4 }),
      fc.constantFrom('__proto__', 'constructor', ''),
    )
    const value = fc.oneof(
      { weight: 6, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
      {
        weight: 1,
        arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([1]), fc.constant({ a: 'b' })),
      },
    )
    const pairs = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 6 })
    let answered = 0
    await fc.assert(
      fc.asyncProperty(pairs, fc.boolean(), async (list, spaced) => {
        // Written by hand, so a key may repeat: JSON.stringify of an object could not show that.
        const text = `{${list.map(([k, v]) => `${JSON.stringify(k)}:${spaced ? ' ' : ''}${JSON.stringify(v)}`).join(spaced ? ', ' : ',')}}`
        const flat = parseFlatMapping(text)
        if (flat === undefined) return
        answered++
        expect(flat).toEqual(await viaYaml(text))
      }),
      { numRuns: 3000 },
    )
    expect(answered).toBeGreaterThan(300)
  })

  it.each([
    '{"a": "x", "a": "y"}',
    '{"a": 1.50}',
    '{"a": "x", "b": {"c": "d"}}',
    '{"__proto__": "x"}',
    '{"": "x"}',
    '{}',
    '{"a": "x"',
  ])('JSON: steps aside for %s', (text) => {
    expect(parseFlatMapping(text)).toBeUndefined()
  })
})
