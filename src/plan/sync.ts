// The scheduled sync's plan (sync: issues): which mirrored issues this run checks, and what each gets
// from its ticket: a news comment (a status change, or the ticket gone), the desk's replies, closing.
// GitHub and LiveDesk are read here; nothing is written anywhere (execute/sync.ts posts what this
// plan says).
//
// Bounded per run, whatever the number of mirrored issues: the open issues labelled `livedesk`, least
// recently updated first (GitHub's own order), from where the last run stopped (memory/sync-memory.ts);
// at most ISSUES_PER_RUN of them, GITHUB_CALLS_PER_RUN GitHub calls and SYNC_RUN_MS in all.
import {
  githubApiOptions,
  listIssueComments,
  listOpenIssuesByLabel,
  MAX_LISTED,
  PER_PAGE,
  permissionHint,
  rateLimited,
  type GitHubApiOptions,
  type IssueComment,
  type ListedIssue,
} from '../github/client.js'
import type { GitHubContext } from '../github/context.js'
import { InputError } from '../inputs/problems.js'
import type { Settings } from '../inputs/settings.js'
import { getTicket, type ClientOptions } from '../livedesk/client.js'
import { isDeskReply } from '../livedesk/conversation.js'
import { LiveDeskError } from '../livedesk/errors.js'
import { isOpenStatus } from '../livedesk/status.js'
import { ticketUrl } from '../livedesk/ticket.js'
import { actionAuthors, findTrustedMarker, MIRROR_LABEL } from '../memory/issue-marker.js'
import {
  broughtBack,
  markAuthorsBesidesTheBot,
  statusWord,
  syncCursor,
  type SyncCursor,
  type SyncPlace,
} from '../memory/sync-memory.js'
import { newsComment, replyComment } from '../recipes/issue-sync.js'
import type { Log } from '../runner/runner.js'
import { clientOptions } from './client-options.js'
import { SyncError } from './sync-error.js'

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
/** The sync's writes go at once for the first few, then one a second (GitHub's "Best practices"). */
const WRITE_BURST = 5
const WRITE_INTERVAL_MS = 1000
/** Issues whose trouble gets a warning of its own; the rest are counted in one (GitHub keeps 10 a step). */
const ISSUE_WARNINGS = 5
/** A run takes no new issue after this long (each call has its own deadline as well). */
export const SYNC_RUN_MS = 5 * 60_000
/** Issues in a row that could not be read (their comments, their ticket) after which the run stops: GitHub or LiveDesk is down. */
const FAILURES_IN_A_ROW = 3
/** Issues a page of the list holds: more than are checked, so that ties at the place and pull requests leave enough. */
const LISTED_PER_PAGE = ISSUES_PER_RUN + 10
/** Pages of the list read at most (more than one only when many issues were updated in the same second). */
const PAGES_PER_RUN = 5

export interface SyncItem {
  issue: { number: number; title: string; url: string }
  ticketId?: string
  ticketUrl?: string
  /** The ticket's status as read now. */
  status?: string
  /** LiveDesk no longer has the ticket (404). */
  gone?: boolean
  /** Comments to post, in order. */
  posts: { kind: 'news' | 'reply'; body: string }[]
  /** Close the issue (as completed) after its comments. */
  close: boolean
  /** Why this issue was not synced (a warning says so). */
  problem?: string
  /** Why there was nothing to sync (no ticket linked). */
  note?: string
  /** The issue's place in the list: a run that stops after this issue goes on from here. */
  at: SyncPlace
}

export interface SyncPlan {
  kind: 'sync'
  settings: Settings
  ctx: GitHubContext
  api: GitHubApiOptions
  items: SyncItem[]
  /** Where the next run goes on; undefined: from the start of the list. */
  next: SyncPlace | undefined
  /** Where this run began: the next run goes on from here if this one carries out nothing. */
  from: SyncPlace | undefined
  cursor: SyncCursor
}

interface Page {
  /** The issues after the place and up to the round's end, pull requests left out. */
  issues: ListedIssue[]
  /** The round ends with these: GitHub had no more, or the rest were updated after the round began. */
  last: boolean
  /** The issues of this page updated after the round began, oldest first. */
  beyond: ListedIssue[]
}

