// The newer of two records a lookup found (memory/records-memory.ts newest): another run's, or this
// run's own earlier attempts'; `sameRun` says the ticket is this very run's (a re-run of a chore's
// period notes nothing).
import { describe, expect, it } from '@jest/globals'
import { newest } from '../../src/memory/records-memory.js'

const other = { value: 'tk_other', where: 'run 41, job "report"', order: 200 }
const own = (order: number) => ({ value: 'tk_own', where: 'run 42, attempt 1, job "report"', order })

describe('newest', () => {
  it('nothing found: nothing', () => {
    expect(newest(undefined, undefined)).toEqual({})
  })

  it("another run's record alone", () => {
    expect(newest(other, undefined)).toStrictEqual({ value: 'tk_other', where: 'run 41, job "report"' })
  })

  it("this run's own alone: the same run", () => {
    expect(newest(undefined, own(100))).toStrictEqual({
      value: 'tk_own',
      where: 'run 42, attempt 1, job "report"',
      sameRun: true,
    })
  })

  it('both: the one written later (its job id is greater); a tie goes to the other run', () => {
    expect(newest(other, own(300))).toStrictEqual({ value: 'tk_own', where: own(300).where, sameRun: true })
    expect(newest(other, own(100))).toStrictEqual({ value: 'tk_other', where: other.where })
    expect(newest(other, own(200))).toStrictEqual({ value: 'tk_other', where: other.where })
  })
})
