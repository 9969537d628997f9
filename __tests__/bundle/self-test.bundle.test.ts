// The self-test jobs of .github/workflows/ci.yml, as far as they run here: the stand-in they start,
// the action's step as written (`uses: ./`, the bundle), and the check they run on its outputs and on
// what the stand-in received. Only the runner itself is GitHub's.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT, runAction } from '../../__fixtures__/run-action.mjs'
import { checkSelfTest } from '../../scripts/self-test.mjs'
import { startLiveDeskStandIn, type RecordedRequest } from '../../__fixtures__/livedesk-stand-in.mjs'

interface Step {
  id?: string
  uses?: string
  run?: string
  with?: Record<string, string>
  env?: Record<string, string>
}
const ci = parse(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>
}
const jobs = Object.entries(ci.jobs).filter(([name]) => name.startsWith('self-test-'))

describe('the self-test jobs of ci.yml', () => {
  it('there is one per recipe that can run on GitHub', () => {
    expect(jobs.map(([name]) => name)).toEqual(['self-test-build-failure', 'self-test-template', 'self-test-dry-run'])
  })

  it.each(jobs)('%s: the stand-in, the step as written, and the check', async (_name, job) => {
    const [start, action, check] = [
      job.steps.find((s) => s.run?.includes('self-test.mjs start')),
      job.steps.find((s) => s.uses === './'),
      job.steps.find((s) => s.run?.includes('self-test.mjs check')),
    ]
    expect(start && action && check).toBeTruthy()
    const recorded: RecordedRequest[] = []
    const desk = await startLiveDeskStandIn({
      apiKey: 'self-test-key',
      apiSecret: 'self-test-secret',
      onRequest: (r) => recorded.push(r),
    })
    try {
      const inputs = Object.fromEntries(
        Object.entries(action?.with ?? {}).map(([k, v]) => [k, String(v).replace('http://127.0.0.1:18080', desk.url)]),
      )
      // The checkout the template job reads examples/weekly-patching.md from.
      const result = await runAction({
        inputs,
        workspace: ROOT,
        env: { GITHUB_WORKSPACE: ROOT, RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'self-test-')) },
      })
      const env = Object.fromEntries(
        Object.entries(check?.env ?? {}).map(([k, v]) => [
          k,
          String(v).replace(
            /\$\{\{\s*steps\.ticket\.outputs\.(\w+)\s*\}\}/,
            (_m, name: string) => result.outputs[name] ?? '',
          ),
        ]),
      )
      expect(checkSelfTest(env, recorded)).toEqual([])
      // And the check fails when it should: a second ticket is one too many.
      if (env.RECIPE !== 'dry-run')
        expect(checkSelfTest(env, [...recorded, ...recorded])).toContain('2 tickets were opened, not 1')
    } finally {
      await desk.close()
    }
  })
})