export async function planSync(
  log: Log,
  settings: Settings,
  ctx: GitHubContext,
  env: NodeJS.ProcessEnv = {},
): Promise<SyncPlan> {
  if (!settings.githubToken)
    throw new InputError([
      'github_token: is empty; sync: issues reads the mirrored issues and comments on them. Leave the default (the workflow\'s token) and give the workflow "permissions: issues: write".',
    ])
  const started = Date.now()
  let calls = 0
  const writePace = { intervalMs: writeIntervalMs(env), burst: WRITE_BURST }
  const api: GitHubApiOptions = {
    ...githubApiOptions(ctx.apiUrl, settings.githubToken, settings.timeoutMs, (line) => log.debug(line)),
    onRequest: () => calls++,
    writePace,
  }
  const cursor = syncCursor(api, ctx, settings.apiSecret)

  let place: SyncPlace | undefined
  try {
    const found = await cursor.recall()
    place = found.place
    if (found.forged.length > 0)
      log.warning(
        `Ignored sync records not signed with this api_secret in: ${found.forged.join('; ')}.`,
        'LiveDesk sync: record ignored',
      )
  } catch (err) {
    const hint = permissionHint(err, 'actions: read, checks: read')
    log.warning(
      `Where the last sync stopped could not be read (${message(err)}); this run starts with the least recently updated issues.${hint}`,
      'LiveDesk sync: starting over',
    )
  }

  const recalled = place
  let page: Page
  let until: string
  try {
    page = place ? await listAfter(api, ctx, place, place.until) : { issues: [], last: true, beyond: [] }
    until = place?.until ?? ''
    if (page.issues.length === 0 && page.beyond.length === 0) {
      // A new round: the last one reached its end (or there was none). It covers the issues updated
      // until now, the newest of them.
      const [newest] = await listOpenIssuesByLabel(api, ctx.repository, MIRROR_LABEL, { count: 1, newestFirst: true })
      until = newest?.updated_at ?? new Date().toISOString()
      place = undefined
      page = await listAfter(api, ctx, undefined, until)
    }
  } catch (err) {
    if (rateLimited(err)) {
      // Nothing lost: the place is written again, and the next run goes on from it.
      log.warning(
        `The open issues labelled ${MIRROR_LABEL} could not be listed: ${err.message}. Nothing was synced this run; the next run goes on from the same place.`,
        'LiveDesk sync: rate limit',
      )
      return { kind: 'sync', settings, ctx, api, items: [], next: recalled, from: recalled, cursor }
    }
    const hint = permissionHint(err, 'issues: write', ' Re-run the job when the GitHub API answers again.')
    throw new SyncError(
      `The open issues labelled ${MIRROR_LABEL} could not be listed (${message(err)}); nothing was synced.${hint}`,
    )
  }
  log.info(
    place
      ? `Checking the open issues labelled ${MIRROR_LABEL}, going on after issue #${place.after}.`
      : `Checking the open issues labelled ${MIRROR_LABEL}, least recently updated first.`,
  )

  const desk = clientOptions(log, settings)
  const authors = actionAuthors(api)
  // At the round's end, the room left takes issues updated since it began, oldest first, once a round
  // (the next run when this one has no room left): an issue that changes between every run would
  // otherwise be past the end whenever its turn came.
  const extra = page.last ? page.beyond.slice(0, Math.max(0, ISSUES_PER_RUN - page.issues.length)) : []
  const listed = [...page.issues.slice(0, ISSUES_PER_RUN), ...extra]
  const items: SyncItem[] = []
  let failures = 0
  let stopped: string | undefined
  for (const issue of listed) {
    // Calls made, writes planned, and what this issue may cost: its comments in pages of 100 (at most
    // MAX_LISTED are read), a news comment, closing and replies.
    const planned = items.reduce((n, i) => n + i.posts.length + (i.close ? 1 : 0), 0)
    const cost = commentPages(issue) + 2 + (settings.syncReplies ? REPLIES_PER_RUN : 0)
    const writes = 2 + (settings.syncReplies ? REPLIES_PER_RUN : 0)
    if (calls + planned + cost > GITHUB_CALLS_PER_RUN)
      stopped = `the run's budget of ${GITHUB_CALLS_PER_RUN} GitHub calls`
    else if (planned + writes > WRITES_PER_RUN) stopped = `the run's budget of ${WRITES_PER_RUN} GitHub writes`
    else if (failures >= FAILURES_IN_A_ROW) stopped = `${FAILURES_IN_A_ROW} issues in a row that could not be read`
    else if (Date.now() - started > SYNC_RUN_MS) stopped = `the run's time limit of ${SYNC_RUN_MS / 60_000} minutes`
    if (stopped) break
    const item: SyncItem = {
      issue: { number: issue.number, title: issue.title, url: issue.html_url ?? '' },
      posts: [],
      close: false,
      at: { since: issue.updated_at, after: issue.number, until },
    }
    items.push(item)
    try {
      const read = await planIssue({ settings, ctx, api, desk, authors, deadline: started + SYNC_RUN_MS }, issue, item)
      if (read !== undefined) failures = read ? 0 : failures + 1
    } catch (err) {
      // A rate limit ends the round here: the issue is left for the next run, which goes on from it.
      if (rateLimited(err)) {
        items.pop()
        stopped = `a rate limit (${err.message})`
        break
      }
      // Whatever else goes wrong with one issue is that issue's trouble, not the run's.
      item.posts = []
      item.close = false
      item.problem = `reading it failed (${message(err)})`
    }
  }
  const troubled = items.filter((item) => item.problem)
  for (const item of troubled.slice(0, ISSUE_WARNINGS)) {
    log.warning(
      `Issue #${item.issue.number} was not synced: ${item.problem}. The other issues go on; it is tried again in a later run.`,
      'LiveDesk sync: issue not synced',
    )
  }
  if (troubled.length > ISSUE_WARNINGS) {
    const more = troubled.slice(ISSUE_WARNINGS).map((i) => `#${i.issue.number}`)
    log.warning(
      `${more.length} more issues were not synced (${more.join(', ')}); the job summary says why for each. They are tried again in a later run.`,
      'LiveDesk sync: issues not synced',
    )
  }
  if (stopped)
    log.warning(
      `This run stopped after ${items.length} issues at ${stopped}; the next run goes on from there.`,
      'LiveDesk sync: stopped early',
    )

  // The next run goes on after the last issue checked; a new round begins when this run checked every
  // issue to the end of this one; the next run starts where this one did when this one checked none.
  const last = listed[items.length - 1]
  const inRoundDone = page.last && items.length >= page.issues.length
  const beyondWaits = page.beyond.length > 0 && extra.length === 0
  const next =
    inRoundDone && !beyondWaits ? undefined : last ? { since: last.updated_at, after: last.number, until } : place
  return { kind: 'sync', settings, ctx, api, items, next, from: recalled, cursor }
}

