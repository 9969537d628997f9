// How a sync run ends in words: the outputs (issues checked, updated, closed) and a job summary
// table of the issues it checked. Issue titles are untrusted: they reach the summary only as cells.
import { wasUpdated, type SyncOutcome, type SyncRow } from '../execute/sync.js'
import type { Runner } from '../runner/runner.js'
import { cell } from '../text/markdown.js'
import { writeOutputs } from './outputs.js'

export async function reportSync(runner: Runner, outcome: SyncOutcome): Promise<number> {
  const { rows, dryRun } = outcome
  const updated = rows.filter(wasUpdated).length
  const closed = rows.filter((r) => r.closed).length
  const trouble = writeOutputs(runner, {
    status: dryRun ? 'dry_run' : 'synced',
    issues_checked: String(rows.length),
    issues_updated: String(updated),
    issues_closed: String(closed),
  })
  runner.info(
    `${dryRun ? 'Dry run: nothing was posted. ' : ''}Checked ${rows.length} mirrored issue${rows.length === 1 ? '' : 's'}: ${updated} ${dryRun ? 'would be ' : ''}updated, ${closed} ${dryRun ? 'would be ' : ''}closed.`,
  )
  const summaryTrouble = await runner.appendSummary(syncSummary(outcome, updated, closed))
  if (trouble)
    runner.warning(`The step's outputs could not be written to ${trouble}.`, 'LiveDesk sync: outputs not written')
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
  const { item } = r
  const issue = `${item.issue.url ? `[#${item.issue.number}](${item.issue.url})` : `#${item.issue.number}`} ${cell(item.issue.title)}`
  const ticket = cell(item.ticketId)
  const status = item.gone ? 'no longer in LiveDesk' : cell(item.status)
  const brought = [
    r.repliesPosted > 0 ? `${r.repliesPosted} repl${r.repliesPosted === 1 ? 'y' : 'ies'}` : '',
    r.statusPosted ? (item.gone ? 'news: ticket gone' : 'status') : '',
    r.closed ? 'issue closed' : '',
  ].filter(Boolean)
  const note = item.problem
    ? `not synced: ${cell(item.problem)}`
    : r.trouble
      ? `${brought.join(', ') || 'nothing'}; then: ${cell(r.trouble)}`
      : item.note
        ? cell(item.note)
        : brought.join(', ') || 'nothing new'
  return `| ${issue} | ${ticket} | ${status} | ${note} |`
}
