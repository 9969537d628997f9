// settings → the LiveDesk client's options: the plan reads through them, the executor writes.
import type { Settings } from '../inputs/settings.js'
import type { ClientOptions } from '../livedesk/client.js'
import type { Log } from '../runner/runner.js'

export function clientOptions(log: Log, settings: Settings): ClientOptions {
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
