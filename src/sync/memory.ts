// The scheduled sync's memory (sync: issues), kept on the GitHub side like every other memory:
// - what an issue already got from its ticket: a hidden first line on each comment the sync writes
//   (`<!-- livedesk-sync ticket=… status=… -->`, `… gone=1 -->`, `… reply=… -->`), so that the
//   comment and the memory of it are one write, and re-runs never post the same news twice. Only the
//   action's own comments count (see actionAuthors), so nobody can silence the sync by planting a line;
// - where in the issue list the last run stopped: a signed record in the notice the run prints, read
//   back like dedupe's records (actions: read, checks: read), so a big backlog is worked off in turn.
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { IssueComment } from '../github/shapes.js'
import type { GitHubContext } from '../github/context.js'
import { wellFormed } from '../text/server-text.js'
import { ACTIONS_BOT } from '../memory/issue-marker.js'
import { runRecords, type RunRecords } from '../memory/run-records.js'

// Only at the very start of a comment, as the sync writes it. The ticket id and the value are
// written URI-encoded: nothing in them can end the comment or the line.
const MARK =
  /^<!-- livedesk-sync ticket=([A-Za-z0-9._~%!*'()-]{1,400}) (status|reply|gone)=([A-Za-z0-9._~%!*'()-]{1,800}) -->(?:\r?\n|$)/
/** How much of a status word is kept and compared. */
const STATUS_CHARS = 60

/** The last news an issue was told of its ticket: a status word, or that LiveDesk no longer has it. */
export type Told = { kind: 'status'; status: string } | { kind: 'gone' }

export interface BroughtBack {
  /** The last news the issue was told; none yet: the ticket is as it was opened. */
  last?: Told
  /** The keys of the replies already posted. */
  replies: Set<string>
}

/**
 * A status word as it is compared and remembered: lower case, at most STATUS_CHARS characters (never
 * half of one), trimmed after the cut too, a broken character replaced: the same word every run.
 */
export function statusWord(status: string): string {
  const word = wellFormed(status).trim().toLowerCase()
  return Array.from(word).slice(0, STATUS_CHARS).join('').trim()
}

/** What the action's own comments (oldest first) say this ticket already brought back. */
export function broughtBack(
  comments: IssueComment[],
  trusted: (login: string) => boolean,
  ticketId: string,
): BroughtBack {
  const found: BroughtBack = { replies: new Set() }
  for (const comment of comments) {
    const m = MARK.exec(comment.body ?? '')
    if (!m || m[1] !== encodeURIComponent(ticketId) || !trusted(comment.user?.login ?? '')) continue
    let value: string
    try {
      value = decodeURIComponent(m[3])
    } catch {
      continue
    }
    if (m[2] === 'reply') found.replies.add(value)
    else found.last = m[2] === 'gone' ? { kind: 'gone' } : { kind: 'status', status: value }
  }
  return found
}

/** The logins other than github-actions[bot] that wrote sync lines about this ticket (a personal token's user, or anyone). */
export function markAuthorsBesidesTheBot(comments: IssueComment[], ticketId: string): string[] {
  const about = encodeURIComponent(ticketId)
  const logins = comments.filter((c) => MARK.exec(c.body ?? '')?.[1] === about).map((c) => c.user?.login ?? 'unknown')
  return [...new Set(logins.filter((l) => l !== ACTIONS_BOT))]
}

/** The hidden first line of a comment that tells the issue its ticket's news. */
export function newsMark(ticketId: string, news: Told): string {
  const ticket = encodeURIComponent(ticketId)
  // news.status is a statusWord already: written as read, so that the next run reads the same word.
  return news.kind === 'gone'
    ? `<!-- livedesk-sync ticket=${ticket} gone=1 -->`
    : `<!-- livedesk-sync ticket=${ticket} status=${encodeURIComponent(news.status)} -->`
}

/** The hidden first line of a comment that quotes a reply. */
export function replyMark(ticketId: string, key: string): string {
  return `<!-- livedesk-sync ticket=${encodeURIComponent(ticketId)} reply=${encodeURIComponent(key)} -->`
}

/**
 * Where the sync goes on: after the issue updated at `since` with number `after`, in the round that
 * covers the issues updated up to `until` (the newest issue when the round began). An issue updated
 * later waits for the next round, so issues that keep changing cannot keep the others waiting.
 */
export interface SyncPlace {
  since: string
  after: number
  until: string
}

const TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,3})?Z'
const PLACE = new RegExp(`^(${TIME})~(\\d{1,12})~(${TIME})$`)
const START = 'start'

export interface SyncCursor {
  /** The place the last run stopped at; undefined: the start. Throws when GitHub cannot be read. */
  recall(): Promise<{ place?: SyncPlace; forged: string[] }>
  /** The notice line that records where the next run goes on (undefined place: the start). */
  line(place: SyncPlace | undefined): string
}

export function syncCursor(api: GitHubApiOptions, ctx: GitHubContext, secret: string): SyncCursor {
  const records: RunRecords = runRecords(
    api,
    ctx,
    { mode: 'key', key: `sync\n${ctx.workflowFile || ctx.workflow}\n${ctx.job}`, everyRun: true },
    secret,
  )
  return {
    async recall() {
      const found = await records.find({ recovery: false })
      const m = found.value ? PLACE.exec(found.value) : null
      return { place: m ? { since: m[1], after: Number(m[2]), until: m[3] } : undefined, forged: found.forged }
    },
    line: (place) => records.line(place ? `${place.since}~${place.after}~${place.until}` : START),
  }
}
