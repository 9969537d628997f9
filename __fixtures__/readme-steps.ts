// The README's steps as the tests run them against the stand-ins: the options for runStep() (or
// runAction(), the bundle) of the failure step on a push, the issue mirror, and one scheduled run of
// the sync. A test adds the inputs and the environment its situation is about.
import type { RunHistory } from './run-history.js'
import type { RunOptions, RunResult } from './run-action.mjs'
import { deskInputs, KEY, SECRET, type StandIns } from './stand-ins.js'
import { runStep } from './step.js'
import { webhookPayload } from './webhooks.js'

/**
 * The failure step (`if: failure()`) on a push, titled "Build failed on main": its run's jobs are read
 * from `github`. `inputs` and `options` on top (options.env added to GITHUB_API_URL).
 */
export function failureStep(
  { desk, github }: StandIns,
  inputs: Record<string, string> = {},
  options: Omit<RunOptions, 'inputs'> = {},
): RunOptions {
  return {
    event: { name: 'push', payload: webhookPayload('push') },
    githubToken: github.token,
    ...options,
    inputs: deskInputs(desk, { title: 'Build failed on main', ...inputs }),
    env: { GITHUB_API_URL: github.url, ...options.env },
  }
}

/**
 * The issue mirror on an `issues` event (`action`, or a payload) of Codertocat/Hello-World, the
 * repository of the webhook examples. `inputs` and `env` on top.
 */
export function mirrorStep(
  { desk, github }: StandIns,
  event: 'opened' | 'edited' | Record<string, unknown>,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): RunOptions {
  return {
    inputs: deskInputs(desk, inputs),
    env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'Codertocat/Hello-World', ...env },
    githubToken: github.token,
    event: { name: 'issues', payload: typeof event === 'string' ? webhookPayload('issues', event) : event },
  }
}

/**
 * The recovery step (`if: success()`: mode recovery, dedupe branch) in the run `at`: it needs no title
 * and no requester.
 */
export function recoveryStep({ desk, github }: StandIns, at: { env: Record<string, string> }): RunOptions {
  return {
    inputs: { api_key: KEY, api_secret: SECRET, base_url: desk.url, mode: 'recovery', dedupe: 'branch' },
    env: at.env,
    githubToken: github.token,
  }
}

/**
 * The sync step (sync: issues) in one scheduled run: through runStep(), its notices kept as GitHub
 * keeps them (RunHistory), so the next run finds where this one stopped.
 */
export async function syncStep(
  { desk, github }: StandIns,
  history: RunHistory,
  { inputs = {}, env = {} }: { inputs?: Record<string, string>; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const at = history.begin(history.nextRunId(), 1, 'main', false)
  const result = await runStep({
    inputs: { api_key: KEY, api_secret: SECRET, base_url: desk.url, sync: 'issues', ...inputs },
    env: { ...at.env, GITHUB_EVENT_NAME: 'schedule', ...env },
    event: { name: 'schedule', payload: { schedule: '17 * * * *' } },
    githubToken: github.token,
  })
  history.end(at, result, false)
  return result
}
