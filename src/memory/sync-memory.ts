// The scheduled sync's memory (sync: issues), kept on the GitHub side like every other memory:
// - what an issue already got from its ticket: a hidden first line on each comment the sync writes
//   (`<!-- livedesk-sync ticket=… status=… -->`, `… reply=… -->`), so that the comment and the memory
//   of it are one write, and re-runs never post the same news twice. Only the action's own comments
//   count (see actionAuthors), so nobody can silence a reply by planting a line;
// - where in the issue list the last run stopped: a signed record in the notice the run prints, read
//   back like dedupe's records (actions: read, checks: read), so a big backlog is worked off in turn.
import type { GitHubApiOptions, IssueComment } from '../github/client.js'
import type { GitHubContext } from '../github/context.js'
import { ACTIONS_BOT } from './issue-marker.js'
import { signedRecords, type SignedRecords } from './run-records.js'

// Only at the very start of a comment, as the sync writes it.
const MARK = /^<!-- livedesk-sync ticket=(\S{1,128}) (status|reply|gone)=([A-Za-z0-9._~%!*'()-]{1,200}) -->(?:\r?\n|$)/
/** How much of a status word is kept and compared. */
const STATUS_CHARS = 60

export interface BroughtBack {
  /** The last status the issue was told of ('gone' when it was told the ticket no longer exists). */
  lastStatus?: string
  /** The keys of the replies already posted. */
  replies: Set<string>
}

/** A status word as it is compared and remembered: trimmed, lower case, at most STATUS_CHARS. */
export function statusWord(status: string): string {
  return status.trim().toLowerCase().slice(0, STATUS_CHARS)
}

/** What the action's own comments (oldest first) say this ticket already brought back. */
export function broughtBack(comments: IssueComment[], trusted: (login: string) => boolean, ticketId: string): BroughtBack {
  const found: BroughtBack = { replies: new Set() }
  for (const comment of comments) {
    const m = MARK.exec(comment.body ?? '')
    if (!m || m[1] !== ticketId || !trusted(comment.user?.login ?? '')) continue
    let value: string
    try {
      value = decodeURIComponent(m[3])
    } catch {
      continue
    }
    if (m[2] === 'reply') found.replies.add(value)
    else found.lastStatus = m[2] === 'gone' ? GONE : value
  }
  return found
}

/** The status the issue was told of when the ticket could no longer be found. */
export const GONE = '\u0000gone'

/** The hidden first line of a comment that tells the issue of a status (or that the ticket is gone). */
export function statusMark(ticketId: string, status: string): string {
  return status === GONE ? `<!-- livedesk-sync ticket=${ticketId} gone=1 -->` : `<!-- livedesk-sync ticket=${ticketId} status=${encodeURIComponent(statusWord(status))} -->`
}

/** The hidden first line of a comment that quotes a reply. */
export function replyMark(ticketId: string, key: string): string {
  return `<!-- livedesk-sync ticket=${ticketId} reply=${encodeURIComponent(key)} -->`
}

/** Where the sync goes on: after the issue updated at `since` with number `after`; none: from the start. */
export interface SyncPlace {
  since: string
  after: number
}

const PLACE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z)~(\d{1,12})$/
const START = 'start'

export interface SyncCursor {
  /** The place the last run stopped at; undefined: the start. Throws when GitHub cannot be read. */
  recall(): Promise<{ place?: SyncPlace; forged: string[] }>
  /** The notice line that records where the next run goes on (undefined place: the start). */
  line(place: SyncPlace | undefined): string
}

export function syncCursor(api: GitHubApiOptions, ctx: GitHubContext, secret: string): SyncCursor {
  const records: SignedRecords = signedRecords(api, ctx, { mode: 'key', key: `sync\n${ctx.workflowFile || ctx.workflow}\n${ctx.job}`, everyRun: true }, secret)
  return {
    async recall() {
      const found = await records.find()
      const m = found.value ? PLACE.exec(found.value) : null
      return { place: m ? { since: m[1], after: Number(m[2]) } : undefined, forged: found.forged }
    },
    line: (place) => records.line(place ? `${place.since}~${place.after}` : START),
  }
}

/** Whether a sync line stands in a comment by someone other than github-actions[bot] (a personal token's account, or anyone). */
export function hasMarksByOthers(comments: IssueComment[]): boolean {
  return comments.some((c) => MARK.test(c.body ?? '') && c.user?.login !== ACTIONS_BOT)
}
