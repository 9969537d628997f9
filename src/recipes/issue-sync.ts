// The sync recipe (sync: issues): the words a mirrored issue gets when its ticket changes, a status
// or a desk member's reply, each comment starting with its hidden memory line (memory/sync-memory.ts).
// Knows nothing of LiveDesk's API: the plan hands it words it already chose to bring back.
import { GONE, replyMark, statusMark } from '../memory/sync-memory.js'
import { cell, codeText, quoted } from '../text/markdown.js'

/** A reply is quoted up to this many characters; the rest stays in LiveDesk. */
export const REPLY_CHARS = 8000
/** Replies posted on one issue per run at most; the rest follow in the next runs. */
export const REPLIES_PER_RUN = 10
/** Issues a run checks at most; the sync goes on from there in the next run. */
export const ISSUES_PER_RUN = 50

function ticketRef(ticketId: string, url: string | undefined): string {
  return url ? `[${cell(ticketId)}](<${url}>)` : `\`${codeText(ticketId)}\``
}

/** "LiveDesk ticket tk_… is now closed", or that the ticket no longer exists. */
export function statusComment(ticketId: string, url: string | undefined, status: string, closesIssue: boolean): string {
  const ref = ticketRef(ticketId, url)
  if (status === GONE) {
    return `${statusMark(ticketId, status)}\nLiveDesk ticket ${ref} no longer exists in LiveDesk (it answered 404). This issue stays open; delete the livedesk-ticket-action comment above to have the next issue event open a new ticket.`
  }
  const close = closesIssue ? ' The issue is closed with it.' : ''
  return `${statusMark(ticketId, status)}\nLiveDesk ticket ${ref} is now **${cell(status)}**.${close}`
}

/** A desk member's reply, quoted, with the member's name. */
export function replyComment(ticketId: string, url: string | undefined, key: string, senderName: string, content: string): string {
  const who = senderName ? `**${cell(senderName)}**` : 'A LiveDesk agent'
  return `${replyMark(ticketId, key)}\n${who} replied on LiveDesk ticket ${ticketRef(ticketId, url)}:\n\n${quoted(content, REPLY_CHARS)}`
}
