// The scheduled sync's plan (sync: issues): which mirrored issues this run checks, and what each gets
// from its ticket: a status comment, the desk's replies, closing. GitHub and LiveDesk are read here;
// nothing is written anywhere (execute/sync.ts posts what this plan says).
//
// Bounded per run, whatever the number of mirrored issues: one page of the open issues labelled
// `livedesk`, least recently updated first, from where the last run stopped (memory/sync-memory.ts);
// at most ISSUES_PER_RUN of them, and GITHUB_CALLS_PER_RUN GitHub calls in all.
import { GitHubApiError, githubApiOptions, listIssueComments, listOpenIssuesByLabel, MAX_LISTED, PER_PAGE, type GitHubApiOptions, type ListedIssue } from '../github/client.js'
import type { GitHubContext } from '../github/context.js'
import { InputError } from '../inputs/problems.js'
import type { Settings } from '../inputs/settings.js'
import { getTicket } from '../livedesk/client.js'
import { isDeskReply } from '../livedesk/conversation.js'
import { LiveDeskError } from '../livedesk/errors.js'
import { isOpenStatus } from '../livedesk/status.js'
import { ticketUrl } from '../livedesk/ticket.js'
import { actionAuthors, findTrustedMarker, MIRROR_LABEL } from '../memory/issue-marker.js'
import { broughtBack, GONE, hasMarksByOthers, statusWord, syncCursor, type SyncCursor, type SyncPlace } from '../memory/sync-memory.js'
import { ISSUES_PER_RUN, REPLIES_PER_RUN, replyComment, statusComment } from '../recipes/issue-sync.js'
import type { Log } from '../runner/runner.js'
import { clientOptions } from './client-options.js'
import { SyncError } from './sync-error.js'

/** GitHub calls one run makes at most (reads and writes): the token's budget is shared. */
export const GITHUB_CALLS_PER_RUN = 200
/** Issues in a row that could not be read (their comments, their ticket) after which the run stops: GitHub or LiveDesk is down. */
const FAILURES_IN_A_ROW = 3
/** Issues listed a run: more than are checked, so that ties at the place and pull requests leave enough. */
const LISTED_PER_RUN = ISSUES_PER_RUN + 10

export interface SyncItem {
  issue: { number: number; title: string; url: string }
  ticketId?: string
  ticketUrl?: string
  /** The ticket's status as read now (GONE: LiveDesk no longer has it). */
  status?: string
  /** Comments to post, in order. */
  posts: { kind: 'status' | 'reply'; body: string }[]
  /** Close the issue (as completed) after its status comment. */
  close: boolean
  /** Why this issue was not synced (a warning was printed). */
  problem?: string
  /** Why there was nothing to sync (no ticket linked). */
  note?: string
}

export interface SyncPlan {
  kind: 'sync'
  settings: Settings
  ctx: GitHubContext
  api: GitHubApiOptions
  items: SyncItem[]
  /** Where the next run goes on; undefined: from the start of the list. */
  next: SyncPlace | undefined
  cursor: SyncCursor
}

