// The issue mirror's memory: a hidden marker comment on the issue, written by the action when it
// opens the issue's ticket, that later events of the issue find. Anyone can comment, so only markers
// by github-actions[bot] or the token's own account are trusted.
import { GitHubApiError, permissionHint, rateLimited } from '../github/errors.js'
import { addIssueLabels, createIssueComment, listIssueComments, tokenLogin } from '../github/issues.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { IssueComment } from '../github/shapes.js'
import type { GitHubContext } from '../github/context.js'
import { isUsableTicketId } from '../livedesk/ticket.js'
import type { Log } from '../runner/runner.js'
import type { Recalled, TicketMemory } from './memory.js'
import { message } from '../text/message.js'

/** The issue mirror cannot tell whether the issue already has a ticket, so it opens none. */
export class IssueLinkError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'IssueLinkError'
  }
}

/** Markers by someone GitHub could not say is this token: they may be the action's own. */
class UnsureMarker extends Error {}

/** The label the mirror puts on every issue it opened a ticket for: the scheduled sync lists them by it. */
export const MIRROR_LABEL = 'livedesk'

/** The login of the GITHUB_TOKEN's comments; its markers are trusted without asking GitHub. */
export const ACTIONS_BOT = 'github-actions[bot]'
// Only at the very start of a comment, as markerComment writes it: another workflow's bot comment
// that quotes issue text cannot plant one.
const MARKER = /^<!-- livedesk-ticket-action ticket_id=(\S{1,200}) -->(?:\r?\n|$)/

export interface MarkedIssue {
  number: number
  /** An `opened` event's first run: the only one that may open a ticket without having looked. */
  justOpened: boolean
}

export function issueMarkerMemory(
  log: Log,
  api: GitHubApiOptions,
  ctx: GitHubContext,
  issue: MarkedIssue,
): TicketMemory {
  return {
    recall: () => recallMarker(log, api, ctx, issue),
    // The marker names the ticket opened for the issue; an update changes nothing of it.
    remember: async (ticket) => {
      if (ticket.verb === 'opened') await rememberMarker(log, api, ctx, issue.number, ticket.id, ticket.url)
    },
  }
}

/**
 * The ticket the issue's marker names. When the comments cannot be read (or GitHub cannot say whose a
 * marker is), a just opened issue gets a new ticket with a warning; any other event opens nothing.
 */
async function recallMarker(
  log: Log,
  api: GitHubApiOptions,
  ctx: GitHubContext,
  issue: MarkedIssue,
): Promise<Recalled> {
  let reason = 'github_token is empty.'
  if (api.token) {
    try {
      const found = await findMarkedTicket(api, ctx, issue.number)
      if (found.ignored.length > 0) {
        log.warning(
          `Ignored ticket marker comments on issue #${issue.number} by: ${found.ignored.join('; ')}.`,
          'LiveDesk ticket: marker ignored',
        )
      }
      return { ticketId: found.ticketId }
    } catch (err) {
      reason = unreadWhy(err)
    }
  }
  if (issue.justOpened) {
    log.warning(
      `Issue #${issue.number} was just opened, so a new ticket is opened, but ${reason}`,
      'LiveDesk ticket: issue comments not read',
    )
    return { unread: true }
  }
  throw new IssueLinkError(
    `Issue #${issue.number} may already have a LiveDesk ticket, but ${reason} No ticket was opened or updated, so the issue does not get a second one.`,
  )
}

/** Why the marker could not be told, and what brings the ticket up to date. */
function unreadWhy(err: unknown): string {
  const again =
    rateLimited(err) || err instanceof UnsureMarker
      ? ' The next event of this issue, or a re-run of this job, brings the ticket up to date.'
      : ' Re-run the job when the GitHub API answers again.'
  if (err instanceof UnsureMarker) return `${err.message}.${again}`
  return `its comments could not be read (${message(err)}).${permissionHint(err, 'issues: write', again)}`
}

/**
 * The marker comment on the issue (without it, later events cannot find the ticket), then the label
 * the scheduled sync finds the issue by. Trouble is a warning: the ticket exists.
 */
