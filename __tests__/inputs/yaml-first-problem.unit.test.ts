// The first YAML mistake is the one named, on its own line, also when a second document ("---")
// follows it; and block nesting deep enough to exhaust the library's stack is named as nesting,
// not as the library's "Maximum call stack size exceeded".
import { describe, expect, it } from '@jest/globals'
import { InputProblem } from '../../src/inputs/problems.js'
import { parseStructured } from '../../src/inputs/structured-input.js'
import { rejection } from '../../__fixtures__/rejection.js'

const problemOf = async (text: string): Promise<string> =>
  (await rejection(parseStructured('custom_fields', text), InputProblem)).message

describe('the first YAML mistake, before a second document', () => {
  it.each([
    [
      'a slip of the space bar on line 2, a "---" on line 3',
      'service: checkout\n team: platform\n---\nowner: ops',
      'custom_fields: line 2: "team: platform" is indented, but the line before it, "service: checkout", holds a value, not a nested mapping: start it in the same column as that line.',
    ],
    [
      'a reserved character on line 1, a "---" on line 2',
      'service: @checkout\n---\nowner: ops',
      'custom_fields: line 1: Plain value cannot start with reserved character @.',
    ],
    [
      'no mistake before the "---": the second document is named',
      'service: checkout\n---\nowner: ops',
      'custom_fields: line 2: Source contains multiple documents.',
    ],
  ])('%s', async (_what, text, expected) => {
    expect(await problemOf(text)).toBe(expected)
  })
})

describe('block nesting deeper than the library can compose', () => {
  it('is named as nesting, within a second', async () => {
    const started = Date.now()
    expect(await problemOf(`${'- '.repeat(16_000)}x`)).toBe('custom_fields: is nested deeper than 8 levels.')
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
