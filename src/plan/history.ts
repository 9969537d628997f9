// A ticket's history of the same failure, kept at the end of its description: "Failed again" and
// "Recovered" entries under one heading, newest last. The text before the heading (the first
// occurrence's description) is never touched; when the whole would pass 1 MiB, the oldest entries
// give way first, and a visible note says how many. Pure: tests call it with plain strings.
import type { GitHubContext } from '../github/context.js'
import { DESCRIPTION_LIMIT_BYTES, fitDescription } from '../livedesk/ticket.js'
import { markdownText } from '../text/markdown.js'
import { oneLine } from '../text/server-text.js'

export const HISTORY_HEADING = '### Since this ticket was opened'
const NOTE = /^_(\d+) older entr(?:y was|ies were) removed to stay within 1 MiB\._$/
const RECOVERED = /^- \*\*Recovered\*\*/

export interface History {
  /** The description up to the history: the first occurrence's text. */
  head: string
  entries: string[]
  /** Entries removed earlier, by the note under the heading. */
  removed: number
}

export function readHistory(description: string): History {
  const at = description.lastIndexOf(`\n${HISTORY_HEADING}\n`)
  if (at < 0) return { head: description, entries: [], removed: 0 }
  const head = description.slice(0, at).replace(/\n+---\n*$/, '')
  let removed = 0
  const entries: string[] = []
  // Every other line under the heading (a note a desk agent added, say) is kept as it stands.
  for (const line of description.slice(at + HISTORY_HEADING.length + 2).split('\n')) {
    const note = NOTE.exec(line.trim())
    if (note) removed = Number(note[1])
    else if (line.trim() !== '') entries.push(line)
  }
  return { head, entries, removed }
}

/** The latest entry is a recovery: noting it again would say nothing new. */
export function lastIsRecovery(history: History): boolean {
  const last = history.entries.filter((e) => e.startsWith('- ')).at(-1)
  return last !== undefined && RECOVERED.test(last)
}

/**
 * The description with `entry` added to its history, within the 1 MiB limit. Sizes are summed, not
 * rendered again for each entry that gives way: thousands of entries beside a big first description
 * cost one render.
 */
export function withHistoryEntry(description: string, entry: string, limitBytes = DESCRIPTION_LIMIT_BYTES): string {
  const history = readHistory(description)
  const all = [...history.entries, entry]
  const render = (head: string, entries: string[], removed: number): string => {
    const note =
      removed > 0
        ? `_${removed} older entr${removed === 1 ? 'y was' : 'ies were'} removed to stay within 1 MiB._\n\n`
        : ''
    return `${head}${head ? '\n\n' : ''}---\n${HISTORY_HEADING}\n\n${note}${entries.join('\n')}`
  }
  const headBytes = Buffer.byteLength(history.head)
  const frame = (removed: number): number =>
    Buffer.byteLength(render('', [], removed)) + (headBytes > 0 ? headBytes + 2 : 0)
  let entriesBytes = all.reduce((n, e) => n + Buffer.byteLength(e) + 1, -1)
  // The oldest entries give way first; the newest stays.
  let first = 0
  while (first < all.length - 1 && frame(history.removed + first) + entriesBytes > limitBytes) {
    entriesBytes -= Buffer.byteLength(all[first]) + 1
    first++
  }
  const kept = all.slice(first)
  const removed = history.removed + first
  if (frame(removed) + entriesBytes <= limitBytes) return render(history.head, kept, removed)
  // Only when the first description alone nearly fills 1 MiB does its end give way, with a note.
  const room = limitBytes - Buffer.byteLength(render('', kept, removed))
  return render(fitDescription(history.head, Math.max(0, room - 2)), kept, removed)
}

/** "- **Failed again** on 2026-11-25 10:42 UTC in [run 1658821493, attempt 2](…): build: Run tests" */
export function failedAgainEntry(ctx: GitHubContext, failedJobs: string | undefined, now = new Date()): string {
  const jobs = failedJobs ? `: ${markdownText(oneLine(failedJobs, 500))}` : ''
  return `- **Failed again** on ${stamp(now)} in ${runLink(ctx)}${jobs}`
}

/** "- **Due again** on 2026-12-07 ([run 6102](…)): this ticket now covers 2 periods." */
export function dueAgainEntry(ctx: GitHubContext, periods: number, now = new Date()): string {
  return `- **Due again** on ${now.toISOString().slice(0, 10)} (${runLink(ctx)}): this ticket now covers ${periods} periods.`
}

export function recoveredEntry(ctx: GitHubContext, now = new Date()): string {
  return `- **Recovered** on ${stamp(now)} in ${runLink(ctx)}`
}

function stamp(now: Date): string {
  return `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** The run the entry is about (for a reporter, the run it reports on), linked. */
function runLink(ctx: GitHubContext): string {
  const { runId, runAttempt, runUrl } = ctx.reported
  const label = `run ${runId}${runAttempt ? `, attempt ${runAttempt}` : ''}`
  return runUrl ? `[${label}](${runUrl})` : label
}
