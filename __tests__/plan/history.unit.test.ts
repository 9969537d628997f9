// A ticket's history of the same failure: entries newest last, the first description untouched,
// the oldest entries giving way first within 1 MiB, with a note that says how many.
import { describe, expect, it } from '@jest/globals'
import type { GitHubContext } from '../../src/github/context.js'
import {
  dueAgainEntry,
  failedAgainEntry,
  HISTORY_HEADING,
  lastIsRecovery,
  readHistory,
  recoveredEntry,
  withHistoryEntry,
} from '../../src/plan/history.js'
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

describe('as few entries give way as the limit needs', () => {
  // Entries of 100 bytes: dropping one always makes room for the note that says so.
  const long = (n: number): string => `${entry(n)} ${'x'.repeat(100 - entry(n).length - 1)}`
  const removedNote = (n: number): string =>
    n === 0 ? '' : `_${n} older entr${n === 1 ? 'y was' : 'ies were'} removed to stay within 1 MiB._\n\n`
  /** A ticket's description as the desk shows it: the first description, the history heading, its note, its entries. */
  const ticket = (head: string, removed: number, ...entries: string[]): string =>
    `${head}${head ? '\n\n' : ''}---\n${HISTORY_HEADING}\n\n${removedNote(removed)}${entries.join('\n')}`
  const bytes = (text: string): number => Buffer.byteLength(text)

  it('every entry kept at exactly the limit; one byte less, the oldest gives way, with a note', () => {
    const head = 'The build failed.'
    const before = ticket(head, 0, long(1), long(2))
    const all = ticket(head, 0, long(1), long(2), long(3))
    expect(withHistoryEntry(before, long(3), bytes(all))).toBe(all)
    const one = ticket(head, 1, long(2), long(3))
    expect(bytes(one)).toBeLessThan(bytes(all))
    expect(withHistoryEntry(before, long(3), bytes(all) - 1)).toBe(one)
    expect(withHistoryEntry(before, long(3), bytes(one))).toBe(one)
    expect(withHistoryEntry(before, long(3), bytes(one) - 1)).toBe(ticket(head, 2, long(3)))
  })

  it('a first history: no note, the entry under the heading', () => {
    expect(withHistoryEntry('', entry(1))).toBe(`---\n${HISTORY_HEADING}\n\n${entry(1)}`)
  })

  it('the notes count on: one removed earlier and one now make two', () => {
    const text = withHistoryEntry(ticket('H', 1, long(2), long(3)), long(4), bytes(ticket('H', 2, long(3), long(4))))
    expect(text).toBe(ticket('H', 2, long(3), long(4)))
    expect(readHistory(text).removed).toBe(2)
  })

  it('the first description gives way by exactly what the newest entry needs', () => {
    const text = withHistoryEntry('y'.repeat(1000), long(1), 900)
    expect(bytes(text)).toBe(900)
    expect(text.endsWith(`${TRUNCATION_MARKER}\n\n---\n${HISTORY_HEADING}\n\n${long(1)}`)).toBe(true)
  })
})

describe('readHistory', () => {
  it("a note or a blank line with the desk's spaces around it is still a note, or nothing", () => {
    const text = `First.\n\n---\n${HISTORY_HEADING}\n\n_3 older entries were removed to stay within 1 MiB._  \n   \n${entry(4)}`
    expect(readHistory(text)).toEqual({ head: 'First.', entries: [entry(4)], removed: 3 })
  })

  it("a desk's line that quotes the note, or adds to it, is a line of its own, not the note", () => {
    const quoted = '> _3 older entries were removed to stay within 1 MiB._'
    const added = '_3 older entries were removed to stay within 1 MiB._ (by the action)'
    const text = `First.\n\n---\n${HISTORY_HEADING}\n\n${quoted}\n${added}\n${entry(4)}`
    expect(readHistory(text)).toEqual({ head: 'First.', entries: [quoted, added, entry(4)], removed: 0 })
  })

  it('a history that opens the description (no first description, no rule) is read as one', () => {
    expect(readHistory(`\n${HISTORY_HEADING}\n\n${entry(1)}`)).toEqual({ head: '', entries: [entry(1)], removed: 0 })
  })
})

describe('lastIsRecovery, among the desk lines', () => {
  const recovered = '- **Recovered** on 2026-11-02 10:00 UTC in run 2'
  it("the newest entry is a recovery even with a desk's note after it", () => {
    expect(lastIsRecovery({ head: '', entries: [entry(1), recovered, 'Thanks, closing soon.'], removed: 0 })).toBe(true)
  })

  it("a desk's bullet that mentions a recovery is no recovery", () => {
    const bullet = `- the line above, ${recovered}, was early: it failed again`
    expect(lastIsRecovery({ head: '', entries: [recovered, bullet], removed: 0 })).toBe(false)
    expect(lastIsRecovery({ head: '', entries: [], removed: 0 })).toBe(false)
  })
})

describe('the entries', () => {
  const at = new Date('2026-11-25T10:42:31Z')
  const reported = { runId: '77', runAttempt: '', runUrl: '' }
  const local = { reported } as GitHubContext
  const linked = { reported: { runId: '77', runAttempt: '3', runUrl: 'https://github.com/o/r/actions/runs/77' } }

  it('name the run, linked when it has a link, with its attempt when known', () => {
    expect(failedAgainEntry(local, undefined, at)).toBe('- **Failed again** on 2026-11-25 10:42 UTC in run 77')
    expect(recoveredEntry(linked as GitHubContext, at)).toBe(
      '- **Recovered** on 2026-11-25 10:42 UTC in [run 77, attempt 3](https://github.com/o/r/actions/runs/77)',
    )
    expect(dueAgainEntry(local, 4, at)).toBe(
      '- **Due again** on 2026-11-25 (run 77): this ticket now covers 4 periods.',
    )
  })

  it('a failure names its failed jobs on one line, as text', () => {
    expect(failedAgainEntry(local, 'build: Run tests\nlint: *eslint*', at)).toBe(
      '- **Failed again** on 2026-11-25 10:42 UTC in run 77: build: Run tests lint: \\*eslint\\*',
    )
  })
})
