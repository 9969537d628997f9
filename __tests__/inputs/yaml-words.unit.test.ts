// YAML mistakes in custom_fields, requester and a template's front matter, said in the words of
// someone who writes `key: value` lines, on the line of the mistake (the YAML library reports an
// indented line as a problem of the line before it).
import { describe, expect, it } from '@jest/globals'
import { InputProblem } from '../../src/inputs/problems.js'
import { parseStructured } from '../../src/inputs/structured-input.js'
import { rejection } from '../../__fixtures__/rejection.js'

const problemOf = async (text: string): Promise<string> =>
  (await rejection(parseStructured('custom_fields', text), InputProblem)).message

describe('YAML mistakes, in the words of key: value lines', () => {
  it.each([
    [
      'a slip of the space bar on line 2',
      'service: checkout\n team: platform',
      'custom_fields: line 2: "team: platform" is indented, but the line before it, "service: checkout", holds a value, not a nested mapping: start it in the same column as that line.',
    ],
    [
      'two spaces on line 3',
      'service: checkout\nowner: ops\n  team: platform',
      'custom_fields: line 3: "team: platform" is indented, but the line before it, "owner: ops", holds a value, not a nested mapping: start it in the same column as that line.',
    ],
    [
      'a value holding ": "',
      'note: see: the runbook',
      'custom_fields: line 1: "note: see: the runbook": a value that holds ": " must be in quotes, such as key: "a: b".',
    ],
    [
      'a line without its colon',
      'service: checkout\nteam platform\nowner: ops',
      'custom_fields: line 2: "team platform" is no "key: value" pair: write a colon and a space after the key.',
    ],
    [
      'a tab',
      'service: checkout\n\tteam: platform',
      'custom_fields: line 2: "team: platform" is indented with a tab; indent with spaces.',
    ],
    ['a quote never closed', 'service: "checkout\nteam: platform', 'custom_fields: line 2: Missing closing "quote.'],
    [
      'an indented line after a blank one',
      'service: checkout\n\n  team: platform',
      'custom_fields: line 3: "team: platform" is indented, but the line before it, "service: checkout", holds a value, not a nested mapping: start it in the same column as that line.',
    ],
    [
      'a value holding ": ", then an indented line: the first mistake is named',
      'note: see: runbook\n  team: platform',
      'custom_fields: line 1: "note: see: runbook": a value that holds ": " must be in quotes, such as key: "a: b".',
    ],
    [
      "a list never closed: the library's words, on the line it names",
      'ports: [80, 443\n  team: platform',
      'custom_fields: line 1: Implicit keys of flow sequence pairs need to be on a single line.',
    ],
    [
      'a URL value, then an indented line',
      'url: https://desk.example:8443/x\n other: 2',
      'custom_fields: line 2: "other: 2" is indented, but the line before it, "url: https://desk.example:8443/x", holds a value, not a nested mapping: start it in the same column as that line.',
    ],
    [
      'an indented line under a nested value',
      'owner:\n  team: platform\n    lead: ana',
      'custom_fields: line 3: "lead: ana" is indented, but the line before it, "team: platform", holds a value, not a nested mapping: start it in the same column as that line.',
    ],
    [
      'two spaces after the colon, then an indented line',
      'service:  checkout\n team: platform',
      'custom_fields: line 2: "team: platform" is indented, but the line before it, "service:  checkout", holds a value, not a nested mapping: start it in the same column as that line.',
    ],
    [
      'a value ending in a colon, then an indented line: the value is named',
      'note: see:\n  team: platform',
      'custom_fields: line 1: "note: see:": a value that holds ": " must be in quotes, such as key: "a: b".',
    ],
    [
      'an explicit key left empty',
      'service: checkout\n? \n: ops',
      'custom_fields: line 2: keys must be 1 to 256 characters long.',
    ],
    ['a list as a key', 'service: checkout\n? [a, b]\n: ops', 'custom_fields: line 2: keys must be plain text.'],
  ])('%s', async (_what, text, expected) => {
    expect(await problemOf(text)).toBe(expected)
  })

  // The library blames the line of a value that starts with "? " whatever follows; only an indented
  // line after it is the next line's mistake.
  it.each([
    ['a line in the same column', 'status: ? unknown\nowner: ops'],
    ['a line of spaces', 'status: ? unknown\n  '],
  ])('a value starting with "? ", then %s: the value\'s line is named', async (_what, text) => {
    expect(await problemOf(text)).toMatch(/^custom_fields: line 1: "status: \? unknown"/)
  })

  it('a key written null or ~ is the field of that name; a value so written is empty text', async () => {
    expect(await parseStructured('custom_fields', 'null: a\n~: b\nNULL: c\nowner: Null\nbackup: ~\nnote:')).toEqual({
      null: 'a',
      '~': 'b',
      NULL: 'c',
      owner: '',
      backup: '',
      note: '',
    })
    expect(await problemOf(': orphan')).toBe('custom_fields: line 1: keys must be 1 to 256 characters long.')
  })

  it('a nested mapping where one is allowed still parses (the requester)', async () => {
    expect(await parseStructured('requester', 'channel_contacts:\n  channel_id: web\n  contact_id: c_1')).toEqual({
      channel_contacts: { channel_id: 'web', contact_id: 'c_1' },
    })
  })
})
