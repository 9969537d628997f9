// How a sync run ends in words: the outputs (issues checked, updated, closed) and a job summary
// table of the issues it checked, or the words of a sync that failed. Issue titles are untrusted:
// they reach the summary only as cells.
import { InputError } from '../inputs/problems.js'
import { endFailed } from '../runner/ending.js'
import { writeOutputs } from '../runner/outputs.js'
import type { Runner } from '../runner/runner.js'
import { cell } from '../text/markdown.js'
import { message } from '../text/message.js'
import { wasUpdated, type SyncOutcome, type SyncRow } from './carry.js'
import { SyncError } from './sync-error.js'

export async function reportSync(runner: Runner, outcome: SyncOutcome): Promise<number> {
  const { rows, dryRun } = outcome
  const updated = rows.filter(wasUpdated).length
  const closed = rows.filter((r) => r.closed).length
  const outputsTrouble = writeOutputs(runner, {
    status: dryRun ? 'dry_run' : 'synced',
    issues_checked: String(rows.length),
    issues_updated: String(updated),
    issues_closed: String(closed),
  })
  runner.info(
    `${dryRun ? 'Dry run: nothing was posted. ' : ''}Checked ${rows.length} mirrored issue${rows.length === 1 ? '' : 's'}: ${updated} ${dryRun ? 'would be ' : ''}updated, ${closed} ${dryRun ? 'would be ' : ''}closed.`,
  )
  const summaryTrouble = await runner.appendSummary(syncSummary(outcome, updated, closed))
  if (outputsTrouble)
    runner.warning(
      `The step's outputs could not be written to ${outputsTrouble}.`,
      'LiveDesk sync: outputs not written',
    )
  if (summaryTrouble)
    runner.warning(
      `The job summary could not be written to ${summaryTrouble}; what was brought back is in this log.`,
      'LiveDesk sync: summary not written',
    )
  return 0
}

function syncSummary(outcome: SyncOutcome, updated: number, closed: number): string {
  const { rows, dryRun, next } = outcome
  const head = dryRun ? '### LiveDesk sync: dry run, nothing posted' : '### LiveDesk sync'
  const counts = `${rows.length} issue${rows.length === 1 ? '' : 's'} checked, ${updated} ${dryRun ? 'would be ' : ''}updated, ${closed} ${dryRun ? 'would be ' : ''}closed.`
  const where = next
    ? `The next run goes on after issue #${next.after}.`
    : 'The next run starts with the least recently updated issue.'
  if (rows.length === 0) return `${head}\n\nNo open issue is labelled livedesk. ${where}\n`
  const table = ['| Issue | Ticket | Ticket status | Brought back |', '|---|---|---|---|', ...rows.map(row)]
  return `${head}\n\n${counts} ${where}\n\n${table.join('\n')}\n`
}

function row(r: SyncRow): string {
  const { issue, decision } = r.item
  const title = `${issue.url ? `[#${issue.number}](${issue.url})` : `#${issue.number}`} ${cell(issue.title)}`
  const linked = decision.kind === 'linked' ? decision : undefined
  const ticket = cell(linked?.ticketId ?? (decision.kind === 'problem' ? decision.ticketId : undefined))
  const status = linked?.gone ? 'no longer in LiveDesk' : cell(linked?.status)
  return `| ${title} | ${ticket} | ${status} | ${broughtBack(r)} |`
}

/** The last cell: what the issue got, or why it got nothing. */
function broughtBack(r: SyncRow): string {
  const { decision } = r.item
  if (decision.kind === 'problem') return `not synced: ${cell(decision.problem)}`
  if (decision.kind === 'unlinked') return cell(decision.note)
  const brought = [
    r.repliesPosted > 0 ? `${r.repliesPosted} repl${r.repliesPosted === 1 ? 'y' : 'ies'}` : '',
    r.statusPosted ? (decision.gone ? 'news: ticket gone' : 'status') : '',
    r.closed ? 'issue closed' : '',
  ].filter(Boolean)
  if (r.trouble) return `${brought.join(', ') || 'nothing'}; then: ${cell(r.trouble)}`
  return brought.join(', ') || 'nothing new'
}

/** The words of a sync that failed: one ::error:: (or ::warning::) line, the summary, the status. */
export async function reportSyncFailure(runner: Runner, err: unknown, failOnError: boolean): Promise<number> {
  if (err instanceof InputError) {
    const summary = `### LiveDesk sync: nothing synced\n\nInvalid input; nothing was sent.\n\n${err.problems.map((p) => `- ${cell(p)}`).join('\n')}\n`
    return endFailed(runner, {
      reason: `Nothing was synced: ${err.message}`,
      title: 'LiveDesk ticket: invalid input',
      summary,
      failOnError,
    })
  }
  const reason = err instanceof SyncError ? err.message : `Unexpected error: ${message(err)}`
  return endFailed(runner, {
    reason,
    title: 'LiveDesk sync failed',
    summary: `### LiveDesk sync failed\n\n**Reason:** ${cell(reason)}\n`,
    failOnError,
  })
}
