// What one sync run may spend, and when it stops taking issues: pure, so each rule is a unit test.
// Bounded per run, whatever the number of mirrored issues: ISSUES_PER_RUN issues, GITHUB_CALLS_PER_RUN
// GitHub calls (the token's 1,000 an hour are shared), WRITES_PER_RUN writes (GitHub's secondary
// limits), SYNC_RUN_MS in all, and FAILURES_IN_A_ROW issues that could not be read (a service down).
import { MAX_LISTED, PER_PAGE } from '../github/octokit-client.js'
import type { ListedIssue } from '../github/shapes.js'

/** Issues a run checks at most; the sync goes on from there in the next run. */
export const ISSUES_PER_RUN = 50
/** Replies posted on one issue per run at most; the rest follow in the next runs. */
export const REPLIES_PER_RUN = 10
/** GitHub calls one run makes at most (reads and writes): the token's budget is shared. */
export const GITHUB_CALLS_PER_RUN = 200
/**
 * Writes (comments, closes) one run makes at most, one a second: under GitHub's secondary limits of
 * about 80 content-creating requests a minute and 500 an hour for an hourly sync (REST "Rate limits").
 */
export const WRITES_PER_RUN = 60
/** A run takes no new issue after this long (each call has its own deadline as well). */
export const SYNC_RUN_MS = 5 * 60_000
/** Issues in a row that could not be read (their comments, their ticket) after which the run stops. */
export const FAILURES_IN_A_ROW = 3

/** What the run has spent when it comes to the next issue. */
export interface Spent {
  /** GitHub calls made (pages and tries included). */
  calls: number
  /** Writes planned for the issues taken so far. */
  writes: number
  /** Issues in a row whose comments or ticket could not be read. */
  failuresInARow: number
  elapsedMs: number
}

/** What one more issue may cost at most: its comments in pages of 100, its news and close, its replies. */
export function issueCost(
  issue: Pick<ListedIssue, 'comments'>,
  syncReplies: boolean,
): { calls: number; writes: number } {
  const writes = 2 + (syncReplies ? REPLIES_PER_RUN : 0)
  return { calls: commentPages(issue) + writes, writes }
}

/** The pages of 100 an issue's comments take to read, by the list's count (at most MAX_LISTED are read). */
export function commentPages(issue: Pick<ListedIssue, 'comments'>): number {
  return Math.ceil((Math.min(issue.comments ?? 0, MAX_LISTED) + 1) / PER_PAGE)
}

/** Why the run takes no further issue (words for "stopped after N issues at …"), or undefined. */
export function stopReason(spent: Spent, cost: { calls: number; writes: number }): string | undefined {
  if (spent.calls + spent.writes + cost.calls > GITHUB_CALLS_PER_RUN)
    return `the run's budget of ${GITHUB_CALLS_PER_RUN} GitHub calls`
  if (spent.writes + cost.writes > WRITES_PER_RUN) return `the run's budget of ${WRITES_PER_RUN} GitHub writes`
  if (spent.failuresInARow >= FAILURES_IN_A_ROW) return `${FAILURES_IN_A_ROW} issues in a row that could not be read`
  if (spent.elapsedMs > SYNC_RUN_MS) return `the run's time limit of ${SYNC_RUN_MS / 60_000} minutes`
  return undefined
}
