// The scheduled sync's plan (sync: issues): which mirrored issues this run checks, and what each gets
// from its ticket. GitHub and LiveDesk are read here; nothing is written anywhere (carry.ts posts what
// this plan says). The decisions are pure and live beside it: where the list goes on (place.ts), what
// a run may spend (budget.ts), what one issue gets (issue.ts decideNews).
import { permissionHint, rateLimited } from '../github/errors.js'
import { githubApiOptions, type GitHubApiOptions } from '../github/octokit-client.js'
import type { ListedIssue } from '../github/shapes.js'
import type { GitHubContext } from '../github/context.js'
import { InputError } from '../inputs/problems.js'
import type { Settings } from '../inputs/settings.js'
import { clientOptions } from '../livedesk/client-options.js'
import { actionAuthors, MIRROR_LABEL } from '../memory/issue-marker.js'
import type { Log } from '../runner/runner.js'
import { message } from '../text/message.js'
import { issueCost, stopReason, SYNC_RUN_MS, type Spent } from './budget.js'
import { planIssue, type IssueDecision, type IssueReader } from './issue.js'
import { listFrom, type Listing } from './list.js'
import { syncCursor, type SyncCursor, type SyncPlace } from './memory.js'
import { nextPlace, takeIssues } from './place.js'
import { SyncError } from './sync-error.js'

/** The sync's writes go at once for the first few, then one a second (GitHub's "Best practices"). */
const WRITE_BURST = 5
const WRITE_INTERVAL_MS = 1000
/** Issues whose trouble gets a warning of its own; the rest are counted in one (GitHub keeps 10 a step). */
const ISSUE_WARNINGS = 5

export interface SyncItem {
  issue: { number: number; title: string; url: string }
  /** The issue's place in the list: a run that stops after this issue goes on from here. */
  at: SyncPlace
  decision: IssueDecision
}

