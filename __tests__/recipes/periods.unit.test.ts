// The period variables a chore's title and template can use, on fixed dates: the ISO week's edges
// (a year's first and last days), quarters, and a title that names other variables.
import { describe, expect, it } from '@jest/globals'
import { periodsOf, withPeriods } from '../../src/recipes/periods.js'

describe('periodsOf', () => {
  it.each([
    [
      '2026-12-07T09:00:00Z',
      { date: '2026-12-07', week: '2026-W50', month: '2026-12', quarter: '2026-Q4', year: '2026' },
    ],
    // A Thursday decides: 2026 has 53 weeks, and its last days and 2027's first three are its week 53.
    ['2026-12-31T23:59:59Z', { week: '2026-W53', month: '2026-12', quarter: '2026-Q4', year: '2026' }],
    ['2027-01-01T00:00:00Z', { week: '2026-W53', month: '2027-01', quarter: '2027-Q1', year: '2027' }],
    ['2027-01-04T00:00:00Z', { week: '2027-W01' }],
    // 2024-12-30 is a Monday of the week that holds 2025's first Thursday.
    ['2024-12-30T12:00:00Z', { week: '2025-W01', year: '2024' }],
    ['2026-01-01T00:00:00Z', { week: '2026-W01', quarter: '2026-Q1' }],
    ['2026-03-31T23:00:00Z', { quarter: '2026-Q1' }],
    ['2026-04-01T00:00:00Z', { quarter: '2026-Q2' }],
    ['2026-07-01T00:00:00Z', { quarter: '2026-Q3', week: '2026-W27' }],
  ])('%s', (at, expected) => {
    expect(periodsOf(new Date(at))).toMatchObject(expected)
  })

  it('is UTC: 23:30 on 31 March in New York is already April (Q2) in UTC', () => {
    expect(periodsOf(new Date('2026-03-31T23:30:00-04:00'))).toMatchObject({ date: '2026-04-01', quarter: '2026-Q2' })
  })
})

describe('withPeriods', () => {
  const now = new Date('2026-12-07T09:00:00Z')

  it('fills the period variables, with or without spaces, and leaves every other tag as written', () => {
    expect(withPeriods('Access review {{ month }} ({{quarter}}, {{ year }}) week {{week}} from {{ date }}', now)).toBe(
      'Access review 2026-12 (2026-Q4, 2026) week 2026-W50 from 2026-12-07',
    )
    expect(withPeriods('{{ env.SECRET }} {{ github.repository }} {{#x}}{{/x}} {{ weekly }}', now)).toBe(
      '{{ env.SECRET }} {{ github.repository }} {{#x}}{{/x}} {{ weekly }}',
    )
  })
})
