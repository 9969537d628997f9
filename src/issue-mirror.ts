// The issue-mirror recipe: an `issues` event → the ticket's title, description and github_issue_*
// fields, and the hidden marker comment that ties the issue to its one ticket for its whole life.
// Pure except findMarkedTicket, which reads comments through github-api.ts. Knows nothing of LiveDesk.
import { createIssueComment, getIssue, listIssueComments, tokenLogin, type GitHubApiOptions, type IssueComment } from './github-client.js'
import type { GitHubContext } from './github-context.js'
import type { InputValues } from './settings.js'
import { isRecord } from './server-text.js'
import { isUsableTicketId } from './ticket-request.js'

export interface Issue {
  number: number
  title: string
  body: string
  author: string
  labels: string[]
  url: string
  state: string
}

/** The login of the GITHUB_TOKEN's comments; its markers are trusted without asking GitHub. */
export const ACTIONS_BOT = 'github-actions[bot]'
// Only at the very start of a comment, as markerComment writes it: another workflow's bot comment
// that quotes issue text cannot plant one.
const MARKER = /^<!-- livedesk-ticket-action ticket_id=(\S{1,200}) -->(?:\r?\n|$)/

/** The issue of an `issues` event, or undefined for any other event. */
export function readIssue(ctx: GitHubContext): Issue | undefined {
  return ctx.eventName === 'issues' ? toIssue(ctx.event.issue) : undefined
}

/** An issue as the webhook payload and the REST API both describe it. */
export function toIssue(issue: unknown): Issue | undefined {
  if (!isRecord(issue) || typeof issue.number !== 'number' || typeof issue.title !== 'string') return undefined
  const user = isRecord(issue.user) ? issue.user : {}
  const labels = Array.isArray(issue.labels) ? issue.labels : []
  return {
    number: issue.number,
    title: issue.title,
    body: typeof issue.body === 'string' ? issue.body : '',
    author: typeof user.login === 'string' ? user.login : '',
    labels: labels.map((l) => (isRecord(l) && typeof l.name === 'string' ? l.name : typeof l === 'string' ? l : '')).filter((l) => l !== ''),
    url: typeof issue.html_url === 'string' ? issue.html_url : '',
    state: typeof issue.state === 'string' ? issue.state : '',
  }
}

/** The title and description the issue gives the ticket (explicit inputs still win over them). */
export function issueValues(issue: Issue): InputValues {
  const head = [
    `**GitHub issue:** ${issue.url ? `[#${issue.number}](${issue.url})` : `#${issue.number}`}`,
    `**Author:** ${issue.author ? `@${issue.author}` : 'unknown'}`,
    `**Labels:** ${issue.labels.length > 0 ? issue.labels.map((l) => `\`${l.replace(/`/g, "'")}\``).join(', ') : 'none'}`,
    `**State:** ${issue.state || 'unknown'}`,
  ]
  const body = issue.body.trim() === '' ? '_No description provided._' : issue.body
  return { title: issue.title, description: `${head.join('  \n')}\n\n---\n\n${body}` }
}

export function issueFields(issue: Issue): Record<string, string> {
  const fields: Record<string, string> = {
    github_issue_number: String(issue.number),
    github_issue_url: issue.url,
    github_issue_state: issue.state,
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''))
}

export function markerComment(ticketId: string, url: string | undefined): string {
  const ticket = url ? `[${ticketId}](${url})` : `\`${ticketId}\``
  return `<!-- livedesk-ticket-action ticket_id=${ticketId} -->\nLiveDesk ticket ${ticket} mirrors this issue. Later changes to the issue (edits, labels, closing, reopening) update that ticket.`
}

export interface MarkerSearch {
  ticketId?: string
  /** Markers left aside, as "login (reason)", for a warning. */
  ignored: string[]
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

/**
 * Reads the issue's comments for a marker. Markers by github-actions[bot] are trusted at once; only
 * when others carry one is GitHub asked who the token is (a personal token writes as its user).
 */
export async function findMarkedTicket(api: GitHubApiOptions, ctx: GitHubContext, issue: Issue): Promise<MarkerSearch> {
  const comments = await listIssueComments(api, ctx.repository, issue.number)
  const first = findMarker(comments, (login) => login === ACTIONS_BOT)
  if (first.ticketId || first.ignored.length === 0) return first
  let self: string | undefined
  try {
    self = await tokenLogin(api)
  } catch {
    self = undefined // an installation token has no user: only github-actions[bot] is trusted
  }
  return self ? findMarker(comments, (login) => login === ACTIONS_BOT || login === self) : first
}

/** The issue as it is now, for a re-run; undefined when GitHub returns no usable issue. */
export async function currentIssue(api: GitHubApiOptions, ctx: GitHubContext, issue: Issue): Promise<Issue | undefined> {
  return toIssue(await getIssue(api, ctx.repository, issue.number))
}

export async function writeMarker(api: GitHubApiOptions, ctx: GitHubContext, issue: Issue, ticketId: string, url: string | undefined): Promise<void> {
  await createIssueComment(api, ctx.repository, issue.number, markerComment(ticketId, url))
}