export interface SyncPlan {
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

export async function planSync(
  log: Log,
  settings: Settings,
  ctx: GitHubContext,
  env: NodeJS.ProcessEnv = {},
): Promise<SyncPlan> {
  if (!settings.githubToken) {
    throw new InputError([
      'github_token: is empty; sync: issues reads the mirrored issues and comments on them. Leave the default (the workflow\'s token) and give the workflow "permissions: issues: write".',
    ])
  }
  const started = Date.now()
  const spent: Spent = { calls: 0, writes: 0, failuresInARow: 0, elapsedMs: 0 }
  const api: GitHubApiOptions = {
    ...githubApiOptions(ctx.apiUrl, settings.githubToken, settings.timeoutMs, (line) => log.debug(line)),
    onRequest: () => spent.calls++,
    writePace: { intervalMs: writeIntervalMs(env), burst: WRITE_BURST },
  }
  const cursor = syncCursor(api, ctx, settings.apiSecret)
  const recalled = await recallPlace(log, cursor)
  const listing = await listOrStop(log, api, ctx, recalled)
  if (!listing) return { settings, ctx, api, items: [], next: recalled, from: recalled, cursor }
  log.info(
    listing.from
      ? `Checking the open issues labelled ${MIRROR_LABEL}, going on after issue #${listing.from.after}.`
      : `Checking the open issues labelled ${MIRROR_LABEL}, least recently updated first.`,
  )
  const taken = takeIssues(listing.page)
  const reader: IssueReader = {
    settings,
    ctx,
    api,
    desk: clientOptions(log, settings),
    authors: actionAuthors(api),
    deadline: started + SYNC_RUN_MS,
  }
  const { items, stopped } = await planIssues(reader, taken.listed, listing.until, spent, started)
  warnTroubled(log, items)
  if (stopped)
    log.warning(
      `This run stopped after ${items.length} issues at ${stopped}; the next run goes on from there.`,
      'LiveDesk sync: stopped early',
    )
  const next = nextPlace(listing.page, taken, items.length, listing.from, listing.until)
  return { settings, ctx, api, items, next, from: recalled, cursor }
}

/** Each issue in turn, while the budget lasts; a rate limit ends the run there, the issue left for the next. */
async function planIssues(
  reader: IssueReader,
  listed: ListedIssue[],
  until: string,
  spent: Spent,
  started: number,
): Promise<{ items: SyncItem[]; stopped?: string }> {
  const items: SyncItem[] = []
  for (const issue of listed) {
    const stopped = stopReason(
      { ...spent, elapsedMs: Date.now() - started },
      issueCost(issue, reader.settings.syncReplies),
    )
    if (stopped) return { items, stopped }
    let decision: IssueDecision
    try {
      decision = await planIssue(reader, issue)
    } catch (err) {
      if (rateLimited(err)) return { items, stopped: `a rate limit (${err.message})` }
      // Whatever else goes wrong with one issue is that issue's trouble, not the run's.
      decision = { kind: 'problem', problem: `reading it failed (${message(err)})`, unreadable: false }
    }
    items.push({
      issue: { number: issue.number, title: issue.title, url: issue.html_url ?? '' },
      at: { since: issue.updated_at, after: issue.number, until },
      decision,
    })
    spent.writes += decision.kind === 'linked' ? decision.posts.length + (decision.close ? 1 : 0) : 0
    if (decision.kind === 'linked') spent.failuresInARow = 0
    else if (decision.kind === 'problem' && decision.unreadable) spent.failuresInARow++
  }
  return { items }
}

/** Where the last run stopped; undefined (a warning) when it cannot be read: this run starts over. */
async function recallPlace(log: Log, cursor: SyncCursor): Promise<SyncPlace | undefined> {
  try {
    const found = await cursor.recall()
    if (found.forged.length > 0)
      log.warning(
        `Ignored sync records not signed with this api_secret in: ${found.forged.join('; ')}.`,
        'LiveDesk sync: record ignored',
      )
    return found.place
  } catch (err) {
    const hint = permissionHint(err, 'actions: read, checks: read')
    log.warning(
      `Where the last sync stopped could not be read (${message(err)}); this run starts with the least recently updated issues.${hint}`,
      'LiveDesk sync: starting over',
    )
    return undefined
  }
}

/** The list from the place; undefined (a warning) at a rate limit, which keeps the place; any other trouble ends the run. */
async function listOrStop(
  log: Log,
  api: GitHubApiOptions,
  ctx: GitHubContext,
  place: SyncPlace | undefined,
): Promise<Listing | undefined> {
  try {
    return await listFrom(api, ctx, place)
  } catch (err) {
    if (rateLimited(err)) {
      // Nothing lost: the place is written again, and the next run goes on from it.
      log.warning(
        `The open issues labelled ${MIRROR_LABEL} could not be listed: ${err.message}. Nothing was synced this run; the next run goes on from the same place.`,
        'LiveDesk sync: rate limit',
      )
      return undefined
    }
    const hint = permissionHint(err, 'issues: write', ' Re-run the job when the GitHub API answers again.')
    throw new SyncError(
      `The open issues labelled ${MIRROR_LABEL} could not be listed (${message(err)}); nothing was synced.${hint}`,
    )
  }
}

/** A warning for each issue in trouble, up to ISSUE_WARNINGS; one for the rest (the summary names each). */
function warnTroubled(log: Log, items: SyncItem[]): void {
  const troubled = items.filter((item) => item.decision.kind === 'problem')
  for (const { issue, decision } of troubled.slice(0, ISSUE_WARNINGS)) {
    const problem = decision.kind === 'problem' ? decision.problem : ''
    log.warning(
      `Issue #${issue.number} was not synced: ${problem}. The other issues go on; it is tried again in a later run.`,
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
}

/**
 * The pace of the sync's writes: one a second (WRITE_INTERVAL_MS); LIVEDESK_SYNC_WRITE_INTERVAL_MS
 * (0 to 10000) sets another, for the tests and the benchmark, which post hundreds of comments to a
 * stand-in.
 */
export function writeIntervalMs(env: NodeJS.ProcessEnv): number {
  const given = env.LIVEDESK_SYNC_WRITE_INTERVAL_MS
  return given !== undefined && /^\d{1,5}$/.test(given) && Number(given) <= 10_000 ? Number(given) : WRITE_INTERVAL_MS
}
