// One mirrored issue: what it gets from its ticket. First read (its comments, who wrote the action's
// lines there, the ticket in LiveDesk), then decided by pure functions: the news it has not
// been told (a status change, the ticket gone), the desk's replies, whether it closes.
import { rateLimited } from '../github/errors.js'
import { listIssueComments } from '../github/issues.js'
import { MAX_LISTED, type GitHubApiOptions } from '../github/octokit-client.js'
import type { IssueComment, ListedIssue } from '../github/shapes.js'
import type { GitHubContext } from '../github/context.js'
import type { ClientOptions } from '../livedesk/call.js'
import { getTicket, type TicketState } from '../livedesk/client.js'
import { isDeskReply } from '../livedesk/conversation.js'
import { LiveDeskError } from '../livedesk/errors.js'
import { isOpenStatus } from '../livedesk/status.js'
import { ticketUrl } from '../livedesk/ticket.js'
import { findTrustedMarker, type actionAuthors, type Trust } from '../memory/issue-marker.js'
import { message } from '../text/message.js'
import { commentPages, REPLIES_PER_RUN } from './budget.js'
import { broughtBack, markAuthorsBesidesTheBot, statusWord, type BroughtBack } from './memory.js'
import { newsComment, replyComment } from './words.js'

/** A comment to post: the ticket's news, or a reply from the desk. */
export interface Post {
  kind: 'news' | 'reply'
  body: string
}

/** What one issue gets; a problem is a warning for it, an unlinked issue a note in the summary. */
export type IssueDecision =
  | {
      kind: 'problem'
      problem: string
      /** its comments or ticket could not be read (toward the stop) */ unreadable: boolean
      ticketId?: string
    }
  | { kind: 'unlinked'; note: string }
  | Linked

export interface Linked {
  kind: 'linked'
  ticketId: string
  ticketUrl?: string
  /** The ticket's status as read now ('' when it gives none). */
  status: string
  /** LiveDesk no longer has the ticket (404). */
  gone: boolean
  /** Comments to post, in order. */
  posts: Post[]
  /** Close the issue (as completed) after its comments. */
  close: boolean
}

/** What reading an issue needs: the run's settings, the services, who writes as the action, the run's end. */
export interface IssueReader {
  settings: { ticketUrlTemplate?: string; syncReplies: boolean; closeIssues: boolean }
  ctx: GitHubContext
  api: GitHubApiOptions
  desk: ClientOptions
  authors: ReturnType<typeof actionAuthors>
  /** When the run takes no more issues (ms since the epoch). */
  deadline: number
}

const tooMany = (count: number): IssueDecision => ({
  kind: 'problem',
  problem: `it has ${count} comments, and the sync reads at most ${MAX_LISTED}, so it cannot tell what it already posted there`,
  unreadable: false,
})

/** What one issue gets. A rate limit is thrown: it ends the run, not just this issue. */
export async function planIssue(reader: IssueReader, issue: ListedIssue): Promise<IssueDecision> {
  // Past the comments that can be read, the sync cannot know what it already posted: it posts nothing.
  if ((issue.comments ?? 0) >= MAX_LISTED) return tooMany(issue.comments ?? 0)
  let comments: IssueComment[]
  try {
    // Each page of comments gets the GitHub deadline, all of them no more than the run has left.
    const timeoutMs = Math.max(1000, Math.min(reader.api.timeoutMs * commentPages(issue), reader.deadline - Date.now()))
    comments = await listIssueComments({ ...reader.api, timeoutMs }, reader.ctx.repository, issue.number)
  } catch (err) {
    if (rateLimited(err)) throw err
    return { kind: 'problem', problem: `its comments could not be read (${message(err)})`, unreadable: true }
  }
  if (comments.length >= MAX_LISTED) return tooMany(comments.length)
  const link = await readLink(reader, comments)
  if (link.kind !== 'link') return link
  let state: TicketState | undefined
  try {
    state = await getTicket(reader.desk, link.ticketId)
  } catch (err) {
    const why = err instanceof LiveDeskError && err.statusLine ? err.statusLine : message(err)
    return {
      kind: 'problem',
      problem: `LiveDesk ticket ${link.ticketId} could not be read (${why})`,
      unreadable: true,
      ticketId: link.ticketId,
    }
  }
  const url = ticketUrl(reader.settings.ticketUrlTemplate, link.ticketId)
  return decideNews(
    { ticketId: link.ticketId, ticketUrl: url, told: link.told, state, reopened: issue.state_reason === 'reopened' },
    reader.settings,
  )
}

