// Smoke test of recurring failures and their recovery as the runner runs them: examples/nightly-build.yml
// (dedupe: branch, and mode: recovery on a green night), dist/index.js on Node 20 and 24. End to end:
// failing nights update one ticket, found through the signed records of earlier runs; the first green
// night notes the recovery on it. The behaviour is __tests__/recipes/dedupe.int.test.ts.
import { describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/run-action.mjs'
import { runtimes } from '../../scripts/ensure-node24.mjs'
import { exampleRun } from '../../__fixtures__/examples.js'
import { RunHistory, type Attempt } from '../../__fixtures__/run-history.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { schedulePayload } from '../../__fixtures__/webhooks.js'

const desk = useLiveDesk()
const github = useGitHub()

describe.each(runtimes())('recurring failures and recovery, the bundle on %s', (_label, node) => {
  const night = (at: Attempt, index: number) =>
    runAction({
      ...exampleRun(
        'nightly-build.yml',
        { desk, github },
        { event: { name: 'schedule', payload: schedulePayload() }, env: at.env },
        index,
      ),
      node,
    })

  it('failing nights: the first waits (open_after: 2), the second opens one ticket, the third updates it; the first green night notes the recovery on it', async () => {
    const history = new RunHistory(github)
    const statuses: string[] = []
    for (const runId of [8001, 8002, 8003]) {
      const at = history.begin(runId, 1, 'main')
      const result = await night(at, 0)
      history.end(at, result)
      expect(result.code).toBe(0)
      statuses.push(result.outputs.status)
    }
    expect(statuses).toEqual(['waiting', 'created', 'updated'])

    const recovered = await night(history.begin(8004, 1, 'main', false), 1)
    expect(recovered.code).toBe(0)
    expect(recovered.outputs.status).toBe('recovered')
    expect(desk.creates()).toHaveLength(1)
    const puts = desk.requests.filter((r) => r.method === 'PUT')
    expect(puts).toHaveLength(2)
    expect(puts[1].body.description).toContain('**Recovered**')
  })
})
