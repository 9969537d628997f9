// inputs → settings → ticket request → LiveDesk → outputs and summary. Errors become words here, once.
import { InputError, IssueLinkError, LiveDeskError } from './errors.js'
import { contextFields, readGitHubContext, type GitHubContext } from './github-context.js'
import { createTicket, endpoint, TICKETS_PATH, updateTicket, type ClientOptions } from './livedesk-client.js'
import { addFailedJobs, findIssueTicket, githubApi, linkIssue, recipeValues } from './recipes.js'
import { issueFields } from './issue-mirror.js'
import { createRunner, type Runner } from './runner.js'
import { buildSettings, readInputValues, type InputValues, type Settings } from './settings.js'
import { createdSummary, dryRunSummary, failureSummary, summaryExcerpt, updatedSummary } from './summary.js'
import { buildTicketRequest, ticketUrl, type TicketRequest } from './ticket-request.js'

/** What a run has established so far; the failure path words its message from it. */
interface RunState {
  explicit?: InputValues
  ctx?: GitHubContext
  settings?: Settings
  request?: TicketRequest
  /** Set when this run updates the ticket an earlier run opened for an issue. */
  updating?: { ticketId: string; issue: number }
}

/**
 * Runs the action; returns the process exit code. Callable with no arguments (GitHub's
 * @github/local-action calls it so); tests pass a fake runner. Importing this module does nothing.
 */
export async function run(runner: Runner = createRunner(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const state: RunState = {}
  try {
    const explicit = (state.explicit = readInputValues(runner))
    maskProxyCredentials(runner, env)
    const ctx = (state.ctx = readGitHubContext(env))
    const { values, issue } = await recipeValues(runner, explicit, ctx, env)
    const settings = (state.settings = await buildSettings(values, ctx.workspace))
    if (settings.descriptionTruncated) {
      runner.warning(`The description is ${settings.descriptionBytes} bytes; it was cut at 1 MiB and ends with a visible note.`, 'LiveDesk ticket')
    }
    const request = (state.request = buildTicketRequest(settings, contextFields(ctx), issue ? issueFields(issue) : {}))
    const api = githubApi(runner, settings, ctx)
    if (!issue && settings.failedJobs) await addFailedJobs(runner, api, ctx, request)
    // One issue, one ticket: a marker comment from an earlier run turns this run into an update.
    const existing = issue ? await findIssueTicket(runner, api, ctx, issue) : undefined
    if (issue && existing) state.updating = { ticketId: existing, issue: issue.number }

    if (settings.dryRun) {
      const printed = printRequest(settings, request, existing)
      await runner.group('Dry run: nothing is sent. This request would be sent to LiveDesk:', async () => runner.info(printed))
      const short = summaryExcerpt(request.description ?? '')
      const cut = short !== (request.description ?? '')
      await runner.appendSummary(dryRunSummary(cut ? printRequest(settings, { ...request, description: short }, existing) : printed, cut))
      runner.setOutput('status', 'dry_run')
      return 0
    }

    if (issue && existing) {
      const { attempts } = await updateTicket(clientOptions(runner, settings), existing, issueUpdate(request))
      const url = ticketUrl(settings.ticketUrlTemplate, existing)
      runner.setOutput('ticket_id', existing)
      if (url) runner.setOutput('ticket_url', url)
      runner.setOutput('status', 'updated')
      runner.info(`Updated LiveDesk ticket ${existing}${url ? ` (${url})` : ''} from issue #${issue.number}${attempts > 1 ? ` after ${attempts} attempts` : ''}.`)
      await runner.appendSummary(updatedSummary(request.title, existing, url, issue.number))
      return 0
    }

    const { ticketId, attempts } = await createTicket(clientOptions(runner, settings), request)
    const url = ticketUrl(settings.ticketUrlTemplate, ticketId)
    runner.setOutput('ticket_id', ticketId)
    if (url) runner.setOutput('ticket_url', url)
    runner.setOutput('status', 'created')
    runner.info(`Opened LiveDesk ticket ${ticketId}${url ? ` (${url})` : ''}${attempts > 1 ? ` after ${attempts} attempts` : ''}.`)
    await runner.appendSummary(createdSummary(request, ticketId, url))
    if (issue) await linkIssue(runner, api, ctx, issue, ticketId, url)
    return 0
  } catch (err) {
    return await reportFailure(runner, err, state)
  }
}

export function clientOptions(runner: Runner, settings: Settings): ClientOptions {
  return {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiSecret: settings.apiSecret,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    log: (line) => runner.debug(line),
    onRetry: (line) => runner.info(line),
  }
}

/** What a later event of a mirrored issue changes; priority, type and team stay as the desk set them. */
function issueUpdate(request: TicketRequest): Pick<TicketRequest, 'title' | 'description' | 'custom_fields'> {
  return { title: request.title, description: request.description ?? '', custom_fields: request.custom_fields }
}

/** The exact request, headers included, with the credentials shown as ***. */
function printRequest(settings: Settings, request: TicketRequest, existing?: string): string {
  return JSON.stringify(
    {
      method: existing ? 'PUT' : 'POST',
      url: endpoint(settings.baseUrl, existing ? `${TICKETS_PATH}/${encodeURIComponent(existing)}` : TICKETS_PATH).href,
      headers: { Authorization: 'Basic ***', 'Content-Type': 'application/json; charset=utf-8' },
      body: existing ? issueUpdate(request) : request,
    },
    null,
    2,
  )
}

/** Proxy credentials in HTTPS_PROXY/HTTP_PROXY/ALL_PROXY (all read by proxy-from-env) are secrets too. */
function maskProxyCredentials(runner: Runner, env: NodeJS.ProcessEnv): void {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) {
    const value = env[name]
    if (!value) continue
    try {
      // proxy-from-env adds a missing scheme ("user:pass@proxy:3128" works), so the mask must too.
      const url = new URL(value.includes('://') ? value : `http://${value}`)
      if (url.password) {
        runner.setSecret(url.password)
        runner.setSecret(decodeURIComponent(url.password))
        runner.setSecret(`${url.username}:${url.password}`)
      }
    } catch {
      /* not a URL: the proxy library will not use it either */
    }
  }
}

