// inputs → settings → ticket request → LiveDesk → outputs and summary. Errors become words here, once.
import { InputError, LiveDeskError } from './errors.js'
import { contextFields, readGitHubContext, type GitHubContext } from './github-context.js'
import { createTicket, endpoint, TICKETS_PATH, type ClientOptions } from './livedesk-client.js'
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
    const values = readInputValues(runner)
    maskProxyCredentials(runner, env)
    ctx = readGitHubContext(env)
    settings = await buildSettings(values, ctx.workspace)
    if (settings.descriptionTruncated) {
      runner.warning(`The description is ${settings.descriptionBytes} bytes; it was cut at 1 MiB and ends with a visible note.`, 'LiveDesk ticket')
    }
    request = buildTicketRequest(settings, contextFields(ctx))

    if (settings.dryRun) {
      const printed = printRequest(settings, request)
      runner.info(`Dry run: nothing is sent. This request would be sent to LiveDesk:\n${printed}`)
      runner.appendSummary(dryRunSummary(printed))
      runner.setOutput('status', 'dry_run')
      return 0
    }

    const { ticketId, attempts } = await createTicket(clientOptions(runner, settings), request)
    const url = ticketUrl(settings.ticketUrlTemplate, ticketId)
    runner.setOutput('ticket_id', ticketId)
    if (url) runner.setOutput('ticket_url', url)
    runner.setOutput('status', 'created')
    runner.info(`Opened LiveDesk ticket ${ticketId}${url ? ` (${url})` : ''}${attempts > 1 ? ` after ${attempts} attempts` : ''}.`)
    runner.appendSummary(createdSummary(request, ticketId, url))
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

/** The exact request, headers included, with the credentials shown as ***. */
function printRequest(settings: Settings, request: TicketRequest): string {
  return JSON.stringify(
    {
      method: 'POST',
      url: endpoint(settings.baseUrl, TICKETS_PATH).href,
      headers: { Authorization: 'Basic ***', 'Content-Type': 'application/json; charset=utf-8' },
      body: request,
    },
    null,
    2,
  )
}

/** Proxy credentials in HTTPS_PROXY/HTTP_PROXY are secrets too. */
function maskProxyCredentials(runner: Runner, env: NodeJS.ProcessEnv): void {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const value = env[name]
    if (!value) continue
    try {
      const url = new URL(value)
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
  if (err.attempts > 1) parts.push(`after ${err.attempts} attempts.`)
  if (err.outcome === 'unknown') {
    const run = ctx?.runUrl ? ` with github_run_url ${ctx.runUrl}` : ''
    parts.push(`The outcome is unknown, so it was not sent again. Before re-running, look in LiveDesk for a ticket titled "${request?.title ?? ''}"${run}.`)
  } else {
    parts.push('No ticket was created.')
  }
  return parts.join(' ')
}
