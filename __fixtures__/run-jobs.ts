// Jobs of a run attempt as GET /repos/{o}/{r}/actions/runs/{id}/attempts/{n}/jobs lists them, built
// from the real workflow_job payloads in @octokit/webhooks-examples.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const catalogue = require('@octokit/webhooks-examples/api.github.com/index.json') as {
  name: string
  examples: { action?: string; workflow_job: Record<string, unknown> & { conclusion: string | null } }[]
}[]
const examples = catalogue.find((e) => e.name === 'workflow_job')?.examples ?? []

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jobs as the API returns them
export type ApiJob = Record<string, any>

function job(conclusion: string): ApiJob {
  const found = examples.find((e) => e.action === 'completed' && e.workflow_job.conclusion === conclusion)
  if (!found) throw new Error(`no completed workflow_job example with conclusion ${conclusion}`)
  return structuredClone(found.workflow_job)
}

/** A failed run: one finished job failed, one passed, and this step's own job has a failed step. */
export function failedRunJobs(): ApiJob[] {
  const failed = job('failure') // "linters": step "Run yarn run format-check" failed
  failed.html_url = 'https://github.com/octo-org/checkout-service/actions/runs/1658821493/job/101'
  const passed = {
    ...job('success'),
    name: 'unit tests',
    html_url: 'https://github.com/octo-org/checkout-service/actions/runs/1658821493/job/102',
  }
  const current = {
    ...job('success'),
    name: 'build (ubuntu-latest, 20)',
    status: 'in_progress',
    conclusion: null,
    html_url: 'https://github.com/octo-org/checkout-service/actions/runs/1658821493/job/103',
    steps: [
      { name: 'Set up job', status: 'completed', conclusion: 'success', number: 1 },
      { name: 'Run npm run build', status: 'completed', conclusion: 'failure', number: 2 },
      { name: 'Open a LiveDesk ticket', status: 'in_progress', conclusion: null, number: 3 },
    ],
  }
  const skipped = { ...job('success'), name: 'deploy', conclusion: 'skipped', steps: [] }
  return [passed, failed, current, skipped]
}

/** `count` passing matrix jobs: put before the failed ones, they push them onto a later page. */
export function passingJobs(count: number): ApiJob[] {
  return Array.from({ length: count }, (_, i) => ({ ...job('success'), id: 5000 + i, name: `shard ${i + 1}` }))
}
