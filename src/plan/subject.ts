// Which recipe a run is: the issue mirror (an `issues` event with no title input), a template (the
// `template` input), or a ticket from the step's inputs (a build failure, say). Each gives its input
// values as a layer under the explicit inputs, its custom fields, and its memory.
import type { GitHubApiOptions } from '../github/octokit-client.js'
import type { GitHubContext } from '../github/context.js'
import { InputError, InputProblem } from '../inputs/problems.js'
import { mergeInputValues, textValue, type InputValues } from '../inputs/read-inputs.js'
import { withPeriods } from '../recipes/periods.js'
import type { Settings } from '../inputs/settings.js'
import { issueMarkerMemory } from '../memory/issue-marker.js'
import { NO_MEMORY, type TicketMemory } from '../memory/memory.js'
import { commitRecords } from '../memory/commit-records.js'
import { recordsMemory } from '../memory/records-memory.js'
import { runRecords } from '../memory/run-records.js'
import { dedupeScope } from '../memory/scope.js'
import { issueFields, issueValues, readIssue, refreshIssue } from '../recipes/issue-mirror.js'
import type { Log } from '../runner/runner.js'

export type Subject = { kind: 'step' } | { kind: 'template'; file: string } | { kind: 'issue'; number: number }

export interface ChosenSubject {
  subject: Subject
  /**
   * The input values the settings are read from: the explicit inputs (the title's period variables
   * filled in), then the recipe's (an issue's, a template's).
   */
  values: InputValues
  /** Custom fields the recipe adds (a key the user sets still wins). */
  fields: Record<string, string>
  /** The build-failure recipe's "Failed jobs" section applies (failed_jobs: auto). */
  readsFailedJobs: boolean
  /**
   * Makes the memory of this subject's ticket, once the settings say how it is kept (dedupe) and the
   * plan what the ticket is for (`about`, in the log's words).
   */
  memoryFor(settings: Settings, about: 'failure' | 'chore'): TicketMemory
}

/**
 * A failure or a schedule remembers its ticket in signed records (dedupe), unless dedupe is off;
 * the issue mirror in its marker comment.
 */
function recordsFor(log: Log, api: GitHubApiOptions, ctx: GitHubContext, everyRun: boolean) {
  return (settings: Settings, about: 'failure' | 'chore'): TicketMemory => {
    if (settings.dedupe === 'off' && !settings.dedupeKey) return NO_MEMORY
    // A chore's ticket is recorded in runs that passed: every completed run may hold a record.
    const scope = {
      ...dedupeScope(
        ctx,
        settings.dedupe === 'branch' ? 'branch' : 'run',
        settings.dedupeKey,
        everyRun || about === 'chore',
      ),
      about,
    }
    // A reporter keeps its records on the reported commit; a step in the workflow, in its run's notices.
    const store = (scope.reporter ? commitRecords : runRecords)(api, ctx, scope, settings.apiSecret)
    return recordsMemory(log, api, ctx, scope, store, {
      // A recovery step opens nothing, and a chore comes due on its clock: open_after is not their business.
      openAfter: settings.mode === 'ticket' && about === 'failure' ? settings.openAfter : 1,
      recovery: settings.mode === 'recovery',
    })
  }
}

export async function chooseSubject(
  log: Log,
  explicit: InputValues,
  ctx: GitHubContext,
  env: NodeJS.ProcessEnv,
  api: GitHubApiOptions,
): Promise<ChosenSubject> {
  const now = new Date()
  const payloadIssue = explicit.title === undefined ? readIssue(ctx) : undefined
  const layers: InputValues[] = []
  let subject: Subject = { kind: 'step' }
  let fields: Record<string, string> = {}
  let memoryFor = recordsFor(log, api, ctx, false)
  if (payloadIssue) {
    const issue = await refreshIssue(log, api, ctx, payloadIssue)
    subject = { kind: 'issue', number: issue.number }
    layers.push(issueValues(issue))
    fields = issueFields(issue)
    const justOpened = ctx.event.action === 'opened' && Number(ctx.runAttempt || '1') <= 1
    memoryFor = () => issueMarkerMemory(log, api, ctx, { number: issue.number, justOpened })
  }
  const template = textValue(explicit.template)
  if (template !== '') {
    // Loaded only for a template: mustache stays out of every other run.
    const { loadTemplate, templateView } = await import('../recipes/template.js')
    try {
      layers.push(await loadTemplate(template, ctx.workspace, templateView(ctx, env, now)))
    } catch (err) {
      if (err instanceof InputProblem) throw new InputError([err.message])
      throw err
    }
    if (subject.kind === 'step') {
      subject = { kind: 'template', file: template }
      memoryFor = recordsFor(log, api, ctx, true)
    }
  }
  const values = mergeInputValues(withTitlePeriods(explicit, now), ...layers)
  return { subject, values, fields, readsFailedJobs: subject.kind !== 'issue', memoryFor }
}

/** The step's own title with {{ date }}, {{ week }}, {{ month }}, {{ quarter }}, {{ year }} filled in (nothing else). */
function withTitlePeriods(explicit: InputValues, now: Date): InputValues {
  const title = explicit.title
  return typeof title === 'string' && title.includes('{{') ? { ...explicit, title: withPeriods(title, now) } : explicit
}