/** fail_on_error as given, even when other inputs are invalid and no settings exist. */
function failsOnError(state: RunState): boolean {
  if (state.settings) return state.settings.failOnError
  return state.explicit?.fail_on_error !== false
}

async function reportFailure(runner: Runner, err: unknown, state: RunState): Promise<number> {
  runner.setOutput('status', 'failed')
  const verb = state.updating ? 'updated' : 'opened'
  let reason: string
  if (err instanceof InputError) {
    reason = `The LiveDesk ticket was not opened: ${err.message}`
    await runner.appendSummary(`### LiveDesk ticket NOT opened\n\nInvalid input; nothing was sent.\n\n${err.problems.map((p) => `- ${p.replace(/[<>|]/g, ' ')}`).join('\n')}\n`)
  } else {
    if (err instanceof LiveDeskError) reason = describeLiveDeskError(err, state)
    else if (err instanceof IssueLinkError) reason = err.message
    else reason = `Unexpected error: ${err instanceof Error ? err.message : String(err)}`
    if (state.request) {
      const { updating, settings } = state
      await runner.appendSummary(
        failureSummary({
          heading: updating ? `LiveDesk ticket ${updating.ticketId} NOT updated` : 'LiveDesk ticket NOT opened',
          lead: updating ? 'What the update would have set (title, description, custom fields):' : 'Everything needed to file it by hand:',
          reason,
          request: state.request,
          descriptionFile: settings?.descriptionFile,
          descriptionBytes: settings?.descriptionBytes ?? 0,
        }),
      )
    }
  }
  const title = err instanceof InputError ? 'LiveDesk ticket: invalid input' : `LiveDesk ticket not ${verb}`
  if (!failsOnError(state)) {
    runner.warning(`${reason} (fail_on_error is false, so the step passes.)`, title)
    return 0
  }
  runner.fail(reason, title)
  return 1
}

function describeLiveDeskError(err: LiveDeskError, state: RunState): string {
  const { updating, request, ctx } = state
  const parts = [updating ? `The LiveDesk ticket ${updating.ticketId} (issue #${updating.issue}) was not updated: ${err.message}` : `The LiveDesk ticket was not opened: ${err.message}`]
  if (err.statusLine) parts.push(`(${err.statusLine})`)
  parts.push(...err.notes, err.attempts > 1 ? `Tried ${err.attempts} times.` : 'Tried once.')
  if (updating) {
    if (err.outcome === 'unknown') parts.push('The update may or may not have been applied; re-running the job repeats it safely.')
    else if (err.status === 404) parts.push(`If the ticket was deleted in LiveDesk, delete the livedesk-ticket-action comment on issue #${updating.issue}: the next event for the issue then opens a new ticket.`)
    else parts.push('The ticket was not changed.')
  } else if (err.outcome === 'unknown') {
    const run = ctx?.runUrl ? ` with github_run_url ${ctx.runUrl}` : ''
    parts.push(`The outcome is unknown, so it was not sent again. Before re-running, look in LiveDesk for a ticket titled "${request?.title ?? ''}"${run}.`)
  } else {
    parts.push('No ticket was created.')
  }
  return parts.join(' ')
}
