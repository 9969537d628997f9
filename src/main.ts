// A run: the inputs, then one of two products. A ticket (from a failure, a template or an issue):
// subject → settings → how the run ended → request → plan → the ticket written → what its memory keeps → the report,
// each stage a value kept here, so that a failure is worded from what was known. Or the scheduled
// sync, in a folder of its own (src/sync/), loaded only for it. Errors become failure reports here.
import { keepTicket, writeTicket, type WrittenTicket } from './execute/execute.js'
import { readGitHubContext } from './github/context.js'
import { githubApiOptions } from './github/octokit-client.js'
import { maskProxyCredentials, readInputValues, textValue, type InputValues } from './inputs/read-inputs.js'
import { buildSettings, readAccess, type Settings } from './inputs/settings.js'
import { deskConnection, type DeskConnection } from './livedesk/client-options.js'
import type { TicketRequest } from './livedesk/ticket.js'
import { draftRequest, planTicket, type TicketPlan } from './plan/plan.js'
import { mayAskLiveDesk, readRunEnd } from './plan/run-end.js'
import { chooseSubject } from './plan/subject.js'
import { reportFailure, reportTicket } from './report/report.js'
import { holdWarnings, type HeldWarnings } from './runner/held-warnings.js'
import { createRunner, type Runner } from './runner/runner.js'
import { message } from './text/message.js'

/**
 * Runs the action; returns the exit code (and sets it on the process through the runner). Callable
 * with no arguments, as GitHub's @github/local-action calls it; tests pass a fake runner and
 * environment. Importing this module does nothing.
 */
export async function run(runner: Runner = createRunner(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // The notice with the memory's record goes out before the run's warnings (GitHub keeps 50 annotations a job).
  const held = holdWarnings(runner)
  try {
    const explicit = readInputValues(runner)
    maskProxyCredentials(runner, env)
    if (textValue(explicit.sync) !== '') return await (await import('./sync/run.js')).runSync(held, env, explicit)
    return await runTicket(held, env, explicit)
  } catch (err) {
    // The last guard: whatever happened (a report that failed, say), one ::error:: line and no stack trace.
    held.release()
    runner.fail(`Unexpected error: ${message(err)}`, 'LiveDesk ticket action failed')
    return 1
  }
}

async function runTicket(held: HeldWarnings, env: NodeJS.ProcessEnv, explicit: InputValues): Promise<number> {
  const log = held.runner
  let settings: Settings | undefined
  let request: TicketRequest | undefined
  let plan: TicketPlan | undefined
  let ticket: WrittenTicket | undefined
  let desk: DeskConnection | undefined
  try {
    const ctx = readGitHubContext(env)
    // The credentials and timeouts come from the step's own inputs: GitHub is read with them from here on.
    const access = readAccess(explicit)
    const github = githubApiOptions(ctx.apiUrl, access.access.githubToken, access.access.timeoutMs, (line) =>
      log.debug(line),
    )
    const chosen = await chooseSubject(log, explicit, ctx, env, github)
    settings = await buildSettings(chosen.values, ctx.workspace, { access, issue: chosen.subject.kind === 'issue' })
    // The connection to LiveDesk is opened while GitHub is read.
    desk = mayAskLiveDesk(settings, ctx.reported) ? deskConnection(settings) : undefined
    const ended = await readRunEnd(log, { chosen, settings, ctx, github })
    request = await draftRequest(log, chosen, settings, ctx, ended)
    plan = await planTicket(log, { chosen, settings, ctx, request, ended, desk, github })
    ticket = await writeTicket(plan, log, desk)
    await keepTicket(plan, ticket, log)
    held.release()
    return await reportTicket(held.runner, plan, ticket)
  } catch (err) {
    held.release()
    return reportFailure(held.runner, err, { explicit, settings, request, plan, ticket })
  } finally {
    desk?.close()
  }
}
