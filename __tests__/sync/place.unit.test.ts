// Where the sync is in the list of mirrored issues, and where the next run goes on.
import { describe, expect, it } from '@jest/globals'
import type { ListedIssue } from '../../src/github/shapes.js'
import { ISSUES_PER_RUN } from '../../src/sync/budget.js'
import { nextPlace, sortListed, takeIssues, type Page } from '../../src/sync/place.js'

const at = (second: number): string =>
  new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString().replace(/\.\d{3}Z$/, 'Z')
const issue = (number: number, second: number, extra: Partial<ListedIssue> = {}): ListedIssue => ({
  number,
  title: `#${number}`,
  state: 'open',
  updated_at: at(second),
  ...extra,
})
const emptyPage = (): Page => ({ issues: [], last: false, beyond: [] })

describe('sortListed', () => {
  it('after the place: issues updated in its second are told apart by number; pull requests and repeats left out; later ones beyond the round', () => {
    const page = emptyPage()
    const seen = new Set<number>()
    const place = { since: at(10), after: 5, until: at(20) }
    sortListed(
      [
        issue(4, 10),
        issue(5, 10),
        issue(6, 10),
        issue(7, 11, { pull_request: {} }),
        // A later second, a lower number: after the place; GitHub's null pull_request: an issue.
        issue(2, 11, { pull_request: null }),
        issue(8, 12),
        issue(9, 21),
        issue(3, 9),
      ],
      place,
      place.until,
      page,
      seen,
    )
    sortListed([issue(8, 12)], place, place.until, page, seen)
    expect(page.issues.map((i) => i.number)).toEqual([6, 2, 8])
    expect(page.beyond.map((i) => i.number)).toEqual([9])
  })

  it("no place (a new round): every issue up to the round's end", () => {
    const page = emptyPage()
    sortListed([issue(1, 1), issue(2, 2), issue(3, 3)], undefined, at(2), page, new Set())
    expect(page.issues.map((i) => i.number)).toEqual([1, 2])
    expect(page.beyond.map((i) => i.number)).toEqual([3])
  })
})

describe('takeIssues', () => {
  const many = (n: number, from = 1) => Array.from({ length: n }, (_, i) => issue(from + i, from + i))

  it("takes at most the run's issues of the round; at the round's end the room left goes to issues updated since, oldest first", () => {
    expect(takeIssues({ issues: many(70), last: false, beyond: [] }).listed).toHaveLength(ISSUES_PER_RUN)
    const end = takeIssues({ issues: many(45), last: true, beyond: many(10, 100) })
    expect(end.listed.map((i) => i.number).slice(44)).toEqual([45, 100, 101, 102, 103, 104])
    expect(end.beyond).toBe(5)
    // Not at the round's end: the updated issues wait.
    expect(takeIssues({ issues: many(10), last: false, beyond: many(3, 100) })).toEqual({ listed: many(10), beyond: 0 })
  })
})

describe('nextPlace', () => {
  const from = { since: at(1), after: 1, until: at(99) }

  it('goes on after the last issue checked', () => {
    const page = { issues: [issue(2, 2), issue(3, 3), issue(4, 4)], last: true, beyond: [] }
    expect(nextPlace(page, takeIssues(page), 2, from, at(99))).toEqual({ since: at(3), after: 3, until: at(99) })
  })

  it('a new round when the run checked the round to its end and no updated issue waits', () => {
    const page = { issues: [issue(2, 2)], last: true, beyond: [] }
    expect(nextPlace(page, takeIssues(page), 1, from, at(99))).toBeUndefined()
  })

  it('issues updated meanwhile wait when this run had no room for them: the next run takes them', () => {
    const page = {
      issues: Array.from({ length: 50 }, (_, i) => issue(i + 2, i + 2)),
      last: true,
      beyond: [issue(200, 150)],
    }
    const taken = takeIssues(page)
    expect(taken.beyond).toBe(0)
    expect(nextPlace(page, taken, 50, from, at(99))).toEqual({ since: at(51), after: 51, until: at(99) })
  })

  it('a new round when the run took the issues updated meanwhile and checked them all', () => {
    const page = { issues: [issue(2, 2)], last: true, beyond: [issue(200, 150)] }
    const taken = takeIssues(page)
    expect(taken.beyond).toBe(1)
    expect(nextPlace(page, taken, 2, from, at(99))).toBeUndefined()
  })

  it('a run that checked none goes on where it began', () => {
    const page = { issues: [issue(2, 2)], last: false, beyond: [] }
    expect(nextPlace(page, takeIssues(page), 0, from, at(99))).toBe(from)
  })
})
