// What custom_fields, requester and front matter read as, and what they refuse: the limits on size,
// keys and nesting, and the plain `key: value` lines and JSON read without the YAML library.
import { describe, expect, it } from '@jest/globals'
import { InputProblem } from '../../src/inputs/problems.js'
import { LIMITS, parseStructured, toTextMap, type Plain } from '../../src/inputs/structured-input.js'

const longestKey = 'k'.repeat(LIMITS.keyLength)

describe('parseStructured: what the text reads as', () => {
  it.each<[string, string, Plain | undefined]>([
    ['only spaces and line breaks: nothing', ' \n  ', undefined],
    ['only a comment: empty', '# no fields yet', ''],
    ['a key as long as allowed', `${longestKey}: x`, { [longestKey]: 'x' }],
    [
      'a list of lists, each shallow',
      'a: [[1], [2], [3], [4], [5], [6], [7], [8], [9]]',
      { a: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [String(n)]) },
    ],
  ])('%s', async (_what, text, value) => {
    expect(await parseStructured('custom_fields', text)).toEqual(value)
  })

  it.each([
    [
      'a key one character too long',
      `${longestKey}k: x`,
      'custom_fields: line 1: keys must be 1 to 256 characters long.',
    ],
    [
      'block lists nested 10 deep',
      '- - - - - - - - - - x',
      'custom_fields: [0][0][0][0][0][0][0][0][0] is nested deeper than 8 levels.',
    ],
    [
      'flow lists 9 deep after closed ones',
      '{a: [1], b: [2], c: [3], d: [[[[[[[[x]]]]]]]]}',
      'custom_fields: is nested deeper than 8 levels.',
    ],
  ])('refuses %s', async (_what, text, problem) => {
    await expect(parseStructured('custom_fields', text)).rejects.toThrow(new InputProblem(problem))
  })
})

describe('text longer than the YAML library reads', () => {
  const keys = Array.from({ length: 4000 }, (_, i) => `field_${i}`)
  const fields = Object.fromEntries(keys.map((k) => [k, `value ${k}`]))
  it.each([
    ['"key: value" lines with blank lines between', keys.map((k) => `${k}: value ${k}`).join('\n\n   \n')],
    ['"key:  value" lines (two spaces)', keys.map((k) => `${k}:  value ${k}`).join('\n')],
    ['"key:  \\"value\\"" lines (two spaces)', keys.map((k) => `${k}:  "value ${k}"`).join('\n')],
    ['a JSON object after a line break', `\n ${JSON.stringify(fields)}`],
  ])('is read when it is %s', async (_what, text) => {
    expect(Buffer.byteLength(text)).toBeGreaterThan(LIMITS.yamlBytes)
    expect(await parseStructured('custom_fields', text)).toEqual(fields)
  })

  it('is read up to the size cap, exactly', async () => {
    const text = `a: "${'x'.repeat(LIMITS.textBytes - 5)}"`
    expect(Buffer.byteLength(text)).toBe(LIMITS.textBytes)
    expect(await parseStructured('custom_fields', text)).toEqual({ a: 'x'.repeat(LIMITS.textBytes - 5) })
  })

  // A mapping of n keys is 2n + 1 values (the mapping, each key, each value).
  const most = Math.floor((LIMITS.nodes - 1) / 2)
  const shortKey = (i: number) => i.toString(36).padStart(3, '0')
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${shortKey(i)}: v`).join('\n')
  const json = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [shortKey(i), ''])))
  it.each([
    ['"key: value" lines', lines],
    ['a JSON object', json],
  ])('as %s: as many keys as values allowed are read, one more is refused', async (_what, text) => {
    expect(Object.keys((await parseStructured('custom_fields', text(most))) as object)).toHaveLength(most)
    await expect(parseStructured('custom_fields', text(most + 1))).rejects.toThrow(
      /^custom_fields: is \d+ bytes of YAML; at most \d+ are read as YAML\./,
    )
  })
})

describe('toTextMap', () => {
  it.each<[string, Plain | undefined, Record<string, string>]>([
    ['nothing given', undefined, {}],
    ['only a comment (empty)', '', {}],
    ['as many keys as allowed', { a: 'x', b: 'y' }, { a: 'x', b: 'y' }],
  ])('%s', (_what, value, map) => {
    expect(toTextMap('custom_fields', value, 2)).toEqual(map)
  })

  it.each<[string, Plain, string]>([
    ['text', 'service checkout', 'custom_fields: expected a mapping of keys to values, such as "service: checkout".'],
    ['one key too many', { a: 'x', b: 'y', c: 'z' }, 'custom_fields: has 3 keys; at most 2 are allowed.'],
  ])('refuses %s', (_what, value, problem) => {
    expect(() => toTextMap('custom_fields', value, 2)).toThrow(new InputProblem(problem))
  })
})
