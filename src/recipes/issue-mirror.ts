// The issue-mirror recipe: an `issues` event → the ticket's title, description and github_issue_*
// fields, for the issue's whole life (memory/issue-marker.ts keeps which ticket that is). Knows
// nothing of LiveDesk.
import { getIssue } from '../github/issues.js'
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { GitHubContext } from '../github/context.js'
import type { InputValues } from '../inputs/read-inputs.js'
import type { Log } from '../runner/runner.js'
import { isRecord } from '../text/server-text.js'
import { message } from '../text/message.js'

export interface Issue {
  number: number
  title: string
  body: string
  author: string
  labels: string[]
  url: string
  state: string
}

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
    labels: labels
      .map((l) => (isRecord(l) && typeof l.name === 'string' ? l.name : typeof l === 'string' ? l : ''))
      .filter((l) => l !== ''),
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

/**
 * The issue as it is now, on a re-run: a re-run replays its event's payload, and the ticket must not
 * fall back to what the issue once was. Unreadable: a warning, and the payload's issue.
 */
export async function refreshIssue(log: Log, api: GitHubApiOptions, ctx: GitHubContext, issue: Issue): Promise<Issue> {
  if (Number(ctx.runAttempt) <= 1 || !api.token) return issue
  try {
    return toIssue(await getIssue(api, ctx.repository, issue.number)) ?? issue
  } catch (err) {
    log.warning(
      `This is a re-run, and issue #${issue.number} could not be read as it is now (${message(err)}); the ticket gets the issue as the original event described it.`,
      'LiveDesk ticket: issue not refreshed',
    )
    return issue
  }
}
