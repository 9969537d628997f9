// Smoke test of the build-failure recipe as the runner runs it: examples/build-failure.yml's step,
// dist/index.js on Node 20 and 24 (action.yml's runs.using), against the stand-ins. End to end: the
// run's jobs and a failed job's log read through an HTTP proxy (Octokit's and zod's chunks, and
// https-proxy-agent's), one ticket, and a re-run of the failed jobs that finds it through the signed
// record and updates it. The recipe's behaviour is __tests__/recipes/build-failure.int.test.ts.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { runAction } from '../../__fixtures__/run-action.mjs'
import { runtimes } from '../../scripts/ensure-node24.mjs'
import { exampleRun } from '../../__fixtures__/examples.js'
import { startConnectProxy } from '../../__fixtures__/fault-servers.js'
import { RunHistory } from '../../__fixtures__/run-history.js'
import { useGitHub, useLiveDesk } from '../../__fixtures__/stand-ins.js'
import { webhookPayload } from '../../__fixtures__/webhooks.js'

const desk = useLiveDesk()
const github = useGitHub()

describe.each(runtimes())('build failure, the bundle on %s', (_label, node) => {
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>
  beforeEach(async () => {
    proxy = await startConnectProxy()
  })
  afterEach(() => proxy.close())

  it('a failed run opens one ticket listing the failed job and its log lines; a re-run updates that ticket', async () => {
    const history = new RunHistory(github)
    const step = (at: ReturnType<RunHistory['begin']>) =>
      runAction({
        ...exampleRun(
          'build-failure.yml',
          { desk, github },
          {
            event: { name: 'push', payload: webhookPayload('push') },
            // GitHub through the proxy; LiveDesk (the same host, another port) directly.
            env: { ...at.env, HTTP_PROXY: proxy.url, NO_PROXY: `127.0.0.1:${new URL(desk.url).port}` },
          },
        ),
        node,
      })
    const first = history.begin(5001, 1)
    const opened = await step(first)
    history.end(first, opened)
    expect(opened.code).toBe(0)
    expect(opened.outputs.status).toBe('created')
    expect(proxy.connects.length).toBeGreaterThan(0)
    const created = desk.creates()
    expect(created).toHaveLength(1)
    expect(created[0].body.description).toMatch(
      /^### Failed jobs\n\n- \[build\]\(.*\) — failed steps: `Run npm test`\n\n {2}```text\n {2}Run npm test\n {2}npm test failed\n {2}Error: Process completed with exit code 1\.\n {2}```\n$/,
    )
    expect(created[0].body.custom_fields.github_failed_jobs).toBe('build: Run npm test')
    expect(opened.summary).toContain('### LiveDesk ticket opened')

    const again = await step(history.begin(5001, 2))
    expect(again.code).toBe(0)
    expect(again.outputs).toMatchObject({ status: 'updated', ticket_id: opened.outputs.ticket_id })
    expect(desk.creates()).toHaveLength(1)
    expect(desk.requests.filter((r) => r.method === 'PUT')).toHaveLength(1)
    expect(again.visibleLog).toContain(`This failure already has LiveDesk ticket ${opened.outputs.ticket_id}`)
  })

  it('invalid input: one ::error:: line, the process exits with 1, nothing sent', async () => {
    const options = exampleRun('build-failure.yml', { desk, github })
    const result = await runAction({ ...options, inputs: { ...options.inputs, priority: 'urgent' }, node })
    expect(result.code).toBe(1)
    expect(result.visibleLog.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
      expect.stringContaining('priority: "urgent" is not allowed'),
    ])
    expect(result.outputs).toEqual({ status: 'failed' })
    expect(desk.requests).toHaveLength(0)
  })
})