/**
 * The pace of the sync's writes: one a second (WRITE_INTERVAL_MS); LIVEDESK_SYNC_WRITE_INTERVAL_MS
 * (0 to 10000) sets another, for the tests and the benchmark, which post hundreds of comments to a
 * stand-in.
 */
function writeIntervalMs(env: NodeJS.ProcessEnv): number {
  const given = env.LIVEDESK_SYNC_WRITE_INTERVAL_MS
  return given !== undefined && /^\d{1,5}$/.test(given) && Number(given) <= 10_000 ? Number(given) : WRITE_INTERVAL_MS
}

interface Context {
  settings: Settings
  ctx: GitHubContext
  api: GitHubApiOptions
  desk: ClientOptions
  authors: ReturnType<typeof actionAuthors>
  /** When the run takes no more issues (ms since the epoch). */
  deadline: number
}

/**
 * What one issue gets, into `item`. Returns true when its ticket was read, false when the issue or
 * its ticket could not be read (toward the stop after FAILURES_IN_A_ROW), undefined otherwise.
 */
async function planIssue(
  { settings, ctx, api, desk, authors, deadline }: Context,
  issue: ListedIssue,
  item: SyncItem,
): Promise<boolean | undefined> {
  if ((issue.comments ?? 0) >= MAX_LISTED) {
    item.problem = `it has ${issue.comments} comments, and the sync reads at most ${MAX_LISTED}, so it cannot tell what it already posted there`
    return undefined
  }
  let comments: IssueComment[]
  try {
    // Each page of comments gets the GitHub deadline, all of them no more than the run has left.
    comments = await listIssueComments(
      { ...api, timeoutMs: Math.max(1000, Math.min(api.timeoutMs * commentPages(issue), deadline - Date.now())) },
      ctx.repository,
      issue.number,
    )
  } catch (err) {
    if (rateLimited(err)) throw err
    item.problem = `its comments could not be read (${message(err)})`
    return false
  }
  // Past the comments that can be read, the sync cannot know what it already posted: it posts nothing.
  if (comments.length >= MAX_LISTED || (issue.comments ?? 0) >= MAX_LISTED) {
    item.problem = `it has ${Math.max(comments.length, issue.comments ?? 0)} comments, and the sync reads at most ${MAX_LISTED}, so it cannot tell what it already posted there`
    return undefined
  }
  const marker = await findTrustedMarker(comments, authors)
  if (marker.unsure) {
    item.problem = `its ticket marker is by ${marker.ignored.join('; ')}, and GitHub could not say whether that is this token (${marker.unsure})`
    return undefined
  }
  if (!marker.ticketId) {
    item.note = `no ticket marker by the action${marker.ignored.length > 0 ? ` (ignored: ${marker.ignored.join('; ')})` : ''}`
    return undefined
  }
  const ticketId = marker.ticketId
  item.ticketId = ticketId
  item.ticketUrl = ticketUrl(settings.ticketUrlTemplate, ticketId)
  const others = markAuthorsBesidesTheBot(comments, ticketId)
  const trusted = await authors(others.length > 0)
  // Sync lines by others may be this token's (a personal token's user): when GitHub cannot say who
  // the token is, nothing is posted rather than something twice.
  if (others.length > 0 && trusted.unsure) {
    item.problem = `its sync comments are by ${others.join(', ')}, and GitHub could not say whether that is this token (${trusted.unsure}), so nothing is posted rather than something twice`
    return undefined
  }
  // A GitHub App's token writes as its own bot, and cannot say which: its lines would not count, and
  // everything would be posted again every run. Nothing is posted instead.
  const unsure = others.filter((login) => login.endsWith('[bot]') && !trusted(login))
  if (unsure.length > 0) {
    item.problem = `its sync comments are by ${unsure.join(', ')}, which may be this token's (a GitHub App's token cannot say who it is), so nothing is posted rather than something twice. Use the workflow's GITHUB_TOKEN or a personal access token as github_token`
    return undefined
  }
  const told = broughtBack(comments, trusted, ticketId)
  let state
  try {
    state = await getTicket(desk, ticketId)
  } catch (err) {
    item.problem = `LiveDesk ticket ${ticketId} could not be read (${err instanceof LiveDeskError && err.statusLine ? err.statusLine : message(err)})`
    return false
  }
  if (!state) {
    item.gone = true
    if (told.last?.kind !== 'gone')
      item.posts.push({ kind: 'news', body: newsComment(ticketId, item.ticketUrl, { kind: 'gone' }, false) })
    return true
  }
  const status = statusWord(state.status)
  item.status = status
  if (settings.syncReplies) {
    const fresh = state.messages.filter((m) => isDeskReply(m) && !told.replies.has(m.key)).slice(0, REPLIES_PER_RUN)
    for (const m of fresh)
      item.posts.push({
        kind: 'reply',
        body: replyComment(ticketId, item.ticketUrl, m.key, m.senderName, m.content, m.attachments),
      })
  }
  // A ticket starts open: the first news is a change from that. No status at all tells nothing.
  const before = told.last === undefined ? 'open' : told.last.kind === 'status' ? told.last.status : undefined
  const news = status !== '' && status !== before
  // A finished ticket closes its issue, with its news or later (a close that failed is so tried
  // again). An issue someone reopened is closed only by news the sync saw coming: a finished status
  // after an open one it had told. (The sync never sees a ticket close while its issue was closed.)
  const reopened = issue.state_reason === 'reopened'
  const toldOpen = told.last?.kind === 'status' && isOpenStatus(told.last.status)
  item.close = settings.closeIssues && !isOpenStatus(status) && (!reopened || (news && toldOpen))
  if (news)
    item.posts.push({
      kind: 'news',
      body: newsComment(ticketId, item.ticketUrl, { kind: 'status', status }, item.close),
    })
  return true
}

