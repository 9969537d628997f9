// What the run's settings say of LiveDesk → the client's options: every LiveDesk call of a run, the
// plan's reads, the ticket's write and the sync's reads, is made with them; and the connection a
// ticket run opens to LiveDesk ahead of its first request.
import { preconnect, type Preconnection } from '../http/preconnect.js'
import { CONNECT_TIMEOUT_MS, endpoint, type ClientOptions } from './call.js'
import { TICKETS_PATH } from './client.js'

/** A connection to LiveDesk opened ahead of the run's first request (deskConnection). */
export type DeskConnection = Preconnection

/** The part of the run's settings LiveDesk's client needs (the inputs' Settings has it). */
export interface DeskSettings {
  baseUrl: URL
  apiKey: string
  apiSecret: string
  timeoutMs: number
  maxRetries: number
}

export function clientOptions(
  log: { debug(line: string): void; info(line: string): void },
  settings: DeskSettings,
  connection?: DeskConnection,
): ClientOptions {
  return {
    ...(connection ? { connection } : {}),
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiSecret: settings.apiSecret,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    log: (line) => log.debug(line),
    onRetry: (line) => log.info(line),
  }
}

/**
 * Starts opening the connection to LiveDesk (TCP, TLS, through the runner's proxy), so that its
 * round trips pass while the run reads GitHub; the run's first LiveDesk request takes it. Within the
 * connect timeout and timeout_seconds, as any request's connection.
 */
export function deskConnection(settings: Pick<DeskSettings, 'baseUrl' | 'timeoutMs'>): DeskConnection {
  return preconnect(endpoint(settings.baseUrl, TICKETS_PATH), {
    connectTimeoutMs: Math.min(CONNECT_TIMEOUT_MS, settings.timeoutMs),
  })
}
