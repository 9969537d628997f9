// The sync recipe (sync: issues): the words a mirrored issue gets when its ticket changes, a status
// or a desk member's reply, each comment starting with its hidden memory line (memory/sync-memory.ts).
// Knows nothing of LiveDesk's API: the plan hands it words it already chose to bring back.
import { COMMENT_MAX_LENGTH } from '../github/limits.js'
import { newsMark, replyMark, type Told } from './memory.js'
import { codeText, quietCell, quoted } from '../text/markdown.js'

/** The end of a reply that did not fit in one comment: the rest stays in LiveDesk. */
export const REPLY_CUT_NOTE = 'cut to fit one GitHub comment; the full reply is in LiveDesk'
/** A sender's name is shown up to this many characters: the reply, not the name, gets the room. */
export const NAME_CHARS = 100

function ticketRef(ticketId: string, url: string | undefined): string {
  return url ? `[${quietCell(ticketId)}](<${url}>)` : `\`${codeText(ticketId)}\``
}

/** "LiveDesk ticket tk_… is now closed", or that the ticket no longer exists. */
export function newsComment(ticketId: string, url: string | undefined, news: Told, closesIssue: boolean): string {
  const ref = ticketRef(ticketId, url)
  if (news.kind === 'gone') {
    return `${newsMark(ticketId, news)}\nLiveDesk ticket ${ref} no longer exists in LiveDesk (it answered 404). This issue stays open; delete the livedesk-ticket-action comment above to have the next issue event open a new ticket.`
  }
  const close = closesIssue ? ' The issue is closed with it.' : ''
  return `${newsMark(ticketId, news)}\nLiveDesk ticket ${ref} is now **${quietCell(news.status)}**.${close}`
}

/**
 * A desk member's reply, quoted, with the member's name: as much of it as one comment holds. Its
 * files are only counted: their links may be signed, and issues are often public.
 */
export function replyComment(
  ticketId: string,
  url: string | undefined,
  key: string,
  senderName: string,
  content: string,
  attachments = 0,
): string {
  const who = `${replyMark(ticketId, key)}\n${senderName ? `**${quietCell(senderName, NAME_CHARS)}**` : 'A LiveDesk agent'} replied on LiveDesk ticket ${ticketRef(ticketId, url)}`
  const files = `${attachments} attachment${attachments === 1 ? '' : 's'}, which ${attachments === 1 ? 'stays' : 'stay'} in LiveDesk`
  if (content.trim() === '') return `${who} with ${files}.`
  const head = `${who}:\n\n`
  const tail = attachments > 0 ? `\n\n_With ${files}._` : ''
  return (
    head +
    quoted(content, { maxLength: COMMENT_MAX_LENGTH - head.length - tail.length, cutNote: REPLY_CUT_NOTE }) +
    tail
  )
}
