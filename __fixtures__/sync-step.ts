// The README's sync step (sync: issues) in one scheduled run, as the sync's test files run it: through
// runStep(), against the stand-ins, its notices kept as GitHub keeps them (RunHistory), so the next
// run finds where this one stopped.
import type { GitHubStandIn } from '../scripts/github-stand-in.mjs'
import type { RunHistory } from './run-history.js'
import { KEY, SECRET } from './stand-ins.js'
import { runStep, type RunResult } from './step.js'

export async function syncStep(
  { desk, github }: { desk: { url: string }; github: GitHubStandIn },
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
