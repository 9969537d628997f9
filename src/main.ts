// inputs → settings → ticket request → LiveDesk → outputs and summary. Errors become words here, once.
import { InputError, LiveDeskError } from './errors.js'
import { contextFields, readGitHubContext, type GitHubContext } from './github-context.js'
import { createTicket, endpoint, TICKETS_PATH, updateTicket, type ClientOptions } from './livedesk-client.js'
import { addFailedJobs, findIssueTicket, githubApi, linkIssue, recipeValues } from './recipes.js'
import { issueFields } from './issue-mirror.js'
import type { Runner } from './runner.js'
import { buildSettings, readInputValues, type Settings } from './settings.js'
import { createdSummary, dryRunSummary, failureSummary } from './summary.js'
import { buildTicketRequest, ticketUrl, type TicketRequest } from './ticket-request.js'

/** Runs the action; returns the process exit code. */
export async function run(runner: Runner, env: NodeJS.ProcessEnv): Promise<number> {
  let settings: Settings | undefined
  let request: TicketRequest | undefined
  let ctx: GitHubContext | undefined
  try {
    const explicit = readInputValues(runner)
    maskProxyCredentials(runner, env)
    ctx = readGitHubContext(env)
    const { values, issue } = await recipeValues(runner, explicit, ctx, env)
    settings = await buildSettings(values, ctx.workspace)
    if (settings.descriptionTruncated) {
      runner.warning(`The description is ${settings.descriptionBytes} bytes; it was cut at 1 MiB and ends with a visible note.`, 'LiveDesk ticket')
    }
    request = buildTicketRequest(settings, contextFields(ctx), issue ? issueFields(issue) : {})
    const api = githubApi(runner, settings, ctx)
    if (!issue && settings.failedJobs) await addFailedJobs(runner, api, ctx, request)
    // One issue, one ticket: a marker comment from an earlier run turns this run into an update.
    const existing = issue ? await findIssueTicket(runner, api, ctx, issue) : undefined

    if (settings.dryRun) {
      const printed = printRequest(settings, request, existing)
      runner.info(`Dry run: nothing is sent. This request would be sent to LiveDesk:\n${printed}`)
      runner.appendSummary(dryRunSummary(printed))
      runner.setOutput('status', 'dry_run')
      return 0
    }

    if (existing) {
      const { attempts } = await updateTicket(clientOptions(runner, settings), existing, issueUpdate(request))
      const url = ticketUrl(settings.ticketUrlTemplate, existing)
      runner.setOutput('ticket_id', existing)
      if (url) runner.setOutput('ticket_url', url)
      runner.setOutput('status', 'updated')
      runner.info(`Updated LiveDesk ticket ${existing}${url ? ` (${url})` : ''} from issue #${issue?.number}${attempts > 1 ? ` after ${attempts} attempts` : ''}.`)
      runner.appendSummary(createdSummary(request, existing, url, 'updated'))
      return 0
    }

    const { ticketId, attempts } = await createTicket(clientOptions(runner, settings), request)
    const url = ticketUrl(settings.ticketUrlTemplate, ticketId)
    runner.setOutput('ticket_id', ticketId)
    if (url) runner.setOutput('ticket_url', url)
    runner.setOutput('status', 'created')
    runner.info(`Opened LiveDesk ticket ${ticketId}${url ? ` (${url})` : ''}${attempts > 1 ? ` after ${attempts} attempts` : ''}.`)
    runner.appendSummary(createdSummary(request, ticketId, url))
    if (issue) await linkIssue(runner, api, ctx, issue, ticketId, url)
    return 0
  } catch (err) {
    return reportFailure(runner, err, settings, request, ctx)
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

function reportFailure(
  runner: Runner,
  err: unknown,
  settings: Settings | undefined,
  request: TicketRequest | undefined,
  ctx: GitHubContext | undefined,
): number {
  runner.setOutput('status', 'failed')
  if (err instanceof InputError) {
    // A broken configuration always fails the step, whatever fail_on_error says: it would
    // otherwise stop every future ticket without anyone noticing.
    runner.error(`The LiveDesk ticket was not opened: ${err.message}`, 'LiveDesk ticket: invalid input')
    runner.appendSummary(`### LiveDesk ticket NOT opened\n\nInvalid input; nothing was sent.\n\n${err.problems.map((p) => `- ${p.replace(/[<>|]/g, ' ')}`).join('\n')}\n`)
    return 1
  }
  const reason = err instanceof LiveDeskError ? describeLiveDeskError(err, request, ctx) : `Unexpected error: ${err instanceof Error ? err.message : String(err)}`
  if (request) {
    runner.appendSummary(failureSummary({ reason, request, descriptionFile: settings?.descriptionFile, descriptionBytes: settings?.descriptionBytes ?? 0 }))
  }
  if (settings && !settings.failOnError) {
    runner.warning(`${reason} (fail_on_error is false, so the step passes.)`, 'LiveDesk ticket not opened')
    return 0
  }
  runner.error(reason, 'LiveDesk ticket not opened')
  return 1
}

function describeLiveDeskError(err: LiveDeskError, request: TicketRequest | undefined, ctx: GitHubContext | undefined): string {
  const parts = [`The LiveDesk ticket was not opened: ${err.message}`]
  if (err.statusLine) parts.push(`(${err.statusLine})`)
  parts.push(...err.notes, err.attempts > 1 ? `Tried ${err.attempts} times.` : 'Tried once.')
  if (err.outcome === 'unknown') {
    const run = ctx?.runUrl ? ` with github_run_url ${ctx.runUrl}` : ''
    parts.push(`The outcome is unknown, so it was not sent again. Before re-running, look in LiveDesk for a ticket titled "${request?.title ?? ''}"${run}.`)
  } else {
    parts.push('No ticket was created.')
  }
  return parts.join(' ')
}