export async function planSync(log: Log, settings: Settings, ctx: GitHubContext): Promise<SyncPlan> {
  if (!settings.githubToken) throw new InputError(['github_token: is empty; sync: issues reads the mirrored issues and comments on them. Leave the default (the workflow\'s token) and give the workflow "permissions: issues: write".'])
  let calls = 0
  const api0 = githubApiOptions(ctx.apiUrl, settings.githubToken, settings.timeoutMs, (line) => log.debug(line))
  // Every GitHub call is counted: the budget is checked before each issue.
  const api: GitHubApiOptions = { ...api0, log: (line) => { if (/^GitHub API: (GET|POST|PATCH|PUT|DELETE) /.test(line)) calls++; log.debug(line) } }
  const cursor = syncCursor(api, ctx, settings.apiSecret)

  let place: SyncPlace | undefined
  try {
    const found = await cursor.recall()
    place = found.place
    if (found.forged.length > 0) log.warning(`Ignored sync records not signed with this api_secret in: ${found.forged.join('; ')}.`, 'LiveDesk sync: record ignored')
  } catch (err) {
    const status = err instanceof GitHubApiError ? err.status : undefined
    const hint = status === 401 || status === 403 || status === 404 ? ' Give the workflow "permissions: actions: read, checks: read".' : ''
    log.warning(`Where the last sync stopped could not be read (${message(err)}); this run starts with the least recently updated issues.${hint}`, 'LiveDesk sync: starting over')
  }

  let page: Page
  let fromStart = place === undefined
  try {
    page = await listAfter(api, ctx, place)
    if (page.issues.length === 0 && place) {
      // The last run reached the end of the list: this one starts over.
      fromStart = true
      page = await listAfter(api, ctx, undefined)
    }
  } catch (err) {
    const status = err instanceof GitHubApiError ? err.status : undefined
    const hint = status === 401 || status === 403 || status === 404 ? ' Give the workflow "permissions: issues: write".' : ' Re-run the job when the GitHub API answers again.'
    throw new SyncError(`The open issues labelled ${MIRROR_LABEL} could not be listed (${message(err)}); nothing was synced.${hint}`)
  }
  if (fromStart) log.info(`Checking the open issues labelled ${MIRROR_LABEL}, least recently updated first.`)
  else log.info(`Checking the open issues labelled ${MIRROR_LABEL}, going on after issue #${place?.after}.`)

  const desk = clientOptions(log, settings)
  const authors = actionAuthors(api)
  const items: SyncItem[] = []
  let failures = 0
  let stopped: string | undefined
  const listed = page.issues.slice(0, ISSUES_PER_RUN)
  for (const issue of listed) {
    // Calls made, writes planned, and what this issue may cost: its comments in pages of 100 (at most
    // MAX_LISTED are read), a status comment, closing and replies.
    const planned = items.reduce((n, i) => n + i.posts.length + (i.close ? 1 : 0), 0)
    const pages = Math.ceil((Math.min(issue.comments ?? 0, MAX_LISTED) + 1) / PER_PAGE)
    const cost = pages + 2 + (settings.syncReplies ? REPLIES_PER_RUN : 0)
    if (calls + planned + cost > GITHUB_CALLS_PER_RUN) {
      stopped = `the run's budget of ${GITHUB_CALLS_PER_RUN} GitHub calls`
      break
    }
    if (failures >= FAILURES_IN_A_ROW) {
      stopped = `${FAILURES_IN_A_ROW} issues in a row that could not be read`
      break
    }
    const item: SyncItem = { issue: { number: issue.number, title: issue.title, url: issue.html_url ?? '' }, posts: [], close: false }
    items.push(item)
    let comments
    try {
      comments = await listIssueComments(api, ctx.repository, issue.number)
    } catch (err) {
      failures++
      item.problem = `its comments could not be read (${message(err)})`
      continue
    }
    // Past the comments that can be read, the sync cannot know what it already posted: it posts nothing.
    if (comments.length >= MAX_LISTED || (issue.comments ?? 0) >= MAX_LISTED) {
      item.problem = `it has ${Math.max(comments.length, issue.comments ?? 0)} comments, and the sync reads at most ${MAX_LISTED}, so it cannot tell what it already posted there`
      continue
    }
    const marker = await findTrustedMarker(comments, authors)
    if (!marker.ticketId) {
      item.note = `no ticket marker by the action${marker.ignored.length > 0 ? ` (ignored: ${marker.ignored.join('; ')})` : ''}`
      continue
    }
    const ticketId = marker.ticketId
    item.ticketId = ticketId
    item.ticketUrl = ticketUrl(settings.ticketUrlTemplate, ticketId)
    const told = broughtBack(comments, await authors(hasMarksByOthers(comments)), ticketId)
    let state
    try {
      state = await getTicket(desk, ticketId)
      failures = 0
    } catch (err) {
      failures++
      item.problem = `LiveDesk ticket ${ticketId} could not be read (${err instanceof LiveDeskError && err.statusLine ? err.statusLine : message(err)})`
      continue
    }
    if (!state) {
      item.status = GONE
      if (told.lastStatus !== GONE) item.posts.push({ kind: 'status', body: statusComment(ticketId, item.ticketUrl, GONE, false) })
      continue
    }
    const status = statusWord(state.status)
    item.status = status
    if (settings.syncReplies) {
      const fresh = state.messages.filter((m) => isDeskReply(m) && !told.replies.has(m.key)).slice(0, REPLIES_PER_RUN)
      for (const m of fresh) item.posts.push({ kind: 'reply', body: replyComment(ticketId, item.ticketUrl, m.key, m.senderName, m.content) })
    }
    // A ticket starts open: the first news is a change from that. No status at all tells nothing.
    if (status !== '' && status !== (told.lastStatus ?? 'open')) {
      item.close = settings.closeIssues && !isOpenStatus(status)
      item.posts.push({ kind: 'status', body: statusComment(ticketId, item.ticketUrl, status, item.close) })
    }
  }
  for (const item of items) {
    if (item.problem) log.warning(`Issue #${item.issue.number} was not synced: ${item.problem}. The other issues go on; it is tried again in a later run.`, 'LiveDesk sync: issue not synced')
  }
  if (stopped) log.warning(`This run stopped after ${items.length} issues at ${stopped}; the next run goes on from there.`, 'LiveDesk sync: stopped early')

  // The next run goes on after the last issue checked; it starts over when this run checked every
  // issue up to the end of the list; it starts where this one did when this one checked none.
  const last = listed[items.length - 1]
  const reachedEnd = !stopped && page.last && items.length === page.issues.length
  const next = reachedEnd ? undefined : last ? { since: last.updated_at, after: last.number } : place
  return { kind: 'sync', settings, ctx, api, items, next, cursor }
}

interface Page {
  /** The issues after the place, pull requests left out. */
  issues: ListedIssue[]
  /** GitHub had no more: the list ends with this page. */
  last: boolean
}

/** One page of the labelled issues after `place` (GitHub's `since` is inclusive: equal times are compared by number). */
async function listAfter(api: GitHubApiOptions, ctx: GitHubContext, place: SyncPlace | undefined): Promise<Page> {
  const listed = await listOpenIssuesByLabel(api, ctx.repository, MIRROR_LABEL, place?.since, LISTED_PER_RUN)
  const since = place ? Date.parse(place.since) : Number.NEGATIVE_INFINITY
  const issues = listed.filter((i) => {
    if (i.pull_request !== undefined && i.pull_request !== null) return false
    const at = Date.parse(i.updated_at)
    return !place || !(at < since || (at === since && i.number <= place.after))
  })
  return { issues, last: listed.length < LISTED_PER_RUN }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
