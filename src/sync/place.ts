// Where the sync is in the list of mirrored issues, and where the next run goes on: pure, so each
// rule is a unit test. The list is GitHub's: the open issues labelled livedesk, least recently updated
// first. A round covers the issues as they were when it began (up to `until`, the newest then): an
// issue updated later waits for the round's end, so busy issues cannot keep quiet ones waiting.
import type { ListedIssue } from '../github/shapes.js'
import { ISSUES_PER_RUN } from './budget.js'
import type { SyncPlace } from './memory.js'

/** What the list holds after the place. */
export interface Page {
  /** The issues after the place and up to the round's end, pull requests left out. */
  issues: ListedIssue[]
  /** The round ends with these: GitHub had no more, or the rest were updated after the round began. */
  last: boolean
  /** The issues updated after the round began, oldest first. */
  beyond: ListedIssue[]
}

/**
 * Sorts one page of the list into `page`: issues after the place (GitHub's `since` is inclusive:
 * issues updated in the same second as the place are told apart by number), up to the round's end
 * or beyond it. An issue listed twice (updated between two page reads) is taken once.
 */
export function sortListed(
  listed: ListedIssue[],
  place: SyncPlace | undefined,
  until: string,
  page: Page,
  seen: Set<number>,
): void {
  const since = place ? Date.parse(place.since) : Number.NEGATIVE_INFINITY
  const end = Date.parse(until)
  for (const issue of listed) {
    const at = Date.parse(issue.updated_at)
    if ((issue.pull_request !== undefined && issue.pull_request !== null) || seen.has(issue.number)) continue
    if (place && (at < since || (at === since && issue.number <= place.after))) continue
    seen.add(issue.number)
    if (at > end) page.beyond.push(issue)
    else page.issues.push(issue)
  }
}

/** The issues this run takes, in order: the round's, then, at its end, the room left to issues updated since it began. */
export interface Taken {
  listed: ListedIssue[]
  /** How many at the end of `listed` were updated after the round began. */
  beyond: number
}

export function takeIssues(page: Page): Taken {
  const round = page.issues.slice(0, ISSUES_PER_RUN)
  const beyond = page.last ? page.beyond.slice(0, Math.max(0, ISSUES_PER_RUN - round.length)) : []
  return { listed: [...round, ...beyond], beyond: beyond.length }
}

/**
 * Where the next run goes on when this one got through `checked` of the issues it took: after the
 * last one checked; undefined (a new round, from the start of the list) when this run checked every
 * issue to the round's end and left none updated meanwhile waiting; where this one began
 * (`from`) when it checked none.
 */
export function nextPlace(
  page: Page,
  taken: Taken,
  checked: number,
  from: SyncPlace | undefined,
  until: string,
): SyncPlace | undefined {
  const last = taken.listed[checked - 1]
  const roundDone = page.last && checked >= page.issues.length
  const beyondWaits = page.beyond.length > 0 && taken.beyond === 0
  if (roundDone && !beyondWaits) return undefined
  return last ? { since: last.updated_at, after: last.number, until } : from
}
