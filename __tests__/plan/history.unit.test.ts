// A ticket's history of the same failure: entries newest last, the first description untouched,
// the oldest entries giving way first within 1 MiB, with a note that says how many.
import { describe, expect, it } from '@jest/globals'
import { HISTORY_HEADING, lastIsRecovery, readHistory, withHistoryEntry } from '../../src/plan/history.js'
import { fitDescription, TRUNCATION_MARKER } from '../../src/livedesk/ticket.js'

const entry = (n: number): string => `- **Failed again** on 2026-11-${String(n).padStart(2, '0')} 10:00 UTC in run ${n}`

describe('withHistoryEntry', () => {
  it('adds a history under the first description, then entries newest last', () => {
    const once = withHistoryEntry('The build failed.', entry(1))
    expect(once).toBe(`The build failed.\n\n---\n${HISTORY_HEADING}\n\n${entry(1)}`)
    const twice = withHistoryEntry(once, entry(2))
    expect(readHistory(twice)).toEqual({ head: 'The build failed.', entries: [entry(1), entry(2)], removed: 0 })
  })

  it('within the limit, the oldest entries give way first, the note counts them, the first description stays whole', () => {
    const head = `First occurrence ${'x'.repeat(500)}`
    let text = head
    for (let n = 1; n <= 30; n++) text = withHistoryEntry(text, entry(n), 1200)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1200)
    const history = readHistory(text)
    expect(history.head).toBe(head)
    expect(history.entries.at(-1)).toBe(entry(30))
    expect(history.removed + history.entries.length).toBe(30)
    expect(text).toContain(`_${history.removed} older entries were removed to stay within 1 MiB._`)
  })

  it('a first description the action already cut is cut again before its note, never inside it: one note', () => {
    // A description cut before its failed-jobs section (plan/ticket-request withSection), then a short
    // section: the cut the entry needs falls inside the first note.
    const first = `${fitDescription('z'.repeat(5000), 900)}\n\n### Failed jobs`
    const text = withHistoryEntry(first, entry(1), 1000)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000)
    // One note, whole: never "**[" of a note cut in half before it.
    expect(text.match(/\*\*\[/g)).toHaveLength(1)
    expect(text.split(TRUNCATION_MARKER)).toHaveLength(2)
    expect(readHistory(text).head.endsWith(TRUNCATION_MARKER)).toBe(true)
  })

  it('thousands of entries beside a first description that fills the limit: within a second, the newest kept', () => {
    const entries = Array.from({ length: 4000 }, (_, i) => entry((i % 28) + 1)).join('\n')
    const big = `${'h'.repeat(700 * 1024)}\n\n---\n${HISTORY_HEADING}\n\n${entries}`
    const started = performance.now()
    const text = withHistoryEntry(big.replace('h'.repeat(700 * 1024), 'h'.repeat(1000 * 1024)), 'NEWEST')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024 * 1024)
    expect(readHistory(text).entries.at(-1)).toBe('NEWEST')
  })

  it('the first description gives way (with its visible note) only when it alone nearly fills the limit', () => {
    const text = withHistoryEntry('y'.repeat(1000), entry(1), 900)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(900)
    expect(text).toContain('[Description cut at 1 MiB')
    expect(text.endsWith(entry(1))).toBe(true)
  })

  it("a desk agent's edits before the history are kept; only the last history heading counts", () => {
    const edited = `Notes by the desk\n\n### ${HISTORY_HEADING.slice(4)}\n\nquoted\n\n${withHistoryEntry('Original', entry(1))}`
    const history = readHistory(withHistoryEntry(edited, entry(2)))
    expect(history.entries).toEqual([entry(1), entry(2)])
    expect(history.head).toContain('Notes by the desk')
  })
})

describe('lastIsRecovery', () => {
  it('is true only when the newest entry is a recovery', () => {
    const failed = withHistoryEntry('x', entry(1))
    expect(lastIsRecovery(readHistory(failed))).toBe(false)
    const recovered = withHistoryEntry(failed, '- **Recovered** on 2026-11-02 10:00 UTC in run 2')
    expect(lastIsRecovery(readHistory(recovered))).toBe(true)
    expect(lastIsRecovery(readHistory(withHistoryEntry(recovered, entry(3))))).toBe(false)
  })
})

describe("the desk's own lines", () => {
  it('a note a desk agent wrote under the history heading survives the next entry', () => {
    const once = withHistoryEntry('Original', entry(1))
    const noted = `${once}\nChecked with the infra team, waiting for a fix.`
    const twice = withHistoryEntry(noted, entry(2))
    expect(twice).toContain('Checked with the infra team, waiting for a fix.')
    expect(twice.endsWith(entry(2))).toBe(true)
  })
})
