// Issues as the mirror leaves them, for the sync tests: open, labelled livedesk, the marker comment by
// github-actions[bot], and an open ticket in the LiveDesk stand-in; and the comments the sync wrote.
import type { GitHubStandIn } from '../scripts/github-stand-in.mjs'
import type { LiveDeskStandIn } from '../scripts/livedesk-stand-in.mjs'
import { markerComment } from '../src/memory/issue-marker.js'

export const REPO = 'octo-org/checkout-service'
export const BOT = { login: 'github-actions[bot]', type: 'Bot' }

export const ticketOf = (n: number): string => `tk_sync_${String(n).padStart(4, '0')}`

/** `count` mirrored issues from number `first`, each updated one second after the one before. */
export function mirrored(github: GitHubStandIn, desk: LiveDeskStandIn, count: number, first = 1): void {
  for (let n = first; n < first + count; n++) {
    github.state.clock += 1000
    github.state.issues.set(n, {
      number: n,
      title: `Checkout fails for order ${n}`,
      state: 'open',
      labels: [{ name: 'bug' }, { name: 'livedesk' }],
      html_url: `https://github.com/${REPO}/issues/${n}`,
      updated_at: new Date(github.state.clock).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })
    github.state.comments.set(n, [{ id: 100 + n, body: markerComment(ticketOf(n), undefined), user: BOT }])
    desk.tickets.set(ticketOf(n), {
      ticket_id: ticketOf(n),
      title: `Checkout fails for order ${n}`,
      status: 'open',
      conversation_list: [],
    })
  }
}

/** The comments the sync wrote on issue `n` (not the mirror's marker). */
export function syncComments(github: GitHubStandIn, n: number): { body: string; [key: string]: unknown }[] {
  return (github.state.comments.get(n) ?? []).filter((c) => String(c.body).startsWith('<!-- livedesk-sync ')) as {
    body: string
  }[]
}
