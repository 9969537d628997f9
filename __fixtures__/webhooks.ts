// Real webhook payloads from @octokit/webhooks-examples, as the runner writes them to GITHUB_EVENT_PATH.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const catalogue = require('@octokit/webhooks-examples/api.github.com/index.json') as {
  name: string
  examples: Record<string, unknown>[]
}[]

/** The first example payload of an event (and action, when given). */
export function webhookPayload(name: string, action?: string): Record<string, unknown> {
  const entry = catalogue.find((e) => e.name === name)
  const example = entry?.examples.find((e) => action === undefined || e.action === action)
  if (!example) throw new Error(`no webhook example for ${name}${action ? `.${action}` : ''}`)
  return structuredClone(example)
}

/** GitHub sends no webhook for schedules; the runner's event file for one looks like this. */
export function schedulePayload(): Record<string, unknown> {
  return { schedule: '0 9 * * 1', workflow: '.github/workflows/weekly-patching.yml' }
}
