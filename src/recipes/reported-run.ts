// The run a `workflow_run` reporter reports on, as a section of its ticket: which run failed (linked),
// on which branch and commit, its title, and the reporter's own run. A run from a fork's pull request
// carries the fork author's words (branch, title, even the workflow's name): they are shown as text,
// never as Markdown, a mention or a link.
import type { GitHubContext } from '../github/context.js'
import { codeText, markdownText, quiet } from '../text/markdown.js'
import { oneLine } from '../text/server-text.js'

const TITLE_CHARS = 300

/**
 * The section, or undefined when the ticket is about this run itself. `timedOut`: the jobs that ran
 * out of time ("build after 30m0s"), when that is how the run failed (GitHub ends it cancelled).
 */
export function reportedRunSection(ctx: GitHubContext, timedOut: string[] = []): string | undefined {
  const run = ctx.reported
  if (!run.triggering) return undefined
  const name = run.workflow ? `${quiet(markdownText(oneLine(run.workflow, 200)))}, ` : ''
  const label = `${name}run ${run.runId}, attempt ${run.runAttempt}`
  const where = [
    run.branch ? `on branch \`${codeText(oneLine(run.branch, 200))}\`` : '',
    run.sha ? `commit \`${codeText(run.sha.slice(0, 12))}\`` : '',
    run.triggering.fromFork ? `from the fork \`${codeText(oneLine(run.triggering.headRepository, 200))}\`` : '',
  ].filter(Boolean)
  const lines = [
    '### The run this ticket is about',
    '',
    `- ${run.runUrl ? `[${label}](${run.runUrl})` : label} ${ending(run.triggering.conclusion, timedOut)}${where.length > 0 ? `, ${where.join(', ')}` : ''}`,
  ]
  if (run.triggering.title) lines.push(`- Title: ${quiet(markdownText(oneLine(run.triggering.title, TITLE_CHARS)))}`)
  if (ctx.runUrl)
    lines.push(
      `- Reported by [${markdownText(oneLine(ctx.workflow || 'the reporter', 200))}, run ${ctx.runId}](${ctx.runUrl})`,
    )
  return lines.join('\n')
}

/** "ended failure", or "ran out of time (build after 30m0s; GitHub ends such a run cancelled)". */
function ending(conclusion: string, timedOut: string[]): string {
  if (timedOut.length > 0)
    return `ran out of time (${markdownText(timedOut.join(', '))}, past timeout-minutes; GitHub ends such a run cancelled)`
  return `ended ${markdownText(conclusion || 'without a conclusion')}`
}