async function rememberMarker(
  log: Log,
  api: GitHubApiOptions,
  ctx: GitHubContext,
  issue: number,
  ticketId: string,
  url: string | undefined,
): Promise<void> {
  if (!api.token) {
    log.warning(
      `Opened ticket ${ticketId}, but github_token is empty, so issue #${issue} was not commented on; later events for it will open another ticket.`,
      'LiveDesk ticket: issue not linked',
    )
    return
  }
  try {
    await createIssueComment(api, ctx.repository, issue, markerComment(ticketId, url))
    log.info(`Commented on issue #${issue} with the ticket id.`)
  } catch (err) {
    log.warning(
      `Opened ticket ${ticketId}, but the comment on issue #${issue} could not be written (${message(err)}). Later events for this issue will not find the ticket and will open another one.${permissionHint(err, 'issues: write')}`,
      'LiveDesk ticket: issue not linked',
    )
    return
  }
  try {
    await addIssueLabels(api, ctx.repository, issue, [MIRROR_LABEL])
  } catch (err) {
    log.warning(
      `Issue #${issue} is linked to ticket ${ticketId}, but the label ${MIRROR_LABEL} could not be added (${message(err)}); the scheduled sync (sync: issues) finds only labelled issues, so add it by hand.`,
      'LiveDesk ticket: issue not labelled',
    )
  }
}

export function markerComment(ticketId: string, url: string | undefined): string {
  const ticket = url ? `[${ticketId}](${url})` : `\`${ticketId}\``
  return `<!-- livedesk-ticket-action ticket_id=${ticketId} -->\nLiveDesk ticket ${ticket} mirrors this issue. Later changes to the issue (edits, labels, closing, reopening) update that ticket.`
}

export interface MarkerSearch {
  ticketId?: string
  /** Markers left aside, as "login (reason)", for a warning. */
  ignored: string[]
  /** Why GitHub could not say who the token is, when that left markers aside that may be its own. */
  unsure?: string
}

/** The ticket id of the oldest marker comment by a trusted author with a usable id. */
export function findMarker(comments: IssueComment[], trusted: (login: string) => boolean): MarkerSearch {
  const ignored: string[] = []
  for (const comment of comments) {
    const match = MARKER.exec(comment.body ?? '')
    if (!match) continue
    const login = comment.user?.login ?? 'unknown'
    if (!trusted(login)) ignored.push(`${login} (not written by ${ACTIONS_BOT} or the token's account)`)
    else if (!isUsableTicketId(match[1])) ignored.push(`${login} (unusable ticket id)`)
    else return { ticketId: match[1], ignored }
  }
  return { ignored }
}

/** Whether a login wrote a comment as the action; `unsure` says why GitHub could not tell who the token is. */
export type Trust = ((login: string) => boolean) & { unsure?: string }

/**
 * Who writes the action's comments: github-actions[bot], and the token's own account when it has one
 * (a personal token writes as its user). GitHub is asked who the token is at most once, and only when
 * `needed` (someone else's marker was found). A 403 is an answer (an installation token has no user:
 * only github-actions[bot] is trusted), unless it is a rate limit; any other failure leaves it `unsure`.
 */
export function actionAuthors(api: GitHubApiOptions): (needed: boolean) => Promise<Trust> {
  let self: Promise<{ login?: string; unsure?: string }> | undefined
  return async (needed) => {
    if (!needed && self === undefined) return (login: string) => login === ACTIONS_BOT
    const found = await (self ??= tokenLogin(api).then(
      (login): { login?: string; unsure?: string } => ({ login }),
      // A rate limit is a 403 too, and says nothing of who the token is.
      (err: unknown): { login?: string; unsure?: string } =>
        err instanceof GitHubApiError && err.status === 403 && !rateLimited(err) ? {} : { unsure: message(err) },
    ))
    const trust: Trust = (l: string) => l === ACTIONS_BOT || (found.login !== undefined && l === found.login)
    if (found.unsure) trust.unsure = found.unsure
    return trust
  }
}

/**
 * Reads the issue's comments for a marker. Markers by github-actions[bot] are trusted at once; only
 * when others carry one is GitHub asked who the token is.
 */
async function findMarkedTicket(api: GitHubApiOptions, ctx: GitHubContext, issue: number): Promise<MarkerSearch> {
  const comments = await listIssueComments(api, ctx.repository, issue)
  const found = await findTrustedMarker(comments, actionAuthors(api))
  // A marker by a personal token's user may be this token's own: not knowing is not "no ticket".
  if (!found.ticketId && found.unsure)
    throw new UnsureMarker(
      `its marker comments are by ${found.ignored.join('; ')}, and GitHub could not say whether that is this token (${found.unsure})`,
    )
  return found
}

/** The marker of these comments, trusting the token's account too when only others' markers are found. */
export async function findTrustedMarker(
  comments: IssueComment[],
  authors: ReturnType<typeof actionAuthors>,
): Promise<MarkerSearch> {
  const first = findMarker(comments, await authors(false))
  if (first.ticketId || first.ignored.length === 0) return first
  const trust = await authors(true)
  const second = findMarker(comments, trust)
  return !second.ticketId && trust.unsure ? { ...second, unsure: trust.unsure } : second
}
