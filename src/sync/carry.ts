// Carries a sync plan out: each issue's comments in order, then closing it when the plan says so,
// then the notice that records where the next run goes on. One issue's trouble is a warning for it;
// the others go on; a rate limit ends the run where it is. A dry run posts nothing and records nothing.
import { GitHubApiError, permissionHint, rateLimited } from '../github/errors.js'
import { closeIssue, createIssueComment } from '../github/issues.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { Log } from '../runner/runner.js'
import { message } from '../text/message.js'
import type { Post } from './issue.js'
import type { SyncItem, SyncPlan } from './plan.js'

export interface SyncRow {
  item: SyncItem
  /** The news comment posted (or, in a dry run, that would be). */
  statusPosted: boolean
  repliesPosted: number
  closed: boolean
  /** What went wrong while posting, for the summary. */
  trouble?: string
  /** Posting stopped at a rate limit: the run ends here. */
  limited?: boolean
}

export interface SyncOutcome {
  dryRun: boolean
  rows: SyncRow[]
  next: SyncPlan['next']
}

/** An issue counts as updated when it got a comment (its news or a reply); closing alone is counted apart. */
export function wasUpdated(row: SyncRow): boolean {
  return row.statusPosted || row.repliesPosted > 0
}

export async function carrySync(plan: SyncPlan, log: Log): Promise<SyncOutcome> {
  const dryRun = plan.settings.dryRun
  const rows: SyncRow[] = []
  let next = plan.next
  for (const [i, item] of plan.items.entries()) {
    const row = await carryItem(plan, item, log)
    rows.push(row)
    if (row.limited) {
      // A rate limit ends the run: this issue and the rest wait, and the next run goes on from here.
      next = i > 0 ? plan.items[i - 1].at : plan.from
      log.warning(
        `The sync stopped at issue #${item.issue.number}: ${row.trouble}. What was posted is remembered; the next run goes on from this issue.`,
        'LiveDesk sync: rate limit',
      )
      break
    }
    const brought = broughtWords(row, dryRun)
    if (brought) log.info(`${dryRun ? 'Dry run: would bring' : 'Brought'} ${brought}.`)
  }
  if (!dryRun) {
    const updated = rows.filter(wasUpdated).length
    const where = next
      ? `the next run goes on after issue #${next.after}`
      : 'the next run starts with the least recently updated issue'
    // The record first: the runner cuts an annotation at 4,096 characters.
    log.notice(
      `${plan.cursor.line(next)}\nLiveDesk sync: checked ${rows.length} issue${rows.length === 1 ? '' : 's'}, updated ${updated}; ${where}.`,
      'LiveDesk sync',
    )
  }
  return { dryRun, rows, next }
}

/** "2 replies and the status to issue #3 from LiveDesk ticket tk_…, and closed the issue", or '' when nothing was brought. */
function broughtWords(row: SyncRow, dryRun: boolean): string {
  const what = [
    row.repliesPosted > 0 ? `${row.repliesPosted} repl${row.repliesPosted === 1 ? 'y' : 'ies'}` : '',
    row.statusPosted ? 'the status' : '',
  ]
    .filter(Boolean)
    .join(' and ')
  if (!what) return ''
  const { item } = row
  const ticketId = item.decision.kind === 'linked' ? item.decision.ticketId : ''
  const close = row.closed ? (dryRun ? ', and close the issue' : ', and closed the issue') : ''
  return `${what} to issue #${item.issue.number} from LiveDesk ticket ${ticketId}${close}`
}

/**
 * What a failed post means for the issue's later posts: 'skip' when GitHub refused that body (HTTP
 * 422, e.g. too long), which the same post again cannot change: only that news is lost. 'stop' for
 * anything else: the issue's other posts and its close wait for a later run.
 */
export function afterFailedPost(err: unknown): 'skip' | 'stop' {
  return err instanceof GitHubApiError && err.status === 422 ? 'skip' : 'stop'
}

/** One issue's comments in order, then its close; a refused comment is left out with a warning. */
async function carryItem({ settings, ctx, api }: SyncPlan, item: SyncItem, log: Log): Promise<SyncRow> {
  const row: SyncRow = { item, statusPosted: false, repliesPosted: 0, closed: false }
  if (item.decision.kind !== 'linked') return row
  const { posts, close } = item.decision
  const n = item.issue.number
  try {
    for (const post of posts) {
      if (!settings.dryRun && !(await postOrSkip(api, ctx.repository, n, post, log))) continue
      if (post.kind === 'news') row.statusPosted = true
      else row.repliesPosted++
    }
    if (close) {
      if (!settings.dryRun) await closeIssue(api, ctx.repository, n)
      row.closed = true
    }
  } catch (err) {
    row.trouble = message(err)
    if (rateLimited(err)) return { ...row, limited: true }
    log.warning(
      `Issue #${n} was not fully synced: ${row.trouble}. What was posted is remembered; the rest is tried again in a later run.${permissionHint(err, 'issues: write')}`,
      'LiveDesk sync: issue not updated',
    )
  }
  return row
}

/** Posts one comment; false when GitHub refused that body (a warning), any other failure throws. */
async function postOrSkip(
  api: GitHubApiOptions,
  repository: string,
  n: number,
  post: Post,
  log: Log,
): Promise<boolean> {
  try {
    await createIssueComment(api, repository, n, post.body)
    return true
  } catch (err) {
    if (afterFailedPost(err) === 'stop') throw err
    const what = post.kind === 'news' ? "the ticket's news" : 'a reply'
    log.warning(
      `Issue #${n}: GitHub refused the comment with ${what} (${message(err)}); it is left out, and the issue's other news goes on.`,
      'LiveDesk sync: comment refused',
    )
    return false
  }
}