/** The issue's ticket (the mirror's marker) and what the action's own comments already told of it. */
async function readLink(
  reader: IssueReader,
  comments: IssueComment[],
): Promise<IssueDecision | { kind: 'link'; ticketId: string; told: BroughtBack }> {
  const marker = await findTrustedMarker(comments, reader.authors)
  if (marker.unsure) {
    return {
      kind: 'problem',
      problem: `its ticket marker is by ${marker.ignored.join('; ')}, and GitHub could not say whether that is this token (${marker.unsure})`,
      unreadable: false,
    }
  }
  if (!marker.ticketId) {
    return {
      kind: 'unlinked',
      note: `no ticket marker by the action${marker.ignored.length > 0 ? ` (ignored: ${marker.ignored.join('; ')})` : ''}`,
    }
  }
  const ticketId = marker.ticketId
  const others = markAuthorsBesidesTheBot(comments, ticketId)
  const trusted = await reader.authors(others.length > 0)
  const doubt = doubtAboutAuthors(others, trusted)
  if (doubt) return { kind: 'problem', problem: doubt, unreadable: false, ticketId }
  return { kind: 'link', ticketId, told: broughtBack(comments, trusted, ticketId) }
}

/**
 * Why the sync lines on an issue may be this token's without GitHub saying so, or undefined: then
 * nothing is posted rather than something twice. A personal token's user when GitHub cannot say who
 * the token is; a GitHub App's bot, which cannot say which it is (its lines would not count, and
 * everything would be posted again every run).
 */
export function doubtAboutAuthors(others: string[], trusted: Trust): string | undefined {
  if (others.length > 0 && trusted.unsure) {
    return `its sync comments are by ${others.join(', ')}, and GitHub could not say whether that is this token (${trusted.unsure}), so nothing is posted rather than something twice`
  }
  const bots = others.filter((login) => login.endsWith('[bot]') && !trusted(login))
  if (bots.length === 0) return undefined
  return `its sync comments are by ${bots.join(', ')}, which may be this token's (a GitHub App's token cannot say who it is), so nothing is posted rather than something twice. Use the workflow's GITHUB_TOKEN or a personal access token as github_token`
}

/** What a linked issue is told now: the facts read, and the settings that choose. */
export interface NewsFacts {
  ticketId: string
  ticketUrl?: string
  /** What the action's comments already told the issue. */
  told: BroughtBack
  /** The ticket as LiveDesk gives it now; undefined: LiveDesk no longer has it (404). */
  state: TicketState | undefined
  /** Someone reopened the issue (GitHub's state_reason). */
  reopened: boolean
}

/**
 * The news an issue has not been told, each once: the ticket gone; the desk's new replies (with
 * sync_replies); a status that differs from the last one told (a ticket starts open; no status tells
 * nothing). A finished ticket closes its issue (close_issues), with its news or later (a close that
 * failed is so tried again); an issue someone reopened is closed only by news the sync saw coming: a
 * finished status after an open one it had told.
 */
export function decideNews(facts: NewsFacts, settings: { syncReplies: boolean; closeIssues: boolean }): Linked {
  const { ticketId, ticketUrl: url, told, state } = facts
  const linked: Linked = { kind: 'linked', ticketId, ticketUrl: url, status: '', gone: !state, posts: [], close: false }
  if (!state) {
    if (told.last?.kind !== 'gone')
      linked.posts.push({ kind: 'news', body: newsComment(ticketId, url, { kind: 'gone' }, false) })
    return linked
  }
  const status = statusWord(state.status)
  const replies = settings.syncReplies
    ? state.messages.filter((m) => isDeskReply(m) && !told.replies.has(m.key)).slice(0, REPLIES_PER_RUN)
    : []
  const before = told.last === undefined ? 'open' : told.last.kind === 'status' ? told.last.status : undefined
  const news = status !== '' && status !== before
  const toldOpen = told.last?.kind === 'status' && isOpenStatus(told.last.status)
  const close = settings.closeIssues && !isOpenStatus(status) && (!facts.reopened || (news && toldOpen))
  const posts: Post[] = replies.map((m) => ({
    kind: 'reply',
    body: replyComment(ticketId, url, m.key, m.senderName, m.content, m.attachments),
  }))
  if (news) posts.push({ kind: 'news', body: newsComment(ticketId, url, { kind: 'status', status }, close) })
  return { ...linked, status, posts, close }
}
