// What the run's settings say of LiveDesk → the client's options: every LiveDesk call of a run, the
// plan's reads, the ticket's write and the sync's reads, is made with them.
import type { ClientOptions } from './client.js'

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
): ClientOptions {
  return {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    apiSecret: settings.apiSecret,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    log: (line) => log.debug(line),
    onRetry: (line) => log.info(line),
  }
}