/**
 * The labelled issues after `place` and updated until `until`, pull requests left out: up to
 * PAGES_PER_RUN pages, read on only while ties at the place leave fewer than ISSUES_PER_RUN.
 * GitHub's `since` is inclusive: issues updated in the same second as the place are compared by number.
 */
async function listAfter(
  api: GitHubApiOptions,
  ctx: GitHubContext,
  place: SyncPlace | undefined,
  until: string,
): Promise<Page> {
  const since = place ? Date.parse(place.since) : Number.NEGATIVE_INFINITY
  const end = Date.parse(until)
  const issues: ListedIssue[] = []
  const beyond: ListedIssue[] = []
  // An issue updated between two page reads can be listed twice: it is taken once.
  const seen = new Set<number>()
  for (let number = 1; number <= PAGES_PER_RUN; number++) {
    const listed = await listOpenIssuesByLabel(api, ctx.repository, MIRROR_LABEL, {
      since: place?.since,
      count: LISTED_PER_PAGE,
      number,
    })
    for (const i of listed) {
      const at = Date.parse(i.updated_at)
      if ((i.pull_request !== undefined && i.pull_request !== null) || seen.has(i.number)) continue
      if (place && (at < since || (at === since && i.number <= place.after))) continue
      seen.add(i.number)
      if (at > end) beyond.push(i)
      else issues.push(i)
    }
    // The list is in order of updates: once past the round's end, the rest is too.
    if (listed.length < LISTED_PER_PAGE || beyond.length > 0) return { issues, last: true, beyond }
    if (issues.length >= ISSUES_PER_RUN) break
  }
  return { issues, last: false, beyond }
}

/** The pages of 100 an issue's comments take to read, by the list's count (at most MAX_LISTED are read). */
function commentPages(issue: ListedIssue): number {
  return Math.ceil((Math.min(issue.comments ?? 0, MAX_LISTED) + 1) / PER_PAGE)
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
