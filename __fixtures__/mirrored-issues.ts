// Issues as the mirror leaves them, for the sync tests: open, labelled livedesk, the marker comment by
// github-actions[bot], and an open ticket in the LiveDesk stand-in; and the comments the sync wrote.
import type { GitHubStandIn } from './github-stand-in.mjs'
import type { LiveDeskStandIn } from './livedesk-stand-in.mjs'
import { markerComment } from '../src/memory/issue-marker.js'

export const REPO = 'octo-org/checkout-service'
export const BOT = { login: 'github-actions[bot]', type: 'Bot' }

export const ticketOf = (n: number): string => `tk_sync_${String(n).padStart(4, '0')}`

/** `count` mirrored issues from number `first`, each updated one second after the one before. */
export function mirrored(github: GitHubStandIn, desk: LiveDeskStandIn, count: number, first = 1): void {
  for (let n = first; n < first + count; n++) {
    mirroredIssue(github, n)
    desk.tickets.set(ticketOf(n), {
      ticket_id: ticketOf(n),
      title: `Checkout fails for order ${n}`,
      status: 'open',
      conversation_list: [],
    })
  }
}

/**
 * Issue `n` as the sync finds it, open and labelled livedesk, updated a second after the last: its one
 * comment the mirror's marker of ticketOf(n) by the bot, or `comment` (a marker planted by hand, say).
 * No ticket on the desk.
 */
export function mirroredIssue(
  github: GitHubStandIn,
  n: number,
  comment: { body: string; user?: { login: string; type: string } } = { body: markerComment(ticketOf(n), undefined) },
): void {
  github.state.clock += 1000
  github.state.issues.set(n, {
    number: n,
    title: `Checkout fails for order ${n}`,
    state: 'open',
    labels: [{ name: 'bug' }, { name: 'livedesk' }],
    html_url: `https://github.com/${REPO}/issues/${n}`,
    updated_at: new Date(github.state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  })
  github.state.comments.set(n, [{ id: 100 + n, user: BOT, ...comment }])
}

/** A marker comment's text as anyone may write it, `ticketId` as given (markerComment would refuse or encode it). */
export const plantedMarker = (ticketId: string, text = 'hi'): string =>
  `<!-- livedesk-ticket-action ticket_id=${ticketId} -->\n${text}`

/** The comments the sync wrote on issue `n` (not the mirror's marker). */
export function syncComments(github: GitHubStandIn, n: number): { body: string; [key: string]: unknown }[] {
  return (github.state.comments.get(n) ?? []).filter((c) => String(c.body).startsWith('<!-- livedesk-sync ')) as {
    body: string
  }[]
}
