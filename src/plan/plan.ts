// plan/ owns what a run will do, decided from the inputs and what GitHub says; it must write nothing anywhere.
// What a run will do, decided before any side effect: the subject (a ticket from the step's inputs,
// a template, issue #N), the ticket that subject already has (found through its memory), and the
// action (create, or update that ticket). GitHub is read here; nothing is written anywhere.
import { githubApiOptions } from '../github/client.js'
import { contextFields, readGitHubContext, type GitHubContext } from '../github/context.js'
import { maskProxyCredentials, mergeInputValues, readInputValues, type InputValues } from '../inputs/read-inputs.js'
import { buildSettings, type Settings } from '../inputs/settings.js'
import { InputError } from '../inputs/problems.js'
import type { TicketRequest } from '../livedesk/ticket.js'
import type { TicketMemory } from '../memory/memory.js'
import { readFailedJobs } from '../recipes/build-failure.js'
import type { Runner } from '../runner/runner.js'
import { decideAction, type Action } from './decide.js'
import { chooseSubject, type Subject } from './subject.js'
import type { SyncPlan } from './sync.js'
import { buildTicketRequest, withSection } from './ticket-request.js'

export type { Action, SyncPlan }

/** A run opens or updates one ticket (a ticket plan), or brings tickets' news back to issues (sync). */
export type Plan = TicketPlan | SyncPlan

export interface TicketPlan {
  kind: 'ticket'
  subject: Subject
  ctx: GitHubContext
  settings: Settings
  request: TicketRequest
  action: Action
  /** Where the subject's ticket is kept: the executor records a new ticket there. */
  memory: TicketMemory
}

/** What the run has established so far, step by step: the words of a failure come from it. */
export interface RunRecord {
  explicit?: InputValues
  ctx?: GitHubContext
  subject?: Subject
  settings?: Settings
  request?: TicketRequest
  action?: Action
  /** The ticket the subject already has, while the plan reads it from LiveDesk. */
  reading?: string
  /** A sync run (sync: issues): its failures are the sync's, with no ticket to file by hand. */
  sync?: boolean
  /** Set by the executor the moment LiveDesk confirms the ticket: from then on the run never says "failed". */
  ticket?: { id: string; url?: string; verb: 'opened' | 'updated' | 'recovered' }
}

export async function makePlan(runner: Runner, env: NodeJS.ProcessEnv, record: RunRecord): Promise<Plan> {
  const explicit = (record.explicit = readInputValues(runner))
  maskProxyCredentials(runner, env)
  const ctx = (record.ctx = readGitHubContext(env))
  const chosen = await chooseSubject(runner, explicit, ctx, env)
  const subject = (record.subject = chosen.subject)
  const settings = (record.settings = await buildSettings(mergeInputValues(explicit, ...chosen.layers), ctx.workspace))
  if (settings.sync) {
    record.sync = true
    // Loaded only by a sync: a ticket run never carries its code.
    const { planSync } = await import('./sync.js')
    return planSync(runner, settings, ctx, env)
  }
  if (settings.descriptionTruncated) {
    runner.warning(
      `The description is ${settings.descriptionBytes} bytes; it was cut at 1 MiB and ends with a visible note.`,
      'LiveDesk ticket',
    )
  }
  if (settings.mode === 'recovery' && subject.kind === 'issue') {
    throw new InputError([
      'mode: recovery is for a step that runs when a build succeeds; the issue mirror keeps its ticket up to date itself.',
    ])
  }
  const api = githubApiOptions(ctx.apiUrl, settings.githubToken, settings.timeoutMs, (line) => runner.debug(line))
  let request = (record.request = buildTicketRequest(settings, contextFields(ctx), chosen.fields))
  if (chosen.readsFailedJobs && settings.failedJobs && settings.mode === 'ticket') {
    const failed = await readFailedJobs(runner, api, ctx, settings.logLines)
    if (failed) {
      const added = withSection(request, failed.section, { github_failed_jobs: failed.field })
      if (added.cut)
        runner.warning(
          'The description and the failed-jobs section exceed 1 MiB together: the description was cut so that the section fits, and ends with a visible note.',
          'LiveDesk ticket',
        )
      request = record.request = added.request
      runner.info(`Listed ${failed.count} failed job${failed.count === 1 ? '' : 's'} in the ticket.`)
    }
  }
  const memory = chosen.memory(api, settings)
  const existing = await memory.recall()
  const decision = await decideAction({
    log: runner,
    settings,
    ctx,
    subject,
    request,
    existing,
    reading: (ticketId) => (record.reading = ticketId),
  })
  record.reading = undefined
  record.request = decision.request
  record.action = decision.action
  return { kind: 'ticket', subject, ctx, settings, request: decision.request, action: decision.action, memory }
}
