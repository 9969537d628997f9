// A signed record (memory/signed-record.ts): the line that names a scope's ticket where later runs
// read it back. It counts only when its signature checks for this repository, scope, ticket and
// place (the run, or the commit); anything else of this scope is named as forged, once a place.
import { describe, expect, it } from '@jest/globals'
import { recordSigner } from '../../src/memory/signed-record.js'

const REPO = 'octo-org/checkout-service'
const SCOPE = 'branch\nci.yml\nbuild\nmain'
const SECRET = 'sk_records_secret'
const COMMIT = 'c0ffee'.padEnd(40, '0')
const signer = recordSigner(REPO, SCOPE, SECRET)

/** What `read` finds in `texts` for `place`, and the places named forged. */
function read(texts: string[], place: { run: string } | { commit: string }, where = 'run 42, job "report"') {
  const forged: string[] = []
  return { value: signer.read(texts, place, where, forged), forged }
}

describe('recordSigner', () => {
  // Records printed by earlier versions stand in notices and check runs: they must still be found.
  it('the records of version 1 still check, for a run and for a commit', () => {
    const run =
      'livedesk-ticket-action v1 key=d2b351ea8cb507d5 ticket=tk_1 run=42 sig=6CTxRT2MZmgEEeISmNLxB1z4WfMXTG7HefkSqsdHH9Q'
    const commit = `livedesk-ticket-action v1 key=d2b351ea8cb507d5 ticket=tk_1 commit=${COMMIT} sig=rKDNMaKyTwpcXYlmGQnZ0mnU5wXXbuMfx7Hwag72u2k`
    expect(signer.line('tk_1', { run: '42' })).toBe(run)
    expect(signer.line('tk_1', { commit: COMMIT })).toBe(commit)
    expect(read([`LiveDesk ticket tk_1 opened.\n${run}`], { run: '42' })).toEqual({ value: 'tk_1', forged: [] })
    expect(read([`<!-- ${commit} -->`], { commit: COMMIT })).toEqual({ value: 'tk_1', forged: [] })
  })

  it('a commit of a SHA-256 repository (64 hex digits)', () => {
    const long = 'ab'.repeat(32)
    expect(read([signer.line('tk_9', { commit: long })], { commit: long }).value).toBe('tk_9')
  })

  it('the newest record wins: the last text, the last record in it', () => {
    const [one, two, three] = ['tk_1', 'tk_2', 'tk_3'].map((t) => signer.line(t, { run: '42' }))
    expect(read([one, `${two}\n${three}`], { run: '42' }).value).toBe('tk_3')
    expect(read([`${two}\n${three}`, one], { run: '42' }).value).toBe('tk_1')
  })

  it('a record written for another run or commit does not check there, even with its place rewritten', () => {
    const line = signer.line('tk_1', { run: '42' })
    expect(read([line], { run: '43' })).toEqual({ value: undefined, forged: ['run 42, job "report"'] })
    expect(read([line.replace('run=42', 'run=43')], { run: '43' }).value).toBeUndefined()
    const onCommit = signer.line('tk_1', { commit: COMMIT })
    const other = 'd'.repeat(40)
    expect(read([onCommit], { commit: other }).value).toBeUndefined()
    expect(read([onCommit.replace(COMMIT, other)], { commit: other }).value).toBeUndefined()
    // A run's record is no commit's, and a commit's no run's.
    expect(read([line], { commit: COMMIT }).value).toBeUndefined()
    expect(read([onCommit], { run: '42' }).value).toBeUndefined()
  })

  it('signed with another api_secret, for another repository or ticket: forged, named once; an older good one still found', () => {
    const good = signer.line('tk_1', { run: '42' })
    const otherSecret = recordSigner(REPO, SCOPE, 'sk_mallory').line('tk_evil', { run: '42' })
    const otherRepo = recordSigner('mallory/fork', SCOPE, SECRET).line('tk_evil', { run: '42' })
    const swapped = good.replace('ticket=tk_1', 'ticket=tk_2')
    expect(read([good, `${otherSecret}\n${otherRepo}\n${swapped}`], { run: '42' })).toEqual({
      value: 'tk_1',
      forged: ['run 42, job "report"'],
    })
  })

  it("another scope's records are none of this scope's business: neither found nor forged", () => {
    const other = recordSigner(REPO, 'branch\nci.yml\nbuild\ndev', SECRET).line('tk_dev', { run: '42' })
    expect(read([other], { run: '42' })).toEqual({ value: undefined, forged: [] })
  })

  it('a ticket id that is no usable id, even signed, is not used', () => {
    expect(read([signer.line('../tk', { run: '42' })], { run: '42' })).toEqual({
      value: undefined,
      forged: ['run 42, job "report"'],
    })
  })
})
